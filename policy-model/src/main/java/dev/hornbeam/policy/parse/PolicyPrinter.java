package dev.hornbeam.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a model back to a policy document in one canonical form: Statement always an array, every
 * list an array, operators in their canonical spelling, condition values as strings. Parsing the
 * output gives back an equal model.
 */
public final class PolicyPrinter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private PolicyPrinter() {}

  public static String print(Policy policy) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      if (policy.version() != null) {
        g.writeStringField("Version", policy.version());
      }
      if (policy.id() != null) {
        g.writeStringField("Id", policy.id());
      }
      g.writeArrayFieldStart("Statement");
      for (Statement s : policy.statements()) {
        statement(g, s);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does no I/O.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void statement(JsonGenerator g, Statement s) throws IOException {
    g.writeStartObject();
    if (s.sid() != null) {
      g.writeStringField("Sid", s.sid());
    }
    g.writeStringField("Effect", s.effect().json());
    PrincipalElement p = s.principal();
    if (p != null) {
      g.writeFieldName(p.jsonName());
      if (p.principals() instanceof Principals.Listed listed) {
        g.writeStartObject();
        for (Map.Entry<PrincipalType, List<String>> e : listed.byType().entrySet()) {
          strings(g, e.getKey().json(), e.getValue());
        }
        g.writeEndObject();
      } else {
        g.writeString("*");
      }
    }
    strings(g, s.action().jsonName(), s.action().patterns());
    if (s.resource() != null) {
      strings(g, s.resource().jsonName(), s.resource().patterns());
    }
    if (!s.conditions().isEmpty()) {
      Map<String, List<Condition>> byOperator = new LinkedHashMap<>();
      for (Condition c : s.conditions()) {
        byOperator.computeIfAbsent(c.operator().json(), k -> new ArrayList<>()).add(c);
      }
      g.writeObjectFieldStart("Condition");
      for (Map.Entry<String, List<Condition>> e : byOperator.entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        for (Condition c : e.getValue()) {
          strings(g, c.key(), c.values());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
