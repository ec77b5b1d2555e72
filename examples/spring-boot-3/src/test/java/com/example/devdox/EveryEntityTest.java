package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Version;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every library entity through Spring's EntityManager, on Spring Boot 3.5's Hibernate 6.6. */
class EveryEntityTest extends ExampleTestBase {

  @Autowired DevdoxStore store;
  @Autowired EntityManagerFactory entityManagerFactory;

  @Test
  void runsTheLibraryOnHibernate66WithJackson2ForJson() {
    Object jsonMapper =
        entityManagerFactory
            .unwrap(SessionFactoryImplementor.class)
            .getSessionFactoryOptions()
            .getJsonFormatMapper();
    System.out.println(
        "Spring Boot 3 example: Hibernate " + Version.getVersionString() + ", JSON format mapper "
            + jsonMapper.getClass().getName());
    // The library JAR is compiled against Hibernate 7; this is Boot 3.5's Hibernate 6.6.
    assertThat(Version.getVersionString()).startsWith("6.6.");
    assertThat(jsonMapper.getClass().getName())
        .isEqualTo("org.hibernate.type.format.jackson.JacksonJsonFormatMapper");
  }

  @Test
  void persistenceUnitHoldsTheLibraryEntitiesAndTheServicesOwn() {
    Set<Class<?>> managed =
        entityManagerFactory.getMetamodel().getEntities().stream()
            .map(EntityType::getJavaType)
            .collect(Collectors.toSet());
    Set<Class<?>> expected = new HashSet<>(DevdoxEntities.ALL);
    expected.add(WorkNote.class);
    assertThat(managed).isEqualTo(expected);
  }

  @Test
  void noPersistenceXmlOnTheClasspath() throws IOException {
    List<URL> found =
        Collections.list(getClass().getClassLoader().getResources("META-INF/persistence.xml"));
    assertThat(found).isEmpty();
  }

  @Test
  void persistsAndReadsEveryEntity() {
    String userId = Samples.unique("user");
    User user = store.save(Samples.user(userId));
    ApiKey apiKey = store.save(Samples.apiKey(userId));
    GitLabel label = store.save(Samples.gitLabel(userId));
    Repo repo = Samples.repo(userId);
    repo.setTokenId(label.getId().toString());
    store.save(repo);
    CodeChunk chunk = store.save(Samples.codeChunk(userId, repo.getId().toString(), 768));
    QueueProcessingRegistry attempt =
        store.save(Samples.attempt(Samples.unique("msg"), "worker-1", null));
    WorkNote note = store.save(new WorkNote(repo.getId().toString(), "indexed"));

    for (Object saved : List.of(user, apiKey, label, repo, chunk, attempt)) {
      UUID id = (UUID) entityManagerFactory.getPersistenceUnitUtil().getIdentifier(saved);
      Object loaded = store.find(saved.getClass(), id).orElseThrow();
      assertThat(loaded).isNotSameAs(saved);
      assertThat(loaded).usingRecursiveComparison().isEqualTo(saved);
    }
    assertThat(store.find(WorkNote.class, note.getId()).orElseThrow().getNote()).isEqualTo("indexed");
    // Following the text-form links both ways.
    assertThat(store.find(GitLabel.class, UUID.fromString(repo.getTokenId()))).contains(label);
    assertThat(store.chunksOf(repo.getId())).containsExactly(chunk);
  }

  @Test
  void anUpdateThroughSpringMovesUpdatedAt() throws InterruptedException {
    User user = store.save(Samples.user(Samples.unique("user")));
    Instant before = user.getUpdatedAt();
    Thread.sleep(5);
    store.update(User.class, user.getId(), u -> u.setTokenUsed(u.getTokenUsed() + 5));
    User reloaded = store.find(User.class, user.getId()).orElseThrow();
    assertThat(reloaded.getTokenUsed()).isEqualTo(17);
    assertThat(reloaded.getCreatedAt()).isEqualTo(user.getCreatedAt());
    assertThat(reloaded.getUpdatedAt()).isAfter(before);
  }
}
