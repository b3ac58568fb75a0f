package dev.hornbeam.policy.parse;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON tree that keeps what validation needs and Jackson's tree model loses: the original
 * text of numbers ({@code 1.20} stays {@code 1.20}) and duplicate keys (reported, not silently merged).
 */
sealed interface Json {
  record JObject(Map<String, Json> members) implements Json {}

  record JArray(List<Json> items) implements Json {}

  record JString(String value) implements Json {}

  record JNumber(String text) implements Json {}

  record JBool(boolean value) implements Json {}

  record JNull() implements Json {}

  /** A word for messages: "an object", "a string", … */
  static String describe(Json j) {
    if (j instanceof JObject) {
      return "an object";
    } else if (j instanceof JArray) {
      return "an array";
    } else if (j instanceof JString) {
      return "a string";
    } else if (j instanceof JNumber) {
      return "a number";
    } else if (j instanceof JBool) {
      return "a boolean";
    } else {
      return "null";
    }
  }
}
