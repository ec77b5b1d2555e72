package ai.devdox.models.entity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * How the entities' JSON columns are written and read: Hibernate's own Jackson format mapper (with
 * the Jackson modules it would find itself), tuned for embeddings. {@code DevdoxDatabase} uses it;
 * with Spring Boot or Quarkus set it as Hibernate's JSON format mapper, e.g. in Spring Boot's
 * {@code application.properties}:
 *
 * <pre>
 * spring.jpa.properties.hibernate.type.json_format_mapper=ai.devdox.models.entity.DevdoxJsonFormatMapper
 * </pre>
 *
 * <p>What it changes against Hibernate's default:
 *
 * <ul>
 *   <li>doubles are written as their shortest text (Jackson's Schubfach writer) and read with
 *       FastDoubleParser: several times faster than Java 17's {@code Double.toString} and
 *       {@code Double.parseDouble}, and the same number Python's {@code repr} writes (Java 17
 *       writes {@code 1.0E23} as {@code 9.999999999999999E22}); every double still reads back bit
 *       for bit;
 *   <li>a JSON array of numbers read into a {@code List<Double>} (an embedding) keeps the numbers
 *       unboxed in one array behind the {@code List} interface, instead of one {@code Double}
 *       object per number.
 * </ul>
 *
 * <p>Without it the entities work the same, only slower.
 */
public final class DevdoxJsonFormatMapper implements FormatMapper {

  private final FormatMapper jackson;

  /** A mapper with its own Jackson {@code ObjectMapper}. */
  public DevdoxJsonFormatMapper() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .build();
    ObjectMapper objectMapper = new ObjectMapper(factory)
        .registerModules(ObjectMapper.findModules(JacksonJsonFormatMapper.class.getClassLoader()))
        .registerModule(new SimpleModule("devdox-double-lists") {
          private static final long serialVersionUID = 1L;

          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addDeserializers(new DoubleListDeserializers());
          }
        });
    this.jackson = new JacksonJsonFormatMapper(objectMapper);
  }

  @Override
  public <T> T fromString(CharSequence text, JavaType<T> javaType, WrapperOptions options) {
    return jackson.fromString(text, javaType, options);
  }

  @Override
  public <T> String toString(T value, JavaType<T> javaType, WrapperOptions options) {
    return jackson.toString(value, javaType, options);
  }

  @Override
  public String toString() {
    return "DevdoxJsonFormatMapper{Jackson, fast doubles, unboxed List<Double>}";
  }

  /** Picks {@link DoubleListDeserializer} for {@code List<Double>} (and its supertypes). */
  private static final class DoubleListDeserializers extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findCollectionDeserializer(CollectionType type,
        DeserializationConfig config, BeanDescription beanDesc,
        TypeDeserializer elementTypeDeserializer, JsonDeserializer<?> elementDeserializer) {
      if (type.getContentType().hasRawClass(Double.class)
          && type.getRawClass().isAssignableFrom(DoubleList.class)
          && elementTypeDeserializer == null
          && elementDeserializer == null) {
        return new DoubleListDeserializer();
      }
      return null;
    }
  }

  /**
   * Reads a JSON array of numbers into a {@link DoubleList}; anything else in the array goes
   * through Jackson's own {@code Double} handling, and a null turns the result into an
   * {@code ArrayList}.
   */
  private static final class DoubleListDeserializer extends StdDeserializer<List<Double>> {
    private static final long serialVersionUID = 1L;

    DoubleListDeserializer() {
      super(List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Double> deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.isExpectedStartArrayToken()) {
        return (List<Double>) context.handleUnexpectedToken(List.class, parser);
      }
      double[] values = new double[16];
      int size = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        Double value;
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
          if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
          }
          values[size++] = parser.getDoubleValue();
          continue;
        }
        value = context.readValue(parser, Double.class);
        if (value == null) {
          return withNulls(values, size, parser, context);
        }
        if (size == values.length) {
          values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
      }
      return new DoubleList(values, size);
    }

    /** The rest of an array that holds a null, into an {@code ArrayList}. */
    private static List<Double> withNulls(double[] values, int size, JsonParser parser,
        DeserializationContext context) throws IOException {
      List<Double> list = new ArrayList<>(size + 16);
      for (int i = 0; i < size; i++) {
        list.add(values[i]);
      }
      list.add(null);
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        list.add(context.readValue(parser, Double.class));
      }
      return list;
    }
  }
}
