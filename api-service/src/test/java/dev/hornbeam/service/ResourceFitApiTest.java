package dev.hornbeam.service;

import static dev.hornbeam.service.Bodies.object;
import static dev.hornbeam.service.Bodies.policy;
import static dev.hornbeam.service.Bodies.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, item 2: a world-readable bucket policy with a {@code resourceArn} that is malformed or names
 * something else was ALLOWed by the guard and NOT_PUBLIC for the check. Now: never ALLOW, never NOT_PUBLIC.
 */
@MicronautTest
class ResourceFitApiTest extends ApiTestBase {
  private static final String BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";
  private static final String PUBLIC = policy(statement("Allow", "\"*\"", "s3:GetObject", BUCKET + "/*", null));

  private static String body(String arn, String type, String policy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resourceArn", arn);
    m.put("resourceType", type);
    m.put("policyDocument", policy);
    return object(m);
  }

  /** The cases: not an ARN, spaces, a short field list, upper case, another service. */
  @ParameterizedTest
  @ValueSource(strings = {"notanarn", " arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket ", "arn:aws:s3::b",
      "arn:aws:s3:::B", "arn:aws:sqs:us-east-1:111122223333:amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/key"})
  void aResourceArnNotOfTheTypeIsDenied(String arn) throws Exception {
    Http.Reply guard = http.post("/v1/guard/policy-attach", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals(200, guard.status(), guard.body());
    assertEquals("DENY", guard.json().get("decision"), guard.body());
    assertEquals("INVALID_REQUEST", guard.json().get("reason"), guard.body());
    Map<?, ?> problem = (Map<?, ?>) ((List<?>) guard.json().get("problems")).get(0);
    assertEquals("/resourceArn", problem.get("pointer"), guard.body());
    assertEquals("INVALID_RESOURCE_ARN", problem.get("code"), guard.body());

    Http.Reply check = http.post("/v1/checks/public-access", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals(400, check.status(), check.body());
    assertEquals("/resourceArn", check.json().get("pointer"), check.body());
    assertTrue(((String) check.json().get("detail")).contains("is not the ARN of an AWS::S3::Bucket"), check.body());
  }

  /** Another bucket (and one differing in case only): the policy cannot be about it, so it is refused. */
  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:s3:::another-bucket", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET", "arn:aws:s3:::amzn-s3-demo-bucket2"})
  void aPolicyAboutAnotherResourceIsDenied(String arn) throws Exception {
    Http.Reply guard = http.post("/v1/guard/policy-attach", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals(200, guard.status(), guard.body());
    assertEquals("DENY", guard.json().get("decision"), guard.body());
    assertEquals("INVALID_POLICY", guard.json().get("reason"), guard.body());
    Map<?, ?> problem = (Map<?, ?>) ((List<?>) guard.json().get("problems")).get(0);
    assertEquals("RESOURCE_MISMATCH", problem.get("code"), guard.body());
    assertEquals("/Statement/0/Resource", problem.get("pointer"), guard.body());

    Http.Reply check = http.post("/v1/checks/public-access", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals(400, check.status(), check.body());
    assertEquals("urn:hornbeam:problem:invalid-policy", check.json().get("type"), check.body());
    assertTrue(check.body().contains("RESOURCE_MISMATCH"), check.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"AWS::KMS::Key", "AWS::SQS::Queue", "AWS::SNS::Topic"})
  void aBucketPolicyCheckedAsAnotherTypeIsRefused(String type) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resourceType", type);
    m.put("policyDocument", PUBLIC);
    Http.Reply check = http.post("/v1/checks/public-access", object(m));
    assertEquals(400, check.status(), check.body());
    assertTrue(check.body().contains("NO_ACTION_FOR_RESOURCE_TYPE"), check.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {BUCKET})
  void theRightBucketIsStillAnswered(String arn) throws Exception {
    Http.Reply guard = http.post("/v1/guard/policy-attach", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals("DENY", guard.json().get("decision"), guard.body());
    assertEquals("PUBLIC_ACCESS", guard.json().get("reason"), guard.body());
    Http.Reply check = http.post("/v1/checks/public-access", body(arn, "AWS::S3::Bucket", PUBLIC));
    assertEquals(200, check.status(), check.body());
    assertEquals("PUBLIC", check.json().get("result"), check.body());
  }
}
