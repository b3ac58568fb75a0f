package dev.hornbeam.service.api;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import dev.hornbeam.service.Settings;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.FindingsResponse;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.ZoneInput;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;

/**
 * {@code POST /v1/findings}: who outside a zone of trust has access under a resource policy, as IAM
 * Access Analyzer's external-access findings. Members: {@code policyDocument} / {@code policy},
 * {@code resourceType}, optional {@code resourceArn}, {@code zone} ({@code account}, the default;
 * {@code organization}; {@code public}), {@code account} (default: the account in {@code resourceArn}),
 * {@code organizationId} and {@code organizationAccounts} for an organization, {@code deadlineMillis}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FindingsController {
  private final PolicyChecker checker;
  private final Settings settings;

  public FindingsController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  @Post(uri = "/findings", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public FindingsResponse findings(@Body byte[] body) {
    Envelope request = Envelope.read(body).only("policyDocument", "policy", "resourceType", "resourceArn", "zone", "account",
        "organizationId", "organizationAccounts", "deadlineMillis");
    ResourceType type = Requests.resourceType(request);
    ResourceScope scope = Requests.scope(request, type);
    Duration deadline = Requests.deadline(request, settings.portfolio().deadline(), settings.maxDeadline());
    Zone zone;
    try {
      zone = ZoneInput.of(request.optionalText("zone").orElse(null), request.optionalText("account").orElse(null),
          request.optionalText("organizationId").orElse(null), Requests.optionalStrings(request, "organizationAccounts"),
          scope.arn());
    } catch (ZoneInput.Problem p) {
      throw ApiException.badRequest(p.getMessage(), Envelope.pointer(p.field()));
    }
    PolicyInput input = Requests.policy(request, "policyDocument", "policy", scope, true).orElseThrow();
    PolicyInput.requireValid(input);
    FindingsAnswer answer = checker.findings(input.policy(), type, scope.arn(), zone, deadline);
    return FindingsResponse.of(answer, input.warnings());
  }
}
