package dev.hornbeam.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies for the API tests. */
final class Bodies {
  private Bodies() {}

  static String statement(String effect, String principal, String action, String resource, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource
        + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** A JSON object of the given members; values that are Raw are inserted as they are, others as JSON strings/numbers. */
  static String object(Map<String, Object> members) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : members.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof Raw raw) {
          g.writeRawValue(raw.json());
        } else if (v instanceof Number n) {
          g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else {
          g.writeString(String.valueOf(v));
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** {@link #object} of the members given as name, value, name, value, … */
  static String members(Object... nameValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], nameValue[i + 1]);
    }
    return object(m);
  }

  record Raw(String json) {}
}
