package dev.hornbeam.service.api;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.ComparisonAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.Settings;
import dev.hornbeam.service.answer.AccessInput;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.CompareResponse;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.PublicAccessResponse;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks, each {@code POST} with a JSON body; a policy is given as {@code …Document} (the policy
 * JSON as a string, as AWS APIs take it) or inline as a JSON object. An invalid policy is a 400 with
 * every problem located; saturated solver pools are a 503 with Retry-After.
 *
 * <ul>
 *   <li>{@code /v1/checks/public-access}: is this resource policy public? {@code policyDocument} /
 *       {@code policy}, {@code resourceType}, optional {@code resourceArn} and {@code deadlineMillis}.
 *   <li>{@code /v1/checks/no-new-access}: does the new policy grant anything the existing one does not?
 *       {@code existingPolicyDocument} / {@code existingPolicy}, {@code newPolicyDocument} / {@code newPolicy}.
 *   <li>{@code /v1/checks/access-not-granted}: does the policy grant none of the given access?
 *       {@code policyDocument} / {@code policy}, {@code access} ({@link AccessInput}).
 *   <li>{@code /v1/checks/cross-account}: does the policy grant nothing outside {@code ownerAccount}?
 *   <li>{@code /v1/compare}: how permissive is {@code policy1} next to {@code policy2}?
 * </ul>
 *
 * The last four also take {@code policyType} (RESOURCE_POLICY, the default, or IDENTITY_POLICY, as IAM
 * Access Analyzer does: it decides whether the policies must name a Principal), optional
 * {@code resourceType} (only actions of that type's service count, and resource policies get its size
 * quota) and {@code deadlineMillis}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChecksController {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  private final PolicyChecker checker;
  private final Settings settings;

  public ChecksController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  @Post(uri = "/checks/public-access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public PublicAccessResponse publicAccess(@Body byte[] body) {
    Envelope request = Envelope.read(body).only("policyDocument", "policy", "resourceType", "resourceArn", "deadlineMillis");
    ResourceType type = Requests.resourceType(request);
    ResourceScope scope = Requests.scope(request, type);
    Duration deadline = deadline(request);
    PolicyInput input = Requests.policy(request, "policyDocument", "policy", scope, true).orElseThrow();
    PolicyInput.requireValid(input);
    PublicAccessAnswer answer = checker.isPublic(input.policy(), type, scope.arn(), deadline);
    unlessOverloaded(answer.reason());
    return PublicAccessResponse.of(answer, input.warnings());
  }

  @Post(uri = "/checks/no-new-access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CheckResponse noNewAccess(@Body byte[] body) {
    Question q = question(body, "existingPolicyDocument", "existingPolicy", "newPolicyDocument", "newPolicy");
    List<PolicyInput> p = q.policies("existingPolicyDocument", "existingPolicy", "newPolicyDocument", "newPolicy");
    CheckAnswer answer = checker.noNewAccess(p.get(0).policy(), p.get(1).policy(), q.type(), q.deadline());
    unlessOverloaded(answer.reason());
    return CheckResponse.of(answer, CheckResponse.Question.NO_NEW_ACCESS, p.get(1).warnings());
  }

  @Post(uri = "/checks/access-not-granted", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CheckResponse accessNotGranted(@Body byte[] body) {
    Question q = question(body, "policyDocument", "policy", "access");
    AccessInput access = Requests.access(q.request());
    return onePolicy(q, CheckResponse.Question.ACCESS_NOT_GRANTED,
        policy -> checker.accessNotGranted(policy, q.type(), access.actions(), access.resources(), q.deadline()));
  }

  @Post(uri = "/checks/cross-account", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CheckResponse crossAccount(@Body byte[] body) {
    Question q = question(body, "policyDocument", "policy", "ownerAccount");
    String owner = q.request().text("ownerAccount");
    if (!ACCOUNT.matcher(owner).matches()) {
      throw ApiException.badRequest("\"ownerAccount\" must be a 12-digit AWS account id, not \"" + owner + "\"", "/ownerAccount");
    }
    return onePolicy(q, CheckResponse.Question.CROSS_ACCOUNT, policy -> checker.crossAccount(policy, q.type(), owner, q.deadline()));
  }

  /** A check on the request's one policy ({@code policyDocument} / {@code policy}). */
  private CheckResponse onePolicy(Question q, CheckResponse.Question question, Function<Policy, CheckAnswer> ask) {
    PolicyInput input = q.policies("policyDocument", "policy").get(0);
    CheckAnswer answer = ask.apply(input.policy());
    unlessOverloaded(answer.reason());
    return CheckResponse.of(answer, question, input.warnings());
  }

  @Post(uri = "/compare", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CompareResponse compare(@Body byte[] body) {
    Question q = question(body, "policy1Document", "policy1", "policy2Document", "policy2");
    List<PolicyInput> p = q.policies("policy1Document", "policy1", "policy2Document", "policy2");
    ComparisonAnswer answer = checker.compare(p.get(0).policy(), p.get(1).policy(), q.type(), q.deadline());
    unlessOverloaded(answer.firstBeyondSecond().reason());
    unlessOverloaded(answer.secondBeyondFirst().reason());
    return CompareResponse.of(answer, p.get(0).warnings(), p.get(1).warnings());
  }

  /** A difference question's request and the members they share: policyType, resourceType, deadlineMillis. */
  private record Question(Envelope request, PolicyKind kind, ResourceType type, Duration deadline) {
    /**
     * The request's policies, one per pair of members ({@code …Document}, object), when all are valid;
     * else a 400 (every problem of every policy).
     */
    List<PolicyInput> policies(String... documentAndObjectFields) {
      PolicyInput[] inputs = new PolicyInput[documentAndObjectFields.length / 2];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = Requests.policy(request, documentAndObjectFields[2 * i], documentAndObjectFields[2 * i + 1], kind,
            Requests.limits(kind, type), true).orElseThrow();
      }
      PolicyInput.requireValid(inputs);
      return List.of(inputs);
    }
  }

  /** @param members the endpoint's own members, besides policyType, resourceType and deadlineMillis */
  private Question question(byte[] body, String... members) {
    List<String> known = new java.util.ArrayList<>(List.of(members));
    known.addAll(List.of("policyType", "resourceType", "deadlineMillis"));
    Envelope request = Envelope.read(body).only(known.toArray(String[]::new));
    return new Question(request, Requests.policyKind(request), Requests.optionalResourceType(request), deadline(request));
  }

  private Duration deadline(Envelope request) {
    return Requests.deadline(request, settings.portfolio().deadline(), settings.maxDeadline());
  }

  /** A 503 with Retry-After when the solver pools were saturated (the guard, instead, denies). */
  private static void unlessOverloaded(Reason reason) {
    if (reason == Reason.OVERLOADED) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE.getCode(), "overloaded", "Solvers saturated",
          "every solver worker is busy and the queue is full; retry later", null, List.of());
    }
  }
}
