package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Bean Validation constraints mirror every column limit: {@code @Size(max = N)} on each
 * {@code varchar(N)} column, {@code @NotNull} on each required column a caller fills in. The
 * columns the entities fill in themselves (id, created_at, updated_at) are exempt.
 */
class ValidationMirrorsColumnsTest {

  private static final Set<String> SET_BY_THE_ENTITY = Set.of("id", "created_at", "updated_at");

  @Test
  void everyVarcharHasItsSizeAndEveryRequiredColumnIsNotNull() {
    List<String> missing = new ArrayList<>();
    int varchars = 0;
    int required = 0;
    for (Class<?> entity : DevdoxEntities.ALL) {
      for (Field field : entity.getDeclaredFields()) {
        Column column = field.getAnnotation(Column.class);
        if (column == null) {
          continue;
        }
        String name = entity.getSimpleName() + "." + field.getName();
        if (field.getType() == String.class && column.columnDefinition().isEmpty()) {
          varchars++;
          Size size = field.getAnnotation(Size.class);
          if (size == null || size.max() != column.length()) {
            missing.add(name + ": varchar(" + column.length() + ") needs @Size(max = "
                + column.length() + ")");
          }
        }
        if (!column.nullable() && !field.getType().isPrimitive()
            && !SET_BY_THE_ENTITY.contains(column.name())) {
          required++;
          if (field.getAnnotation(NotNull.class) == null) {
            missing.add(name + ": NOT NULL column needs @NotNull");
          }
        }
        if (column.nullable() && field.getAnnotation(NotNull.class) != null) {
          missing.add(name + ": nullable column must not be @NotNull");
        }
      }
    }
    System.out.println("checked " + varchars + " varchar columns and " + required
        + " required columns");
    assertThat(missing).isEmpty();
    assertThat(varchars).isGreaterThan(20);
  }

  @Test
  void aValidatorOnTheClasspathEnforcesThem() {
    try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
      Validator validator = factory.getValidator();
      Repo repo = new Repo();
      repo.setUserId("u");
      repo.setRepoId("r");
      repo.setRepoName("n");
      repo.setHtmlUrl("https://x");
      repo.setRepoAliasName("a".repeat(101));
      Set<ConstraintViolation<Repo>> violations = validator.validate(repo);
      assertThat(violations)
          .extracting(v -> v.getPropertyPath().toString())
          .containsExactly("repoAliasName");
      repo.setRepoAliasName("a".repeat(100));
      assertThat(validator.validate(repo)).isEmpty();
    }
  }
}
