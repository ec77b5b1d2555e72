package com.example.devdox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.Repo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/** A Spring Data JPA repository over the library's Repo entity. */
class RepoRepositoryTest extends ExampleTestBase {

  @Autowired RepoRepository repos;

  @Test
  void listsAUsersReposNewestFirstOnePageAtATime() {
    String userId = Samples.unique("user");
    Repo oldest = repo(userId, "2024-01-01T00:00:00Z");
    Repo middle = repo(userId, "2024-02-01T00:00:00Z");
    Repo newest = repo(userId, "2024-03-01T00:00:00Z");
    repos.saveAll(List.of(middle, oldest, newest));
    repos.save(Samples.repo(Samples.unique("someone-else")));

    assertThat(repos.findByUserIdOrderByCreatedAtDesc(userId, PageRequest.of(0, 2)))
        .containsExactly(newest, middle);
    assertThat(repos.findByUserIdOrderByCreatedAtDesc(userId, PageRequest.of(1, 2)))
        .containsExactly(oldest);
  }

  @Test
  void findsByAliasAndByProviderIdAndDeletes() {
    String userId = Samples.unique("user");
    Repo repo = repos.save(Samples.repo(userId));

    assertThat(repos.findByUserIdAndRepoAliasName(userId, repo.getRepoAliasName()))
        .get()
        .extracting(Repo::getHtmlUrl, Repo::getLanguage)
        .containsExactly(repo.getHtmlUrl(), List.of("Python", "Java"));
    assertThat(repos.findByUserIdAndRepoId(userId, repo.getRepoId())).contains(repo);
    assertThat(repos.findByUserIdAndRepoAliasName("nobody", repo.getRepoAliasName())).isEmpty();

    repos.deleteById(repo.getId());
    assertThat(repos.findById(repo.getId())).isEmpty();
  }

  private static Repo repo(String userId, String createdAt) {
    Repo repo = Samples.repo(userId);
    repo.setCreatedAt(Instant.parse(createdAt));
    return repo;
  }
}
