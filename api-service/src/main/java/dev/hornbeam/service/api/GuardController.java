package dev.hornbeam.service.api;

import dev.hornbeam.policy.Hashes;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.service.AuditLog;
import dev.hornbeam.service.Settings;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.GuardDecision;
import dev.hornbeam.service.answer.GuardResponse;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.service.http.ArrivalFilter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/guard/policy-attach}: the synchronous guard a control plane calls before it stores a
 * resource policy. Always HTTP 200 with ALLOW or DENY within the caller's {@code deadlineMillis} for a
 * well-formed call; public, invalid or undecided (time-out, unknown, error, saturated solvers) is DENY.
 * With {@code blockNewAccess} (default false), a policy that grants a request the current policy
 * ({@code currentPolicyDocument} / {@code currentPolicy}) does not is DENY NEW_ACCESS, with the witness;
 * the no-new-access question runs beside the public one, within the same deadline, and also fails closed.
 * Without a current policy nothing was allowed before, so any access the new policy grants is new (as IAM
 * Access Analyzer's CheckNoNewAccess against an empty policy).
 * Only a malformed call (not JSON, missing {@code resourceArn} / {@code resourceType} / policy) is a 4xx;
 * a {@code resourceArn} that is not of the type is DENY INVALID_REQUEST, and a policy whose Resource
 * cannot match it (or with no action of the type) is DENY INVALID_POLICY, never an ALLOW about another resource.
 * The decision itself is {@link GuardDecision}'s (no HTTP there). Each decision is written to the audit log ({@link AuditLog}).
 */
@Controller("/v1/guard")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GuardController {
  /** Time kept back from the caller's deadline between the solvers' deadline and the guard's answer. */
  static final Duration MARGIN = Duration.ofMillis(25);

  private final PolicyChecker checker;
  private final Settings settings;

  public GuardController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  @Post(uri = "/policy-attach", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public GuardResponse attach(HttpRequest<?> http, @Body byte[] body) {
    // Timed from the request's arrival: waiting for a thread and reading the body count against the deadline.
    long start = ArrivalFilter.arrival(http);
    Envelope request = Envelope.read(body).only("resourceArn", "resourceType", "policyDocument", "policy",
        "currentPolicyDocument", "currentPolicy", "blockNewAccess", "deadlineMillis");
    String arn = request.text("resourceArn");
    if (arn.isBlank()) {
      throw ApiException.badRequest("\"resourceArn\" must not be empty", "/resourceArn");
    }
    ResourceType type = Requests.resourceType(request);
    Duration deadline = Requests.deadline(request, settings.guardDeadline(), settings.maxDeadline());
    boolean blockNewAccess = request.optionalBool("blockNewAccess").orElse(false);
    // A resourceArn that is not of the type is DENY INVALID_REQUEST; the policy is still validated (for
    // any resource of the type) so that the caller sees all that is wrong at once.
    Optional<String> arnProblem = Requests.resourceArnProblem(request, type);
    ResourceScope scope = arnProblem.isPresent() ? ResourceScope.of(type) : new ResourceScope(type, arn);
    PolicyInput input = Requests.policy(request, "policyDocument", "policy", scope, true).orElseThrow();
    // The current policy only bounds what is new: one that names other resources grants less here, which
    // can only find more new access.
    Optional<PolicyInput> current = Requests.policy(request, "currentPolicyDocument", "currentPolicy", ResourceScope.of(type), false);
    String hash = Hashes.sha256(policyBytes(request, input.field()));
    GuardResponse response;
    CheckAnswer newAccess = null;
    if (arnProblem.isPresent()) {
      response = GuardDecision.invalidResourceArn(arnProblem.get(), input, hash, start);
    } else if (!input.valid()) {
      response = GuardDecision.invalidPolicy(input, false, hash, start);
    } else if (blockNewAccess && current.isPresent() && !current.get().valid()) {
      response = GuardDecision.invalidPolicy(current.get(), true, hash, start);
    } else {
      // The solvers stop MARGIN before the deadline; at the deadline the guard answers with what it has
      // (an unanswered question is TIMEOUT: DENY), whatever the checks are doing.
      long answerBy = start + deadline.toNanos();
      long solveBy = answerBy - MARGIN.toNanos();
      // No current policy: nothing was allowed, so everything the new policy allows is new (as Access Analyzer).
      PolicyChecker.Due<CheckAnswer> proposed = blockNewAccess ? checker.noNewAccessBy(
          current.map(PolicyInput::policy).orElse(null), input.policy(), type, solveBy, answerBy) : null;
      PublicAccessAnswer answer = checker.isPublicBy(input.policy(), type, arn, solveBy, answerBy).get();
      newAccess = proposed == null ? null : proposed.get();
      response = GuardDecision.decide(answer, newAccess, input.warnings(), hash, start);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    checker.portfolio().versions().forEach((SolverId id, String v) -> versions.put(id.key(), v));
    AuditLog.guard(hash, arn, type.cloudFormationName(), response.decision(), response.reason(),
        response.solver() == null ? "" : response.solver(), versions, response.latencyMillis(),
        blockNewAccess ? current.map(c -> Hashes.sha256(policyBytes(request, c.field()))).orElse("") : null,
        newAccess == null ? null : newAccess.verdict().name() + "/" + newAccess.reason().name());
    return response;
  }

  private static byte[] policyBytes(Envelope request, String field) {
    return request.get(field).map(v -> v instanceof Envelope.Raw raw ? raw.bytes()
        : v instanceof Envelope.Text t ? t.value().getBytes(StandardCharsets.UTF_8) : new byte[0]).orElse(new byte[0]);
  }
}
