package ai.devdox.models.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.devdox.models.entity.ApiKey;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Known answers computed with the Python services' own code (hashlib.sha256(...).hexdigest() and
 * the portal's mask_token) on the same inputs.
 */
class ApiKeysTest {

  @Test
  void hashIsLowercaseHexSha256OfUtf8LikePython() {
    assertThat(ApiKeys.hash("dvd_AbCdEfGh0123456789IjKlMnOpQr"))
        .isEqualTo("7037165f099a780044fd83347078eca290e740a08dba9a6f9e0a8413d9e5a31d");
    assertThat(ApiKeys.hash("ghp_1234567890abcdefXYZ"))
        .isEqualTo("d9d7a85b47b46d3970789232a2df907a0e4c72d43bc66d5281458898c26b0810");
    // Non-ASCII characters are hashed as their UTF-8 bytes, as str.encode("utf-8") does.
    assertThat(ApiKeys.hash("héllo wörld ✓"))
        .isEqualTo("c2a59c71097b678dc5af2eb1f98ddc575b63948b0fa6740071a945673aaada4d");
  }

  @Test
  void hashRejectsNullAndBlankWithoutEchoingAnything() {
    assertThatThrownBy(() -> ApiKeys.hash(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plainKey must not be null");
    assertThatThrownBy(() -> ApiKeys.hash("   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plainKey must not be blank");
  }

  @Test
  void maskFollowsThePythonRule() {
    assertThat(ApiKeys.mask("")).isEqualTo("");
    assertThat(ApiKeys.mask("   ")).isEqualTo("");
    assertThat(ApiKeys.mask("abc")).isEqualTo("***");
    assertThat(ApiKeys.mask(" a ")).isEqualTo("***");
    assertThat(ApiKeys.mask("12345678")).isEqualTo("********");
    assertThat(ApiKeys.mask("123456789")).isEqualTo("1234*6789");
    assertThat(ApiKeys.mask("dvd_AbCdEfGh0123456789IjKlMnOpQr"))
        .isEqualTo("dvd_************************OpQr");
    // Python counts code points: an emoji is one character, not two.
    assertThat(ApiKeys.mask("ab😀cdefgh😀z")).isEqualTo("ab😀c***gh😀z");
    assertThatThrownBy(() -> ApiKeys.mask(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret must not be null");
  }

  @Test
  void generatedKeysAreDvdPrefixedThirtyTwoLettersAndDigits() {
    Set<String> keys = new HashSet<>();
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String key = ApiKeys.generate();
      assertThat(key).hasSize(32).startsWith("dvd_").matches("dvd_[A-Za-z0-9]{28}");
      keys.add(key);
      for (char c : key.substring(4).toCharArray()) {
        seen.add(c);
      }
    }
    assertThat(keys).as("2000 keys, no repeats").hasSize(2_000);
    // 56,000 draws from 62 characters: every one of them shows up.
    assertThat(seen).hasSize(ApiKeys.ALPHABET.length());
  }

  @Test
  void issueBuildsAnActiveRowWithHashAndMaskAndHidesThePlainKey() {
    ApiKeys.Issued issued = ApiKeys.issue("user_2abc");
    ApiKey entity = issued.entity();
    assertThat(entity.getUserId()).isEqualTo("user_2abc");
    assertThat(entity.isActive()).isTrue();
    assertThat(entity.getApiKey()).isEqualTo(ApiKeys.hash(issued.plainKey())).hasSize(64);
    assertThat(entity.getMaskedApiKey())
        .isEqualTo(ApiKeys.mask(issued.plainKey()))
        .startsWith("dvd_")
        .endsWith(issued.plainKey().substring(28));
    assertThat(issued.toString())
        .doesNotContain(issued.plainKey())
        .doesNotContain(entity.getApiKey())
        .contains(entity.getMaskedApiKey());
    assertThatThrownBy(() -> ApiKeys.issue(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userId");
  }
}
