package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.bootstrap.DatabaseConfig;
import ai.devdox.models.bootstrap.DevdoxDatabase;
import ai.devdox.models.bootstrap.SchemaAction;
import ai.devdox.models.entity.Repo;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The library's own bootstrap helper on Boot 3.5's classpath (Hibernate 6.6, HikariCP 6 where the
 * JAR was compiled against Hibernate 7 and HikariCP 7), next to Spring's persistence unit: for a
 * background worker that wants its own small pool.
 */
class BootstrapHelperTest extends ExampleTestBase {

  @Autowired DevdoxStore store;

  @Test
  void startsValidatesAndReadsWhatSpringWrote() {
    ExampleDatabase database = ExampleDatabase.shared();
    Repo repo = store.save(Samples.repo(Samples.unique("user")));
    try (DevdoxDatabase devdox =
        DevdoxDatabase.start(
            DatabaseConfig.builder()
                .jdbcUrl(database.jdbcUrl)
                .user(database.user)
                .password(database.password)
                .poolMax(2)
                .schemaAction(SchemaAction.VALIDATE)
                .build())) {
      String hikari =
          HikariDataSource.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      System.out.println("Spring Boot 3 example: DevdoxDatabase on " + hikari);
      assertThat(hikari).contains("/HikariCP-6.");
      Repo loaded = devdox.inTransaction(em -> em.find(Repo.class, repo.getId()));
      assertThat(loaded.getLanguage()).containsExactly("Python", "Java");
      assertThat(loaded.getRepoAliasName()).isEqualTo(repo.getRepoAliasName());
    }
  }
}
