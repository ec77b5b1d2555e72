package ai.devdox.models.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The model the entities give, and the mappings it refuses rather than misread. */
class EntitySchemaReaderTest {

  @Test
  void theModelHasTheSixTablesWithTheContractsColumnCountsAndTheCustomIndex() {
    SchemaModel model = SchemaModel.DEVDOX;

    assertThat(model.tables())
        .extracting(SchemaModel.Table::name)
        .containsExactly(
            "user", "api_key", "git_label", "repo", "code_chunks", "queue_processing_registry");
    assertThat(model.tables())
        .extracting(t -> t.columns().size())
        .containsExactly(14, 8, 9, 29, 11, 9);
    SchemaModel.Table queue = model.table("queue_processing_registry").orElseThrow();
    assertThat(queue.indexes())
        .extracting(SchemaModel.Index::name, SchemaModel.Index::unique,
            SchemaModel.Index::predicate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("idx_queue_proce_message_10f9ee", false, null),
            org.assertj.core.groups.Tuple.tuple(
                CustomIndexes.QUEUE_ACTIVE_MESSAGE_INDEX, true,
                CustomIndexes.QUEUE_ACTIVE_MESSAGE_PREDICATE));
    assertThat(model.table("user").orElseThrow().column("active").orElseThrow())
        .isEqualTo(new SchemaModel.Column("active", "boolean", false, "true"));
  }

  @Entity
  @Table(name = "lobs")
  static class WithLob {
    @Id
    @Column(name = "id")
    UUID id;

    @Lob
    @Column(name = "body")
    String body;
  }

  @Entity
  @Table(name = "unnamed", uniqueConstraints = @UniqueConstraint(columnNames = "code"))
  static class WithUnnamedUnique {
    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "code")
    String code;
  }

  @Entity
  @Table(name = "money")
  static class WithUnmappedType {
    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "amount")
    BigDecimal amount;
  }

  @Entity
  @Table(name = "implicit")
  static class WithImplicitColumn {
    @Id
    @Column(name = "id")
    UUID id;

    String note;
  }

  @Test
  void mappingsTheReaderDoesNotKnowStopItWithTheFieldNamed() {
    assertThatThrownBy(() -> EntitySchemaReader.read(List.of(WithLob.class), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WithLob.body uses @Lob, which the schema model does not map; teach"
            + " EntitySchemaReader about it");
    assertThatThrownBy(() -> EntitySchemaReader.read(List.of(WithUnnamedUnique.class), List.of()))
        .hasMessageContaining("has a unique constraint without a name");
    assertThatThrownBy(() -> EntitySchemaReader.read(List.of(WithUnmappedType.class), List.of()))
        .hasMessage("WithUnmappedType.amount is a java.math.BigDecimal, which has no column type"
            + " in the schema model; give it a columnDefinition");
    assertThatThrownBy(() -> EntitySchemaReader.read(List.of(WithImplicitColumn.class), List.of()))
        .hasMessage("WithImplicitColumn.note has no @Column name; the schema model needs every"
            + " column named");
  }

  @Test
  void customIndexSqlThatIsNotOneCreateIndexIsRefused() {
    assertThatThrownBy(
            () -> EntitySchemaReader.read(List.of(), List.of("ALTER TABLE x ADD COLUMN y int")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("custom index SQL is not one CREATE [UNIQUE] INDEX");
  }
}
