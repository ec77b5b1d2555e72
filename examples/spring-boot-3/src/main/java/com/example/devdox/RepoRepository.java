package com.example.devdox;

import ai.devdox.models.entity.Repo;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** A Spring Data JPA repository over the library's {@link Repo} entity: the Python access paths. */
public interface RepoRepository extends JpaRepository<Repo, UUID> {

  /** A user's repos, newest first, one page at a time. */
  List<Repo> findByUserIdOrderByCreatedAtDesc(String userId, Pageable page);

  /** A user's repo by its alias. */
  Optional<Repo> findByUserIdAndRepoAliasName(String userId, String repoAliasName);

  /** A user's repo by the provider's repository id. */
  Optional<Repo> findByUserIdAndRepoId(String userId, String repoId);
}
