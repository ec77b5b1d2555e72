package ai.devdox.models.query;

import static ai.devdox.models.query.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import ai.devdox.models.entity.ApiKey;
import ai.devdox.models.keys.ApiKeys;
import ai.devdox.models.testsupport.Connectivity;
import jakarta.persistence.EntityManager;
import java.time.Instant;
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
 * Written once, run directly ({@link ApiKeyQueriesDirectTest}) and through PgBouncer in
 * transaction mode ({@link ApiKeyQueriesPoolerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiKeyQueriesContract {

  /** Which way the library reaches the database. */
  abstract Connectivity connectivity();

  private QueryDb db;
  /** alice's keys, oldest first; keys 2 and 5 are inactive. */
  private final List<ApiKey> alice = new ArrayList<>();
  private String alicePlainKey;
  private ApiKey bobKey;

  @BeforeAll
  void start() {
    db = QueryDb.start("api_key_queries", connectivity());
    db.txDo(em -> {
          for (int i = 0; i < 8; i++) {
            ApiKey key = Rows.apiKey("alice", i != 2 && i != 5, i);
            alice.add(key);
            em.persist(key);
          }
          ApiKeys.Issued issued = ApiKeys.issue("alice");
          alicePlainKey = issued.plainKey();
          issued.entity().setCreatedAt(Rows.at(20));
          alice.add(issued.entity());
          em.persist(issued.entity());
          bobKey = Rows.apiKey("bob", true, 30);
          em.persist(bobKey);
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private boolean check(Predicate<ApiKeyQueries> query) {
    return db.tx((EntityManager em) -> query.test(new ApiKeyQueries(em)));
  }

  private Optional<ApiKey> key(Function<ApiKeyQueries, Optional<ApiKey>> query) {
    return db.tx((EntityManager em) -> query.apply(new ApiKeyQueries(em)));
  }

  private long count(ToLongFunction<ApiKeyQueries> query) {
    return db.tx((EntityManager em) -> query.applyAsLong(new ApiKeyQueries(em)));
  }

  private Page<ApiKey> page(Function<ApiKeyQueries, Page<ApiKey>> query) {
    return db.tx((EntityManager em) -> query.apply(new ApiKeyQueries(em)));
  }

  private ApiKey load(UUID id) {
    return db.tx((EntityManager em) -> em.find(ApiKey.class, id));
  }

  @Test
  void looksUpByHash() {
    ApiKey active = alice.get(4);
    ApiKey inactive = alice.get(2);
    QueryDb.Recorded<Boolean> exists =
        db.recorded(em -> new ApiKeyQueries(em).existsByHash(active.getApiKey()))
            .print("existsByHash");
    assertThat(exists.result()).isTrue();
    assertThat(exists.count()).isEqualTo(1);
    assertThat(check(q -> q.existsByHash(inactive.getApiKey())))
        .as("an inactive key's hash still exists").isTrue();
    assertThat(check(q -> q.existsByHash(ApiKeys.hash("dvd_nope")))).isFalse();

    assertThat(key(q -> q.findActiveByHash(active.getApiKey()))).get().isEqualTo(active);
    assertThat(key(q -> q.findActiveByHash(inactive.getApiKey()))).isEmpty();
    assertThat(key(q -> q.findActiveByHash(ApiKeys.hash("x")))).isEmpty();
    assertThat(key(q -> q.findActiveByPlainKey(alicePlainKey)))
        .get().extracting(ApiKey::getUserId).isEqualTo("alice");
  }

  @Test
  void listsAUsersActiveKeysNewestFirst() {
    QueryDb.Recorded<Page<ApiKey>> first =
        db.recorded(em -> new ApiKeyQueries(em).listActiveByUser("alice", 0, 4))
            .print("listActiveByUser");
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.result().total()).isEqualTo(7);
    assertThat(first.result().items())
        .containsExactly(alice.get(8), alice.get(7), alice.get(6), alice.get(4));
    Page<ApiKey> last = page(q -> q.listActiveByUser("alice", 1, 4));
    assertThat(last.items()).containsExactly(alice.get(3), alice.get(1), alice.get(0));
    assertThat(last.hasNext()).isFalse();
    Page<ApiKey> past = page(q -> q.listActiveByUser("alice", 2, 4));
    assertThat(past.items()).isEmpty();
    assertThat(past.total()).isEqualTo(7);
    assertThat(page(q -> q.listActiveByUser("zoe", 0, 4)).total()).isZero();
    assertThat(count(q -> q.countActiveByUser("alice"))).isEqualTo(7L);
    assertThat(count(q -> q.countActiveByUser("bob"))).isEqualTo(1L);
  }

  @Test
  void deactivatesOnlyTheOwnersActiveKeyAndMovesUpdatedAt() {
    ApiKey key = Rows.apiKey("carol", true, 40);
    db.txDo(em -> em.persist(key));
    Instant before = load(key.getId()).getUpdatedAt();

    assertThat(check(q -> q.deactivate("mallory", key.getId())))
        .as("another user cannot deactivate it").isFalse();
    QueryDb.Recorded<Boolean> deactivate =
        db.recorded(em -> new ApiKeyQueries(em).deactivate("carol", key.getId()))
            .print("deactivate");
    assertThat(deactivate.result()).isTrue();
    assertThat(deactivate.count()).isEqualTo(1);
    ApiKey after = load(key.getId());
    assertThat(after.isActive()).isFalse();
    assertThat(after.getUpdatedAt()).isAfter(before);
    assertThat(check(q -> q.deactivate("carol", key.getId()))).as("already inactive").isFalse();
    assertThat(check(q -> q.deactivate("carol", UUID.randomUUID()))).isFalse();
    assertThat(count(q -> q.countActiveByUser("carol"))).isZero();
  }

  @Test
  void touchesLastUsedAt() {
    ApiKey key = Rows.apiKey("dave", true, 50);
    db.txDo(em -> em.persist(key));
    ApiKey before = load(key.getId());
    assertThat(before.getLastUsedAt()).isNull();

    QueryDb.Recorded<Boolean> touch =
        db.recorded(em -> new ApiKeyQueries(em).touchLastUsed(key.getId())).print("touchLastUsed");
    assertThat(touch.result()).isTrue();
    assertThat(touch.count()).isEqualTo(1);
    ApiKey after = load(key.getId());
    assertThat(after.getLastUsedAt()).isNotNull().isAfterOrEqualTo(before.getUpdatedAt());
    assertThat(after.getUpdatedAt()).isAfter(before.getUpdatedAt());

    Instant usedAt = Instant.parse("2025-04-01T12:00:00.000001Z");
    assertThat(check(q -> q.touchLastUsed(key.getId(), usedAt))).isTrue();
    assertThat(load(key.getId()).getLastUsedAt()).isEqualTo(usedAt);
    assertThat(check(q -> q.touchLastUsed(UUID.randomUUID()))).isFalse();
  }

  @Test
  void badArgumentsFailBeforeAnyQueryAndNeverShowTheHash() {
    assertRejected(db, "hash", em -> new ApiKeyQueries(em).existsByHash(null));
    assertRejected(db, "hash", em -> new ApiKeyQueries(em).existsByHash(" "));
    assertRejected(db, "hash", em -> new ApiKeyQueries(em).findActiveByHash(""));
    assertRejected(db, "plainKey", em -> new ApiKeyQueries(em).findActiveByPlainKey(null));
    assertRejected(db, "userId", em -> new ApiKeyQueries(em).listActiveByUser(null, 0, 5));
    assertRejected(db, "page", em -> new ApiKeyQueries(em).listActiveByUser("alice", -2, 5));
    assertRejected(db, "size", em -> new ApiKeyQueries(em).listActiveByUser("alice", 0, -1));
    assertRejected(db, "userId", em -> new ApiKeyQueries(em).countActiveByUser(" "));
    assertRejected(db, "userId", em -> new ApiKeyQueries(em).deactivate("", UUID.randomUUID()));
    assertRejected(db, "id", em -> new ApiKeyQueries(em).deactivate("alice", null));
    assertRejected(db, "id", em -> new ApiKeyQueries(em).touchLastUsed(null));
    assertRejected(db, "usedAt",
        em -> new ApiKeyQueries(em).touchLastUsed(UUID.randomUUID(), null));
    assertRejected(db, "entityManager", em -> new ApiKeyQueries(null));
  }
}
