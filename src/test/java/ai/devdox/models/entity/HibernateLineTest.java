package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The suite runs on the Hibernate line the build asked for (7.x by default, 6.6 by profile). */
class HibernateLineTest {

  @Test
  void runsOnTheExpectedHibernate() {
    String running = org.hibernate.Version.getVersionString();
    String persistenceApi = jakarta.persistence.Entity.class.getProtectionDomain().getCodeSource()
        .getLocation().toString();
    System.out.println("Hibernate " + running + ", Jakarta Persistence API " + persistenceApi);

    String expected = System.getProperty("devdox.expected.hibernate");
    if (expected == null) {
      assertThat(running).startsWith("7.");
      assertThat(persistenceApi).contains("jakarta.persistence-api-3.2");
    } else {
      assertThat(running).isEqualTo(expected);
      assertThat(persistenceApi).contains("jakarta.persistence-api-3.1");
    }
  }
}
