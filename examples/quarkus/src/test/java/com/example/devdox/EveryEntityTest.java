package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.DevdoxEntities;
import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.QueueProcessingRegistry;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.entity.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import java.io.IOException;
import java.io.InputStream;
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
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

/** Every library entity through Quarkus's EntityManager. */
@QuarkusTest
@WithTestResource(ExampleDatabaseResource.class)
class EveryEntityTest {

  @Inject DevdoxStore store;
  @Inject EntityManagerFactory entityManagerFactory;

  @Test
  void runsTheLibraryOnQuarkusHibernate7() {
    Object jsonMapper =
        entityManagerFactory
            .unwrap(SessionFactoryImplementor.class)
            .getSessionFactoryOptions()
            .getJsonFormatMapper();
    System.out.println(
        "Quarkus example: Hibernate " + Version.getVersionString() + ", JSON format mapper "
            + jsonMapper.getClass().getName());
    assertThat(Version.getVersionString()).startsWith("7.");
    assertThat(jsonMapper.getClass().getName()).contains("Jackson");
  }

  @Test
  void persistenceUnitHoldsTheLibraryEntitiesFromTheJarsIndexAndTheServicesOwn() {
    Set<Class<?>> managed =
        entityManagerFactory.getMetamodel().getEntities().stream()
            .map(EntityType::getJavaType)
            .collect(Collectors.toSet());
    Set<Class<?>> expected = new HashSet<>(DevdoxEntities.ALL);
    expected.add(WorkNote.class);
    assertThat(managed).isEqualTo(expected);
  }

  @Test
  void theLibraryJarCarriesAJandexIndexOfItsEntitiesAndNoPersistenceXml() throws IOException {
    // Some index on the classpath lists all six entities: the one inside the library JAR.
    boolean found = false;
    for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/jandex.idx"))) {
      Index index;
      try (InputStream in = url.openStream()) {
        index = new IndexReader(in).read();
      }
      found |= DevdoxEntities.ALL.stream().allMatch(entity -> index.getClassByName(entity) != null);
    }
    assertThat(found).as("a META-INF/jandex.idx listing " + DevdoxEntities.ALL).isTrue();
    assertThat(Collections.list(getClass().getClassLoader().getResources("META-INF/persistence.xml")))
        .isEmpty();
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
      // Every mapped field; Quarkus's build-time enhancement adds $$_hibernate_ fields of its own.
      assertThat(loaded)
          .usingRecursiveComparison()
          .ignoringFieldsMatchingRegexes(".*\\$\\$_hibernate_.*")
          .isEqualTo(saved);
    }
    assertThat(store.find(WorkNote.class, note.getId()).orElseThrow().getNote()).isEqualTo("indexed");
    assertThat(store.find(GitLabel.class, UUID.fromString(repo.getTokenId()))).contains(label);
    assertThat(store.chunksOf(repo.getId())).containsExactly(chunk);
  }

  @Test
  void anUpdateThroughQuarkusMovesUpdatedAt() throws InterruptedException {
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
