package dev.hornbeam.service.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a JSON pointer lands in a policy document's text, for IAM Access Analyzer's {@code Location}
 * (ValidatePolicy): the path elements and the span of the value, with AWS's conventions (API reference,
 * "Position": line from 1, column from 0, offset from 0; "Span": start inclusive, end exclusive).
 * Offsets and columns count UTF-16 code units of the document string (what {@code String.slice} takes in
 * JavaScript and {@code substring} in Java); a line ends at {@code \n}, {@code \r\n} or a lone {@code \r}.
 *
 * <p>A pointer that names a member the document does not have (a missing {@code Principal}, say) is
 * located at the deepest value it does reach: the path and span then name that enclosing value. A
 * document that is not JSON at all is located as a whole (path empty, span over the whole text).
 */
public final class PolicyText {
  private static final JsonFactory FACTORY = new JsonFactory();

  private PolicyText() {}

  /** A path element: exactly one of {@code index} (into an array) or {@code value} (an object member's value). */
  public record Step(Integer index, String key) {}

  /** A place: the steps that reach it and its span as UTF-16 offsets [start, end). */
  public record Place(List<Step> path, int start, int end) {}

  /** Locates {@code pointer} (RFC 6901; {@code ""} is the whole document) in {@code text}. */
  public static Place locate(String text, String pointer) {
    List<String> tokens = tokens(pointer);
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Place(List.of(), 0, text.length());
      }
      List<Step> path = new ArrayList<>();
      int depth = 0;
      while (true) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (depth == tokens.size() || !(t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
          return new Place(path, start, end(p, text, start));
        }
        String want = tokens.get(depth);
        JsonToken found = t == JsonToken.START_OBJECT ? member(p, want) : element(p, want);
        if (found == null) {
          // Not there: the enclosing value. Its end is found by reading it again from its start.
          return new Place(path, start, valueEnd(text, start));
        }
        path.add(t == JsonToken.START_OBJECT ? new Step(null, want) : new Step(Integer.parseInt(want), null));
        t = found;
        depth++;
      }
    } catch (IOException | RuntimeException e) {
      return new Place(List.of(), 0, text.length());
    }
  }

  /** Moves {@code p} (on an object's start) to the value of member {@code name}; null when absent. */
  private static JsonToken member(JsonParser p, String name) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String n = p.currentName();
      JsonToken v = p.nextToken();
      if (n.equals(name)) {
        return v;
      }
      p.skipChildren();
    }
    return null;
  }

  /** Moves {@code p} (on an array's start) to element {@code index}; null when absent. */
  private static JsonToken element(JsonParser p, String index) throws IOException {
    if (!index.matches("0|[1-9][0-9]{0,8}")) {
      return null;
    }
    int want = Integer.parseInt(index);
    int i = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken(), i++) {
      if (i == want) {
        return t;
      }
      p.skipChildren();
    }
    return null;
  }

  /** The end of the value whose first token {@code p} is on (at {@code start}). */
  private static int end(JsonParser p, String text, int start) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      p.skipChildren();
      return (int) p.currentLocation().getCharOffset();
    }
    return valueEnd(text, start);
  }

  /**
   * The end of the JSON value that starts at {@code start}: a string's closing quote (escapes skipped),
   * a number or literal's last character, or an object or array's closing bracket (strings inside skipped).
   */
  static int valueEnd(String text, int start) {
    char c = text.charAt(start);
    if (c == '"') {
      return stringEnd(text, start);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      for (int i = start; i < text.length(); i++) {
        char d = text.charAt(i);
        if (d == '"') {
          i = stringEnd(text, i) - 1;
        } else if (d == '{' || d == '[') {
          depth++;
        } else if ((d == '}' || d == ']') && --depth == 0) {
          return i + 1;
        }
      }
      return text.length();
    }
    int i = start;
    while (i < text.length() && "+-.0123456789eEtruefalsn".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static int stringEnd(String text, int quote) {
    for (int i = quote + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return text.length();
  }

  /** RFC 6901 reference tokens. */
  static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  /** Line (from 1), column (from 0) and offset (from 0) of UTF-16 offset {@code offset} in {@code text}. */
  public static int[] position(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart, offset};
  }
}
