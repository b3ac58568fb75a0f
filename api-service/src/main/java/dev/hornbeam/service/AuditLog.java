package dev.hornbeam.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hornbeam.policy.Hashes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's audit trail: one JSON line per decision on the logger {@code hornbeam.audit} — policy
 * hash, resource, decision, reason, solver and versions, latency, and when the guard was asked to block
 * new access, the current policy's hash and the no-new-access answer. Never the policy text. Each string
 * field is at most {@link #MAX_FIELD} characters: a longer value is cut, marked, and followed by the
 * SHA-256 of its whole UTF-8 text, so that no request can write a huge log line and a cut value can still
 * be matched.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("hornbeam.audit");
  private static final JsonFactory JSON = new JsonFactory();

  /** The longest string field, in characters (the longest ARN AWS accepts is 2048). */
  static final int MAX_FIELD = 2048;
  /** How much of a longer field is kept before the marker. */
  static final int KEPT = 256;

  private AuditLog() {}

  /** {@code value}, or its first {@link #KEPT} characters, a marker, its length and the SHA-256 of its UTF-8 text. */
  static String capped(String value) {
    if (value == null || value.length() <= MAX_FIELD) {
      return value;
    }
    int keep = Character.isHighSurrogate(value.charAt(KEPT - 1)) ? KEPT - 1 : KEPT;
    return value.substring(0, keep) + "...[truncated: " + value.length() + " characters, sha256 " + Hashes.sha256(value) + "]";
  }

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
      g.writeStringField("policySha256", capped(policySha256));
      g.writeStringField("resourceArn", capped(resourceArn));
      g.writeStringField("resourceType", capped(resourceType));
      g.writeStringField("decision", capped(decision));
      g.writeStringField("reason", capped(reason));
      g.writeStringField("solver", capped(solver));
      g.writeObjectFieldStart("solverVersions");
      for (Map.Entry<String, String> e : versions.entrySet()) {
        g.writeStringField(capped(e.getKey()), capped(e.getValue()));
      }
      g.writeEndObject();
      g.writeNumberField("latencyMillis", Math.round(latencyMillis * 100) / 100.0);
      if (currentPolicySha256 != null) {
        g.writeStringField("currentPolicySha256", capped(currentPolicySha256));
      }
      if (newAccess != null) {
        g.writeStringField("newAccess", capped(newAccess));
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
