package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids entities get: version 7 UUIDs (RFC 9562), time-ordered, unique. */
class IdsTest {

  @Test
  void idsAreVersion7WithTheVariantOfRfc9562AndTheCurrentMillisecond() {
    long before = System.currentTimeMillis();
    UUID id = new CodeChunk().getId();
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    long millis = id.getMostSignificantBits() >>> 16;
    assertThat(millis).isBetween(before, after);
    // The text form is an ordinary uuid: PostgreSQL and Python's uuid.UUID read it as any other.
    assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void theLayoutPutsTheTimeFirstAndKeepsTheRandomBitsApart() {
    UUID id = Ids.version7(0x0190_1234_5678L, -1L, -1L);
    assertThat(id.toString()).isEqualTo("01901234-5678-7fff-bfff-ffffffffffff");
    assertThat(Ids.version7(0x0190_1234_5678L, 0L, 0L).toString())
        .isEqualTo("01901234-5678-7000-8000-000000000000");
  }

  @Test
  void idsMadeInLaterMillisecondsSortLaterAndNoIdRepeats() throws InterruptedException {
    UUID first = Ids.newId();
    Thread.sleep(3);
    UUID second = Ids.newId();
    // PostgreSQL orders uuids by their bytes, as unsigned numbers: compare the same way.
    assertThat(Long.compareUnsigned(first.getMostSignificantBits(),
        second.getMostSignificantBits())).isNegative();

    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      assertThat(seen.add(Ids.newId())).isTrue();
    }
  }
}
