package com.example.devdox;

import ai.devdox.models.entity.CodeChunk;
import ai.devdox.models.entity.Repo;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service's data access through Spring's transaction-bound {@link EntityManager}: the
 * library's entities are ordinary entities of the service's persistence unit.
 */
@Service
public class DevdoxStore {

  @PersistenceContext private EntityManager entityManager;

  /** Inserts {@code entity} (any entity of the persistence unit) in a transaction. */
  @Transactional
  public <T> T save(T entity) {
    entityManager.persist(entity);
    return entity;
  }

  /** Loads the entity of {@code type} with {@code id}, in a read-only transaction. */
  @Transactional(readOnly = true)
  public <T> Optional<T> find(Class<T> type, UUID id) {
    return Optional.ofNullable(entityManager.find(type, id));
  }

  /** Loads the entity of {@code type} with {@code id}, applies {@code change} and commits it. */
  @Transactional
  public <T> T update(Class<T> type, UUID id, Consumer<T> change) {
    T entity = entityManager.find(type, id);
    if (entity == null) {
      throw new IllegalArgumentException("no " + type.getSimpleName() + " with id " + id);
    }
    change.accept(entity);
    return entity;
  }

  /**
   * Stores a repository and the chunks of one commit in one transaction: each chunk's
   * {@code repo_id} becomes the text form of the repo's id, and {@code total_chunks} their count.
   */
  @Transactional
  public Repo importRepo(Repo repo, List<CodeChunk> chunks) {
    repo.setTotalChunks(chunks.size());
    entityManager.persist(repo);
    for (CodeChunk chunk : chunks) {
      chunk.setUserId(repo.getUserId());
      chunk.setRepoId(repo.getId().toString());
      entityManager.persist(chunk);
    }
    return repo;
  }

  /** A repository's chunks, by file name. */
  @Transactional(readOnly = true)
  public List<CodeChunk> chunksOf(UUID repoId) {
    return entityManager
        .createQuery(
            "select c from CodeChunk c where c.repoId = :repoId order by c.fileName",
            CodeChunk.class)
        .setParameter("repoId", repoId.toString())
        .getResultList();
  }
}
