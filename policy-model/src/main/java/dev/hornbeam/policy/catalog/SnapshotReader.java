package dev.hornbeam.policy.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads parts of the JSON snapshot written by {@code policy-model/catalog/refresh.mjs} into plain
 * lists, maps and strings (numbers as {@link Long}). The snapshot is this module's own resource, so a
 * shape it does not expect is a bug and fails loudly.
 */
final class SnapshotReader {
  private static final JsonFactory FACTORY = new JsonFactory();

  private SnapshotReader() {}

  /** A parser over {@code length} bytes of JSON text from {@code offset}. */
  static JsonParser parser(byte[] json, int offset, int length) throws IOException {
    return FACTORY.createParser(json, offset, length);
  }

  static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("catalogue snapshot: expected " + expected + ", found " + actual + " at " + p.currentLocation());
    }
  }

  /** The value at the parser's current token, as lists, maps, strings and longs. */
  static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p));
        }
        return items;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      default -> throw new IOException("unexpected " + t + " in the catalogue snapshot");
    }
  }

  static List<Object> list(Object o) {
    if (o instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> out = (List<Object>) l;
      return out;
    }
    throw new IllegalStateException("catalogue snapshot: expected an array, found " + o);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object o) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException("catalogue snapshot: expected an object, found " + o);
  }

  static String string(Object o) {
    if (o instanceof String s) {
      return s;
    }
    throw new IllegalStateException("catalogue snapshot: expected a string, found " + o);
  }

  static List<String> strings(Object o) {
    return list(o).stream().map(SnapshotReader::string).toList();
  }
}
