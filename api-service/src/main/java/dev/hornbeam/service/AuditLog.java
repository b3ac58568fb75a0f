package dev.hornbeam.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's audit trail: one JSON line per decision on the logger {@code hornbeam.audit} — policy
 * hash, resource, decision, reason, solver and versions, latency, and when the guard was asked to block
 * new access, the current policy's hash and the no-new-access answer. Never the policy text.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("hornbeam.audit");
  private static final JsonFactory JSON = new JsonFactory();

  private AuditLog() {}

  /**
   * The line for one guard decision (also returned, for tests).
   *
   * @param currentPolicySha256 with {@code blockNewAccess}: the current policy's hash, empty when there is
   *     none; null (not written) otherwise
   * @param newAccess with {@code blockNewAccess}: the no-new-access answer as {@code VERDICT/REASON}
   *     ({@code FAIL/SOLVED}); null (not written) when that check did not run
   */
  public static String guard(String policySha256, String resourceArn, String resourceType, String decision, String reason,
      String solver, Map<String, String> versions, double latencyMillis, String currentPolicySha256, String newAccess) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("event", "guard.policy-attach");
      g.writeStringField("policySha256", policySha256);
      g.writeStringField("resourceArn", resourceArn);
      g.writeStringField("resourceType", resourceType);
      g.writeStringField("decision", decision);
      g.writeStringField("reason", reason);
      g.writeStringField("solver", solver);
      g.writeObjectFieldStart("solverVersions");
      for (Map.Entry<String, String> e : versions.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeNumberField("latencyMillis", Math.round(latencyMillis * 100) / 100.0);
      if (currentPolicySha256 != null) {
        g.writeStringField("currentPolicySha256", currentPolicySha256);
      }
      if (newAccess != null) {
        g.writeStringField("newAccess", newAccess);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String line = w.toString();
    LOG.info(line);
    return line;
  }
}
