package ai.devdox.models.entity;

import org.hibernate.type.descriptor.java.StringJavaType;

/**
 * Hibernate's string type for the secret columns ({@code git_label.token_value},
 * {@code api_key.api_key}, {@code user.encryption_salt}): stored and compared exactly like any
 * string, but every place where Hibernate prints a value (bind parameter logging at TRACE on
 * {@code org.hibernate.orm.jdbc.bind}, extracted values on {@code org.hibernate.orm.jdbc.extract},
 * entity dumps at DEBUG) shows {@value #MASK} instead.
 *
 * <p>Mapped with {@code @JavaType(SecretStringJavaType.class)}; a query parameter compared with such
 * an attribute is masked too. A value bound to a native query as a plain string is not.
 */
public final class SecretStringJavaType extends StringJavaType {

  private static final long serialVersionUID = 1L;

  /** What Hibernate's logs show in place of a secret value. */
  public static final String MASK = "<secret>";

  /** The instance Hibernate creates for {@code @JavaType}. */
  public SecretStringJavaType() {}

  @Override
  public String extractLoggableRepresentation(String value) {
    return value == null ? "null" : MASK;
  }
}
