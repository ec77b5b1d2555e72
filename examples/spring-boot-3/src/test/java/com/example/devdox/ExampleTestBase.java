package com.example.devdox;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for all test classes, on a fresh database whose schema the library made
 * before the context starts (so the start-up schema check passes).
 */
@SpringBootTest
abstract class ExampleTestBase {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ExampleDatabase database = ExampleDatabase.shared();
    registry.add("spring.datasource.url", () -> database.jdbcUrl);
    registry.add("spring.datasource.username", () -> database.user);
    registry.add("spring.datasource.password", () -> database.password);
  }
}
