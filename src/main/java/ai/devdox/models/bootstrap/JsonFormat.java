package ai.devdox.models.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * The Jackson set-up of the JSON columns: Hibernate's own Jackson format mapper (the same modules
 * it would find itself) over a JSON factory that writes doubles with Jackson's Schubfach writer
 * and reads them with FastDoubleParser.
 *
 * <p>On Java 17 {@code Double.toString}, Jackson's default, is slow and sometimes not the shortest
 * text of a double ({@code 1.0E23} comes out as {@code 9.999999999999999E22}); the Schubfach
 * writer gives the shortest text, as Python's {@code repr} does, several times faster. Both
 * parsers round correctly, so every double reads back bit for bit either way.
 */
final class JsonFormat {

  private JsonFormat() {}

  /** A new format mapper for one entity manager factory. */
  static FormatMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .build();
    ObjectMapper objectMapper = new ObjectMapper(factory)
        .registerModules(ObjectMapper.findModules(JacksonJsonFormatMapper.class.getClassLoader()));
    return new JacksonJsonFormatMapper(objectMapper);
  }
}
