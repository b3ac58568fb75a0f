package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API Gateway's {@code execute-api:/…} shorthand (API Gateway Developer Guide, "API Gateway resource policy
 * examples": converted to the API's ARN when the policy is saved).
 */
class ExecuteApiShorthandTest {
  static final String API = "arn:aws:execute-api:us-east-2:123456789012:aabbccddee";
  static final String POLICY = """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/stage-name/GET/pets"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "NotResource": ["execute-api:/stage-name/*"]}]}""";

  @Test
  void expandsToTheApisArnInResourceAndNotResource() {
    ParseResult r = PolicyParser.parse(POLICY, new ResourceScope(ResourceType.API_GATEWAY_REST_API, API));
    assertTrue(r.isValid(), r.problems()::toString);
    assertEquals(List.of(API + "/stage-name/GET/pets"), r.policy().statements().get(0).resource().patterns());
    assertEquals(List.of(API + "/stage-name/*"), r.policy().statements().get(1).resource().patterns());
    Request pets = new Request(new RequestPrincipal.Anonymous(), "execute-api:Invoke", API + "/stage-name/GET/pets", Map.of());
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(r.policy(), pets).outcome());
    Request other = new Request(new RequestPrincipal.Anonymous(), "execute-api:Invoke", API + "/other/GET/pets", Map.of());
    assertEquals(Outcome.EXPLICIT_DENY, Evaluator.evaluate(r.policy(), other).outcome());
  }

  @Test
  void isRefusedWhereTheApiIsNotKnown() {
    for (ParseResult r : List.of(PolicyParser.parse(POLICY, PolicyKind.RESOURCE),
        PolicyParser.parse(POLICY, ResourceScope.of(ResourceType.API_GATEWAY_REST_API)),
        PolicyParser.parse(POLICY, ResourceScope.of(ResourceType.S3_BUCKET)))) {
      assertFalse(r.isValid());
      assertTrue(r.problems().stream().anyMatch(p -> p.code() == ProblemCode.INVALID_RESOURCE
          && p.pointer().equals("/Statement/0/Resource") && p.message().contains("shorthand")), r.problems()::toString);
    }
  }
}
