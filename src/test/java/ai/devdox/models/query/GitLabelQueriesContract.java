package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.Repo;
import ai.devdox.models.testsupport.Connectivity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Written once, run directly ({@link GitLabelQueriesDirectTest}) and through PgBouncer in
 * transaction mode ({@link GitLabelQueriesPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GitLabelQueriesContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  /** alice's labels, oldest first: github, gitlab alternating; labels "Work 0", "Home 1", ... */
  private final List<GitLabel> alice = new ArrayList<>();

  @BeforeAll
  void start() {
    db = QueryDb.start("git_label_queries", connectivity());
    db.txDo(em -> {
          for (int i = 0; i < 7; i++) {
            GitLabel label = Rows.label("alice", i % 2 == 0 ? "github" : "gitlab",
                    (i % 3 == 0 ? "Work " : "Home ") + i, i);
            alice.add(label);
            em.persist(label);
          }
          GitLabel odd = Rows.label("alice", "github", "100%_sure", 10);
          alice.add(odd);
          em.persist(odd);
          em.persist(Rows.label("bob", "github", "Work bob", 20));
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private Page<GitLabel> page(Function<GitLabelQueries, Page<GitLabel>> query) {
    return db.tx((EntityManager em) -> query.apply(new GitLabelQueries(em)));
  }

  private long count(ToLongFunction<GitLabelQueries> query) {
    return db.tx((EntityManager em) -> query.applyAsLong(new GitLabelQueries(em)));
  }

  private Optional<GitLabel> label(Function<GitLabelQueries, Optional<GitLabel>> query) {
    return db.tx((EntityManager em) -> query.apply(new GitLabelQueries(em)));
  }

  private boolean check(Predicate<GitLabelQueries> query) {
    return db.tx((EntityManager em) -> query.test(new GitLabelQueries(em)));
  }

  @Test
  void listsAndCountsAUsersLabels() {
    QueryDb.Recorded<Page<GitLabel>> all =
        db.recorded(em -> new GitLabelQueries(em).listByUser("alice", 0, 5)).print("listByUser");
    assertThat(all.count()).isEqualTo(2);
    assertThat(all.result().total()).isEqualTo(8);
    assertThat(all.result().items())
        .containsExactly(alice.get(7), alice.get(6), alice.get(5), alice.get(4), alice.get(3));
    Page<GitLabel> last = page(q -> q.listByUser("alice", 1, 5));
    assertThat(last.items()).containsExactly(alice.get(2), alice.get(1), alice.get(0));
    Page<GitLabel> past = page(q -> q.listByUser("alice", 9, 5));
    assertThat(past.items()).isEmpty();
    assertThat(past.total()).isEqualTo(8);
    assertThat(count(q -> q.countByUser("alice"))).isEqualTo(8L);
    assertThat(count(q -> q.countByUser("zoe"))).isZero();
    assertThat(page(q -> q.listByUser("zoe", 0, 5)).items()).isEmpty();
  }

  @Test
  void filtersByHosting() {
    Page<GitLabel> gitlab = page(q -> q.listByUserAndHosting("alice", "gitlab", 0, 10));
    assertThat(gitlab.items()).containsExactly(alice.get(5), alice.get(3), alice.get(1));
    assertThat(gitlab.total()).isEqualTo(3);
    assertThat(count(q -> q.countByUserAndHosting("alice", "github"))).isEqualTo(5L);
    assertThat(count(q -> q.countByUserAndHosting("alice", "bitbucket"))).isZero();
    Page<GitLabel> secondGithub = page(q -> q.listByUserAndHosting("alice", "github", 1, 3));
    assertThat(secondGithub.items()).containsExactly(alice.get(2), alice.get(0));
  }

  @Test
  void filtersByLabelTextIgnoringCase() {
    Page<GitLabel> work = page(q -> q.listByUserAndLabel("alice", "WORK", 0, 10));
    assertThat(work.items()).containsExactly(alice.get(6), alice.get(3), alice.get(0));
    assertThat(work.total()).isEqualTo(3);
    assertThat(count(q -> q.countByUserAndLabel("alice", "ome"))).isEqualTo(4L);
    assertThat(page(q -> q.listByUserAndLabel("alice", "%",
        0, 10)).items()).containsExactly(alice.get(7));
    assertThat(count(q -> q.countByUserAndLabel("alice", "_"))).isEqualTo(1L);
    assertThat(count(q -> q.countByUserAndLabel("alice", "bob"))).isZero();
  }

  @Test
  void findsAndDeletesByIdAndUser() {
    GitLabel target = alice.get(4);
    QueryDb.Recorded<Optional<GitLabel>> found =
        db.recorded(em -> new GitLabelQueries(em).findByIdAndUser(target.getId(), "alice"))
            .print("findByIdAndUser");
    assertThat(found.result()).get().isEqualTo(target);
    assertThat(found.count()).isEqualTo(1);
    assertThat(label(q -> q.findByIdAndUser(target.getId(), "bob"))).isEmpty();
    assertThat(label(q -> q.findByIdAndUser(UUID.randomUUID(), "alice"))).isEmpty();

    GitLabel doomed = Rows.label("carol", "gitlab", "temp", 30);
    Repo usesIt = Rows.repo("carol", "gh-c", 31);
    usesIt.setTokenId(doomed.getId().toString());
    db.txDo(em -> {
      em.persist(doomed);
      em.persist(usesIt);
    });
    assertThat(check(q -> q.deleteByIdAndUser(doomed.getId(), "mallory"))).isFalse();
    QueryDb.Recorded<Boolean> delete =
        db.recorded(em -> new GitLabelQueries(em).deleteByIdAndUser(doomed.getId(), "carol"))
            .print("deleteByIdAndUser");
    assertThat(delete.result()).isTrue();
    assertThat(delete.count()).isEqualTo(1);
    assertThat(db.tx((EntityManager em) -> em.find(GitLabel.class, doomed.getId()))).isNull();
    assertThat(check(q -> q.deleteByIdAndUser(doomed.getId(), "carol"))).isFalse();
    // No foreign key: the repo keeps its token_id, and the link now leads nowhere.
    Repo orphan = db.tx((EntityManager em) -> em.find(Repo.class, usesIt.getId()));
    assertThat(orphan.getTokenId()).isEqualTo(doomed.getId().toString());
    assertThat(label(q -> q.labelOf(orphan))).isEmpty();
  }

  @Test
  void badArgumentsFailBeforeAnyQuery() {
    assertRejected(db, "userId", em -> new GitLabelQueries(em).listByUser(null, 0, 5));
    assertRejected(db, "size", em -> new GitLabelQueries(em).listByUser("alice", 0, 0));
    assertRejected(db, "page", em -> new GitLabelQueries(em).listByUser("alice", -1, 5));
    assertRejected(db, "userId", em -> new GitLabelQueries(em).countByUser(""));
    assertRejected(db, "gitHosting",
        em -> new GitLabelQueries(em).listByUserAndHosting("alice", " ", 0, 5));
    assertRejected(db, "userId",
        em -> new GitLabelQueries(em).listByUserAndHosting(null, "github", 0, 5));
    assertRejected(db, "gitHosting",
        em -> new GitLabelQueries(em).countByUserAndHosting("alice", null));
    assertRejected(db, "label", em -> new GitLabelQueries(em).listByUserAndLabel("alice", "", 0,
        5));
    assertRejected(db, "label", em -> new GitLabelQueries(em).countByUserAndLabel("alice", null));
    assertRejected(db, "userId", em -> new GitLabelQueries(em).countByUserAndLabel(" ", "w"));
    assertRejected(db, "id", em -> new GitLabelQueries(em).findByIdAndUser(null, "alice"));
    assertRejected(db, "userId",
        em -> new GitLabelQueries(em).findByIdAndUser(UUID.randomUUID(), "\n"));
    assertRejected(db, "id", em -> new GitLabelQueries(em).deleteByIdAndUser(null, "alice"));
    assertRejected(db, "userId",
        em -> new GitLabelQueries(em).deleteByIdAndUser(UUID.randomUUID(), null));
    assertRejected(db, "repo", em -> new GitLabelQueries(em).labelOf(null));
    assertRejected(db, "entityManager", em -> new GitLabelQueries(null));
  }
}
