package dev.hornbeam.service.api;

import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.service.AuditLog;
import dev.hornbeam.service.Settings;
import dev.hornbeam.smt.ResourceType;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/guard/policy-attach}: the synchronous guard a control plane calls before it stores a
 * resource policy. Always HTTP 200 with ALLOW or DENY within the caller's {@code deadlineMillis} for a
 * well-formed call; public, invalid or undecided (time-out, unknown, error, saturated solvers) is DENY.
 * Only a malformed call (not JSON, missing {@code resourceArn} / {@code resourceType} / policy) is a 4xx.
 * Each decision is written to the audit log ({@link AuditLog}).
 */
@Controller("/v1/guard")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GuardController {
  /** Time kept back from the caller's deadline for reading the request and writing the answer. */
  static final Duration MARGIN = Duration.ofMillis(25);

  private final PolicyChecker checker;
  private final Settings settings;

  public GuardController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  @Post(uri = "/policy-attach", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public GuardResponse attach(@Body byte[] body) {
    long start = System.nanoTime();
    Envelope request = Envelope.read(body);
    String arn = request.text("resourceArn");
    if (arn.isBlank()) {
      throw ApiException.badRequest("\"resourceArn\" must not be empty", "/resourceArn");
    }
    ResourceType type = Requests.resourceType(request);
    Duration deadline = Requests.deadline(request, settings.guardDeadline(), settings.maxDeadline());
    PolicyInput input = PolicyInput.read(request, "policyDocument", "policy", type, true).orElseThrow();
    // The current policy is read and validated now; comparing against it is the no-new-access question.
    PolicyInput.read(request, "currentPolicyDocument", "currentPolicy", type, false);
    String hash = sha256(policyBytes(request, input.field()));
    GuardResponse response;
    if (!input.valid()) {
      response = new GuardResponse("DENY", "INVALID_POLICY", "The policy is invalid; see problems.", List.of(), null,
          input.problems(), null, hash, millis(start));
    } else {
      Duration left = deadline.minus(Duration.ofNanos(System.nanoTime() - start)).minus(MARGIN);
      PublicAccessAnswer answer = checker.isPublic(input.policy(), type, arn, left.isNegative() || left.isZero() ? Duration.ofNanos(1) : left);
      PublicAccessResponse details = PublicAccessResponse.of(answer, input.warnings());
      String reason = answer.reason() != Reason.SOLVED ? answer.reason().name() : answer.isPublic() ? "PUBLIC_ACCESS" : "NOT_PUBLIC";
      String decision = reason.equals("NOT_PUBLIC") ? "ALLOW" : "DENY";
      String message = decision.equals("ALLOW") ? "The policy grants no public access (proved)."
          : reason.equals("PUBLIC_ACCESS") ? details.message() : "Denied, fail closed: " + details.message();
      response = new GuardResponse(decision, reason, message, details.reasons(), details.witness(), input.warnings(),
          details.solver(), hash, millis(start));
    }
    Map<String, String> versions = new LinkedHashMap<>();
    checker.portfolio().versions().forEach((SolverId id, String v) -> versions.put(id.key(), v));
    AuditLog.guard(hash, arn, type.cloudFormationName(), response.decision(), response.reason(),
        response.solver() == null ? "" : response.solver(), versions, response.latencyMillis());
    return response;
  }

  private static byte[] policyBytes(Envelope request, String field) {
    return request.get(field).map(v -> v instanceof Envelope.Raw raw ? raw.bytes()
        : v instanceof Envelope.Text t ? t.value().getBytes(StandardCharsets.UTF_8) : new byte[0]).orElse(new byte[0]);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double millis(long start) {
    return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
  }
}
