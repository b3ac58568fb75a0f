package dev.hornbeam.audit.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON value read into plain Java values (a {@link LinkedHashMap} per object, a {@link List} per
 * array, strings, numbers as {@link Num} with their text as written, booleans, {@code null}), for the inputs
 * that look at one small item at a time (an AWS Config configuration item). An object with a member twice is
 * refused ({@link Duplicate}). Whole files are never read this way. {@link #write} gives a value back as JSON
 * text with its members in order and its numbers as written.
 */
final class JsonTree {
  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTree() {}

  /** A value that runs past its byte limit (the parser is left inside it). */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("larger than the record limit of " + limit + " bytes: not read");
    }
  }

  /** A JSON number, as written ({@code 1.20} stays {@code 1.20}). */
  record Num(String text) {}

  /** An object with the same member twice (RFC 8259 section 4: the names "SHOULD be unique"). */
  static final class Duplicate extends IOException {
    Duplicate(String name, int line) {
      super("an object has the member \"" + name + "\" twice (line " + line + ")");
    }
  }

  /** The value whose first token {@code p} is on; {@code p} is left on its last token. */
  static Object read(JsonParser p) throws IOException {
    return read(p, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * As {@link #read(JsonParser)}, but throws {@link TooLarge} as soon as the parser passes byte offset
   * {@code end} (so a huge item is never held in memory); {@code max} is the limit, for the message.
   */
  static Object read(JsonParser p, long end, long max) throws IOException {
    if (p.currentLocation().getByteOffset() > end) {
      throw new TooLarge(max);
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          int line = p.currentTokenLocation().getLineNr();
          p.nextToken();
          if (m.containsKey(name)) {
            // Kept silently, one of the two would be lost: a policy given as an object would change.
            throw new Duplicate(name, line);
          }
          m.put(name, read(p, end, max));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p, end, max));
        }
        return l;
      }
      case VALUE_STRING -> {
        String text = p.getText();
        if (p.currentLocation().getByteOffset() > end) {
          throw new TooLarge(max);
        }
        return text;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        String text = p.getText();
        if (p.currentLocation().getByteOffset() > end) {
          throw new TooLarge(max);
        }
        return new Num(text);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return t == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + t);
    }
  }

  /** Parses a whole JSON text (exactly one value). */
  static Object parse(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw new IOException("empty JSON text");
      }
      Object v = read(p);
      if (p.nextToken() != null) {
        throw new IOException("more than one JSON value");
      }
      return v;
    }
  }

  /**
   * A policy given as a JSON string, decoded as many times as it was JSON-encoded: AWS Config sometimes
   * stores a policy as a JSON string holding a JSON string literal ({@code "\"{\\n \\\"Version\\\"..."}).
   */
  static String unwrapEncoded(String text) throws IOException {
    String s = text;
    for (int i = 0; i < 4 && s.strip().startsWith("\""); i++) {
      Object v = parse(s);
      if (!(v instanceof String inner)) {
        break;
      }
      s = inner;
    }
    return s;
  }

  /** A value read by {@link #read} as JSON text: members in their order, numbers and strings as read. */
  static String write(Object value) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object x : l) {
        write(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Num n) {
      g.writeNumber(n.text());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      throw new IOException("not a JSON value: " + v.getClass().getSimpleName());
    }
  }

  /**
   * The name of {@code names} that {@code given}, not one of them, spells otherwise (another case, spaces around
   * it); empty if none. A member so spelt is not ignored as unknown: it may hold what the name should (a policy).
   */
  static Optional<String> spelling(Collection<String> names, String given) {
    return names.stream().filter(n -> n.equalsIgnoreCase(given.strip())).findFirst();
  }

  /** What a value is, in words. */
  static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Num) {
      return "a number";
    }
    return "a scalar";
  }
}
