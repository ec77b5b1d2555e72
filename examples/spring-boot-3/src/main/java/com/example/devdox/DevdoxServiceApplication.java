package com.example.devdox;

import ai.devdox.models.entity.DevdoxEntities;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;

/**
 * A Spring Boot 3.5 service on the shared DevDox database.
 *
 * <p>{@code @EntityScan} replaces Spring Boot's default entity package (this class's) instead of
 * adding to it, so it lists both: the service's own package and the library's
 * ({@link DevdoxEntities#PACKAGE}). Spring Data repositories need nothing: they live in this
 * package, which Boot scans by default.
 */
@SpringBootApplication
@EntityScan(basePackages = {"com.example.devdox", DevdoxEntities.PACKAGE})
public class DevdoxServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DevdoxServiceApplication.class, args);
  }
}
