package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The normal forms that make PostgreSQL's printed SQL comparable with the contract's. */
class SqlTextTest {

  @Test
  void typesInPostgresqlsLongAndShortWordsCompareEqual() {
    assertThat(SqlText.shortType("character varying(255)")).isEqualTo("varchar(255)");
    assertThat(SqlText.shortType("VARCHAR(255)")).isEqualTo("varchar(255)");
    assertThat(SqlText.shortType("timestamp with time zone")).isEqualTo("timestamptz");
    assertThat(SqlText.shortType("timestamp(6) with time zone")).isEqualTo("timestamptz");
    assertThat(SqlText.shortType("timestamp(3) with time zone")).isEqualTo("timestamptz(3)");
    assertThat(SqlText.shortType("TIMESTAMPTZ")).isEqualTo("timestamptz");
    assertThat(SqlText.shortType("timestamp without time zone")).isEqualTo("timestamp");
    assertThat(SqlText.shortType("INT")).isEqualTo("integer");
    assertThat(SqlText.shortType("BOOL")).isEqualTo("boolean");
    assertThat(SqlText.shortType("jsonb")).isEqualTo("jsonb");
  }

  @Test
  void defaultsLoseTheirCastsButNotTheirLiterals() {
    assertThat(SqlText.withoutCasts("'free'::character varying")).isEqualTo("'free'");
    assertThat(SqlText.withoutCasts("''::character varying")).isEqualTo("''");
    assertThat(SqlText.withoutCasts("'it''s::text'::text")).isEqualTo("'it''s::text'");
    assertThat(SqlText.comparableDefault("'Free'::character varying"))
        .isNotEqualTo(SqlText.comparableDefault("'free'"));
    assertThat(SqlText.comparableDefault("now()")).isEqualTo("current_timestamp");
    assertThat(SqlText.comparableDefault("CURRENT_TIMESTAMP")).isEqualTo("current_timestamp");
    assertThat(SqlText.comparableDefault("True")).isEqualTo(SqlText.comparableDefault("true"));
    assertThat(SqlText.comparableDefault("'{}'::jsonb")).isEqualTo("'{}'");
  }

  @Test
  void theDeparsedPartialIndexPredicateEqualsTheContractsSql() {
    String contract = "status IN ('pending', 'in_progress')";
    String varcharColumn =
        "((status)::text = ANY ((ARRAY['pending'::character varying,"
            + " 'in_progress'::character varying])::text[]))";
    String textColumn = "(status = ANY (ARRAY['pending'::text, 'in_progress'::text]))";

    assertThat(SqlText.comparablePredicate(contract))
        .isEqualTo("status in 'pending','in_progress'")
        .isEqualTo(SqlText.comparablePredicate(varcharColumn))
        .isEqualTo(SqlText.comparablePredicate(textColumn));
    assertThat(SqlText.comparablePredicate("((status)::text = 'pending'::text)"))
        .isNotEqualTo(SqlText.comparablePredicate(contract));
    assertThat(SqlText.comparablePredicate("status IN ('PENDING', 'in_progress')"))
        .isNotEqualTo(SqlText.comparablePredicate(contract));
    assertThat(SqlText.comparablePredicate("status NOT IN ('pending', 'in_progress')"))
        .isNotEqualTo(SqlText.comparablePredicate(contract));
  }
}
