package ai.devdox.models.bench;

import java.util.SplittableRandom;
import java.util.UUID;

/** The two kinds of UUID W1 compares: random (version 4) and time-ordered (version 7). */
enum IdKind {
  V4,
  V7;

  /** The kind of id the library's entities get when they are made. */
  static IdKind libraryDefault() {
    int version = new ai.devdox.models.entity.CodeChunk().getId().version();
    return version == 7 ? V7 : V4;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A version 4 UUID from {@code random} (seeded, so the data set repeats). */
  static UUID v4(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  /**
   * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, the version, 12 random bits, the
   * variant and 62 random bits.
   */
  static UUID v7(long unixMillis, SplittableRandom random) {
    long high = (unixMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
