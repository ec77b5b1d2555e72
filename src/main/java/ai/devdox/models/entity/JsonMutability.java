package ai.devdox.models.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.SharedSessionContract;
import org.hibernate.type.descriptor.java.MutabilityPlan;

/**
 * How Hibernate copies the value of a JSON column (for the snapshot it keeps to see changes, and
 * for caching): structurally, list by list and map by map, sharing the immutable leaves (strings,
 * numbers, booleans).
 *
 * <p>Hibernate's own plan for JSON values writes the value as JSON text and parses it back, every
 * time an entity is persisted or loaded: for a chunk's 768-number embedding that round trip cost
 * more than the insert or the read itself. The copy made here is equal to the one the round trip
 * made (lists, maps and the same numbers), without the text. A value of another type inside the
 * JSON (an application object put in a metadata map) is still copied through Jackson, as before.
 */
final class JsonMutability implements MutabilityPlan<Object> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper FALLBACK = new ObjectMapper();

  /** Made by Hibernate from {@code @Mutability(JsonMutability.class)}. */
  JsonMutability() {}

  @Override
  public boolean isMutable() {
    return true;
  }

  @Override
  public Object deepCopy(Object value) {
    return copy(value);
  }

  @Override
  public Serializable disassemble(Object value, SharedSessionContract session) {
    return (Serializable) copy(value);
  }

  @Override
  public Object assemble(Serializable cached, SharedSessionContract session) {
    return copy(cached);
  }

  static Object copy(Object value) {
    if (value == null || isImmutableLeaf(value)) {
      return value;
    }
    if (value instanceof DoubleList numbers) {
      return numbers.copy();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(copy(element));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(entry.getKey(), copy(entry.getValue()));
      }
      return copy;
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>(Math.max(4, set.size() * 4 / 3 + 1));
      for (Object element : set) {
        copy.add(copy(element));
      }
      return copy;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection.size());
      for (Object element : collection) {
        copy.add(copy(element));
      }
      return copy;
    }
    // Anything else becomes what the JSON round trip made of it: lists, maps and leaves.
    return FALLBACK.convertValue(value, Object.class);
  }

  private static boolean isImmutableLeaf(Object value) {
    return value instanceof String
        || value instanceof Double
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Float
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Character
        || value instanceof Enum<?>;
  }
}
