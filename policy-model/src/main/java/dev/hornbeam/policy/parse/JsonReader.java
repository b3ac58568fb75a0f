package dev.hornbeam.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads JSON text into a {@link Json} tree, reporting syntax errors and duplicate keys as problems. */
final class JsonReader {
  /** Deeper nesting than this is never a policy; it only protects the stack. */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(1 << 22)
                  .maxNumberLength(1000)
                  .build())
          .build();

  private JsonReader() {}

  /** The tree, or {@code null} after reporting why the text is not JSON. */
  static Json read(byte[] utf8, Consumer<Problem> problems) {
    try (JsonParser p = FACTORY.createParser(utf8)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.accept(notJson("the document is empty"));
        return null;
      }
      List<Problem> duplicates = new ArrayList<>();
      Json root = readValue(p, "", duplicates);
      if (p.nextToken() != null) {
        problems.accept(notJson("unexpected content after the end of the JSON value" + at(p.currentLocation())));
        return null;
      }
      duplicates.forEach(problems);
      return root;
    } catch (JsonProcessingException e) {
      problems.accept(notJson(e.getOriginalMessage() + at(e.getLocation())));
      return null;
    } catch (IOException e) {
      // Reading from a byte array does no I/O; Jackson declares IOException all the same.
      problems.accept(notJson("could not read the document: " + e.getMessage()));
      return null;
    }
  }

  private static Json readValue(JsonParser p, String pointer, List<Problem> duplicates)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Json> members = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = pointer + "/" + Pointers.escape(name);
          checkUnicode(p, name, "the key at " + child);
          p.nextToken();
          int nestedFrom = duplicates.size();
          Json value = readValue(p, child, duplicates);
          if (members.containsKey(name)) {
            // The repeated member's value is not kept in the tree, so problems found inside it would
            // point at places the tree does not have (or, worse, at the kept value's places).
            duplicates.subList(nestedFrom, duplicates.size()).clear();
            duplicates.add(
                new Problem(child, Severity.ERROR, ProblemCode.DUPLICATE_KEY,
                    "the key \"" + name + "\" appears more than once in this object; AWS would keep"
                        + " only one of them, so the policy does not say what it seems to say"));
          } else {
            members.put(name, value);
          }
        }
        return new Json.JObject(members);
      }
      case START_ARRAY: {
        List<Json> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, pointer + "/" + i++, duplicates));
        }
        return new Json.JArray(items);
      }
      case VALUE_STRING:
        return new Json.JString(checkUnicode(p, p.getText(), "the string at " + (pointer.isEmpty() ? "the root" : pointer)));
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Json.JNumber(p.getText());
      case VALUE_TRUE:
        return new Json.JBool(true);
      case VALUE_FALSE:
        return new Json.JBool(false);
      case VALUE_NULL:
        return new Json.JNull();
      default:
        throw new JsonProcessingException("unexpected token " + t, p.currentLocation()) {};
    }
  }

  /**
   * Refuses text with an unpaired UTF-16 surrogate ({@code "\ud800"} escaped, or its three-byte
   * encoding): it encodes no Unicode character, so it cannot be written back as UTF-8 and would come
   * back from print → parse as a different string. I-JSON (RFC 7493, section 2.1) forbids it.
   */
  private static String checkUnicode(JsonParser p, String s, String what) throws JsonParseException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new JsonParseException(p, what + " contains an unpaired UTF-16 surrogate (\\u"
            + Integer.toHexString(c) + "), which encodes no Unicode character");
      }
    }
    return s;
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static Problem notJson(String why) {
    return new Problem("", Severity.ERROR, ProblemCode.NOT_JSON, "not valid JSON: " + why);
  }
}
