package dev.hornbeam.service.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.hornbeam.json.JsonBytes;
import dev.hornbeam.json.StrictUtf8;
import dev.hornbeam.policy.catalog.EditDistance;
import dev.hornbeam.policy.parse.Pointers;
import dev.hornbeam.service.answer.ApiException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level members of a JSON request body. Scalars are read; objects and arrays are kept as their
 * exact bytes, so that a policy given as a JSON object is parsed by the policy parser itself (duplicate
 * keys, number text and every located error stay its business) rather than by a data binder that would
 * silently drop a duplicate {@code "Effect"}.
 */
public final class Envelope {
  /**
   * Deeper than any policy may be: the policy parser reports too-deep policies itself, with a pointer
   * (its own limit is 64 levels). This bound only protects the envelope reader.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1_000).build()).build();

  /** One member's value. */
  public sealed interface Value {
    /** What the value is, in words ("a string", "an object", …). */
    String kind();
  }

  public record Text(String value) implements Value {
    public String kind() {
      return "a string";
    }
  }

  public record Number(String text) implements Value {
    public String kind() {
      return "a number";
    }
  }

  public record Bool(boolean value) implements Value {
    public String kind() {
      return "a boolean";
    }
  }

  public record Null() implements Value {
    public String kind() {
      return "null";
    }
  }

  /** An object or array, as the bytes of the request. */
  public record Raw(byte[] bytes, boolean object) implements Value {
    public String kind() {
      return object ? "an object" : "an array";
    }
  }

  /**
   * The longest string member (other than a {@code …Document}, which the policy size quotas bound, and an
   * audit's {@code path}): the longest ARN AWS accepts is 2048 characters. A longer value is a 400, so that
   * no request can push a huge value into the logs or an error message.
   */
  public static final int MAX_TEXT = 2048;
  /** The longest {@code path} (PATH_MAX on Linux). */
  public static final int MAX_PATH = 4096;
  /** The longest top-level member name: the real ones are short, and errors quote names. */
  public static final int MAX_NAME = 128;

  private final Map<String, Value> members;

  private Envelope(Map<String, Value> members) {
    this.members = members;
  }

  /**
   * Reads a body; {@link ApiException} (400) when it is not strict UTF-8 ({@link StrictUtf8}: the problem
   * names the byte offset and the rule), not one JSON object with unique member names, or holds a string
   * with an unpaired surrogate or a string member longer than {@link #MAX_TEXT}.
   */
  public static Envelope read(byte[] body) {
    StrictUtf8.check(body).ifPresent(v -> {
      throw ApiException.badRequest("the request body is not accepted: " + v.describe(), "");
    });
    int bom = StrictUtf8.bomLength(body, 0, body.length);
    byte[] json = bom == 0 ? body : Arrays.copyOfRange(body, bom, body.length);
    Map<String, Value> members = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("the request body must be a JSON object", "");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (name.length() > MAX_NAME) {
          throw ApiException.badRequest("a member name is " + name.length() + " characters long; at most " + MAX_NAME + " are accepted", "");
        }
        requireUnicode(name, "", "a member name");
        if (members.containsKey(name)) {
          throw ApiException.badRequest("member \"" + name + "\" appears twice", pointer(name));
        }
        JsonToken t = p.nextToken();
        Value v;
        switch (t) {
          case VALUE_STRING -> v = new Text(text(p.getText(), name));
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> v = new Number(p.getText());
          case VALUE_TRUE, VALUE_FALSE -> v = new Bool(t == JsonToken.VALUE_TRUE);
          case VALUE_NULL -> v = new Null();
          case START_OBJECT, START_ARRAY -> v = new Raw(JsonBytes.value(p, json, q -> requireUnicodeWithin(q, pointer(name))),
              t == JsonToken.START_OBJECT);
          default -> throw ApiException.badRequest("unexpected " + t + " as the value of \"" + name + "\"", pointer(name));
        }
        members.put(name, v);
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw ApiException.badRequest("the request body must be exactly one JSON object", "");
      }
    } catch (JsonProcessingException e) {
      // Some errors (nesting too deep, a number too long) come without a location.
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ", byte offset "
              + (e.getLocation().getByteOffset() + bom) + ")";
      throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage() + where, "");
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read", "");
    }
    return new Envelope(members);
  }

  /** A top-level string member's value, within its size limit and Unicode. */
  private static String text(String value, String name) {
    int max = name.endsWith("Document") ? Integer.MAX_VALUE : name.equals("path") ? MAX_PATH : MAX_TEXT;
    if (value.length() > max) {
      throw ApiException.badRequest("\"" + name + "\" is " + value.length() + " characters long; at most " + max + " are accepted",
          pointer(name));
    }
    requireUnicode(value, pointer(name), "the string");
    return value;
  }

  private static void requireUnicode(String s, String pointer, String what) {
    int at = StrictUtf8.unpairedSurrogate(s);
    if (at >= 0) {
      throw ApiException.badRequest(what + (pointer.isEmpty() ? "" : " " + (what.endsWith(" in") ? "" : "at ") + pointer) + " holds "
          + StrictUtf8.surrogateRule(s, at) + ", at character " + at, pointer);
    }
  }

  /** Walks the object or array {@code p} is on to its end, refusing a name or string with an unpaired surrogate. */
  private static void requireUnicodeWithin(JsonParser p, String pointer) throws IOException {
    boolean object = p.currentToken() == JsonToken.START_OBJECT;
    for (int index = 0; ; index++) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY || t == null) {
        return;
      }
      String here;
      if (object) {
        String name = p.currentName();
        requireUnicode(name, pointer, "a member name in");
        here = pointer + pointer(name);
        t = p.nextToken();
      } else {
        here = pointer + "/" + index;
      }
      if (t == JsonToken.VALUE_STRING) {
        requireUnicode(p.getText(), here, "the string");
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        requireUnicodeWithin(p, here);
      }
    }
  }

  public Optional<Value> get(String name) {
    return Optional.ofNullable(members.get(name));
  }

  public boolean has(String name) {
    Value v = members.get(name);
    return v != null && !(v instanceof Null);
  }

  /** A required string member. */
  public String text(String name) {
    Value v = members.get(name);
    if (v == null || v instanceof Null) {
      throw ApiException.badRequest("\"" + name + "\" is required", pointer(name));
    }
    if (v instanceof Text t) {
      return t.value();
    }
    throw ApiException.badRequest("\"" + name + "\" must be a string, not " + v.kind(), pointer(name));
  }

  /** An optional string member. */
  public Optional<String> optionalText(String name) {
    return has(name) ? Optional.of(text(name)) : Optional.empty();
  }

  /** An optional whole number within [min, max]. */
  public Optional<Long> optionalLong(String name, long min, long max) {
    Value v = members.get(name);
    if (v == null || v instanceof Null) {
      return Optional.empty();
    }
    if (v instanceof Number n) {
      try {
        long value = Long.parseLong(n.text());
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw ApiException.badRequest("\"" + name + "\" must be a whole number from " + min + " to " + max + ", not " + n.text(), pointer(name));
    }
    throw ApiException.badRequest("\"" + name + "\" must be a number, not " + v.kind(), pointer(name));
  }

  /**
   * An optional boolean member: empty only when absent. A boolean member is a switch (the guard's
   * {@code blockNewAccess}), so {@code null} is a 400 like any other value that is not true or false: read
   * as absent it would silently leave a safety switch at its default, off (fail closed).
   */
  public Optional<Boolean> optionalBool(String name) {
    Value v = members.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Bool b) {
      return Optional.of(b.value());
    }
    throw ApiException.badRequest("\"" + name + "\" must be true or false, not " + v.kind(), pointer(name));
  }

  /**
   * Rejects a member the endpoint does not have (a 400 naming it, with the closest known name): a typo
   * such as {@code "blockNewAcess": true} must not be ignored and leave a safety switch off (fail closed).
   */
  public Envelope only(String... known) {
    java.util.List<String> names = java.util.List.of(known);
    for (String name : members.keySet()) {
      if (!names.contains(name)) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : names) {
          int d = EditDistance.between(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT), 3);
          if (d < best) {
            best = d;
            closest = k;
          }
        }
        throw ApiException.badRequest("unknown member \"" + name + "\"" + (closest != null && best <= 3
            ? " (did you mean \"" + closest + "\"?)" : "") + "; this endpoint takes " + String.join(", ", names),
            pointer(name));
      }
    }
    return this;
  }

  /** RFC 6901 pointer to a top-level member. */
  public static String pointer(String name) {
    return Pointers.child("", name);
  }
}
