package dev.hornbeam.service.api;

import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.Settings;
import dev.hornbeam.smt.ResourceType;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /v1/checks/public-access}: is this resource policy public? Body: {@code policyDocument}
 * (the policy JSON as a string, as AWS APIs take it) or {@code policy} (a JSON object),
 * {@code resourceType}, optional {@code resourceArn} and {@code deadlineMillis}. An invalid policy is a
 * 400 with every problem located; saturated solver pools are a 503 with Retry-After.
 */
@Controller("/v1/checks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChecksController {
  private final PolicyChecker checker;
  private final Settings settings;

  public ChecksController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  @Post(uri = "/public-access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public PublicAccessResponse publicAccess(@Body byte[] body) {
    Envelope request = Envelope.read(body);
    ResourceType type = Requests.resourceType(request);
    String arn = request.optionalText("resourceArn").orElse(null);
    Duration deadline = Requests.deadline(request, settings.portfolio().deadline(), settings.maxDeadline());
    PolicyInput input = PolicyInput.read(request, "policyDocument", "policy", type, true).orElseThrow();
    if (!input.valid()) {
      long errors = input.problems().stream().filter(p -> p.severity().equals("error")).count();
      throw ApiException.invalidPolicy("the policy in \"" + input.field() + "\" is invalid: " + errors + " error" + (errors == 1 ? "" : "s"),
          input.problems());
    }
    PublicAccessAnswer answer = checker.isPublic(input.policy(), type, arn, deadline);
    if (answer.reason() == Reason.OVERLOADED) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Solvers saturated",
          "every solver worker is busy and the queue is full; retry later", null, List.of());
    }
    return PublicAccessResponse.of(answer, input.warnings());
  }
}
