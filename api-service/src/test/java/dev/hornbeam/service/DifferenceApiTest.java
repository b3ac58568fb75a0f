package dev.hornbeam.service;

import static dev.hornbeam.service.Bodies.members;
import static dev.hornbeam.service.Bodies.policy;
import static dev.hornbeam.service.Bodies.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The questions on two request sets over real HTTP with the real portfolio: POST /v1/checks/no-new-access,
 * /v1/checks/access-not-granted, /v1/checks/cross-account and /v1/compare, on IAM Access Analyzer's
 * sample policies (test resources aa-samples/).
 */
@MicronautTest
class DifferenceApiTest extends ApiTestBase {
  private static final String KMS_OWNER = "{\"AWS\":\"arn:aws:iam::111122223333:root\"}";

  private static Bodies.Raw sample(String name) {
    return new Bodies.Raw(Samples.text(name));
  }

  private static String policyType(String sample) {
    return sample.startsWith("bucket-") ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
  }

  /** A FAIL with a witness and the statements that grant it, or a PASS with neither. */
  private static void solved(Map<String, Object> answer, String expected, String body) {
    assertEquals(expected, answer.get("result"), body);
    assertEquals("SOLVED", answer.get("reason"), body);
    assertTrue(List.of("native", "z3", "cvc5").contains(answer.get("solver")), body);
    assertTrue(((Number) ((Map<?, ?>) answer.get("timings")).get("total")).doubleValue() > 0, body);
    List<?> reasons = (List<?>) answer.get("reasons");
    if (expected.equals("FAIL")) {
      assertNotNull(answer.get("witness"), body);
      assertFalse(reasons.isEmpty(), body);
      assertFalse(((String) ((Map<?, ?>) answer.get("witness")).get("description")).isEmpty(), body);
    } else {
      assertNull(answer.get("witness"), body);
      assertEquals(List.of(), reasons, body);
    }
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource({"principals-pass-2, principals-reference, PASS", "principals-fail-5, principals-reference, FAIL",
      "bucket-pass-1, bucket-reference, PASS", "bucket-fail-3, bucket-reference, FAIL"})
  void noNewAccessGivesAccessAnalyzersDocumentedResult(String candidate, String reference, String expected) {
    for (boolean asObject : new boolean[] {false, true}) {
      String body = asObject
          ? members("existingPolicy", sample(reference), "newPolicy", sample(candidate), "policyType", policyType(candidate))
          : members("existingPolicyDocument", Samples.text(reference), "newPolicyDocument", Samples.text(candidate),
              "policyType", policyType(candidate));
      Http.Reply r = http.post("/v1/checks/no-new-access", body);
      assertEquals(200, r.status(), r.body());
      solved(r.json(), expected, r.body());
      assertTrue(((String) r.json().get("message")).startsWith(expected.equals("PASS") ? "The new policy grants no access"
          : "The new policy grants access that the existing policy does not: "), r.body());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void newAccessNamesTheNewPrincipalAndTheGrantingStatement() {
    Http.Reply r = http.post("/v1/checks/no-new-access", members("existingPolicy", sample("principals-reference"),
        "newPolicy", sample("principals-fail-5"), "resourceType", "AWS::S3::Bucket"));
    assertEquals(200, r.status(), r.body());
    solved(r.json(), "FAIL", r.body());
    Map<String, Object> who = (Map<String, Object>) r.map("witness").get("principal");
    assertEquals("aws", who.get("type"));
    assertEquals("111111111111", who.get("accountId"));
    assertTrue(((String) who.get("arn")).contains("MyOtherRole"), r.body());
    assertEquals("s3:PutObject", r.map("witness").get("action"));
    assertEquals(0, ((Number) r.list("reasons").get(0).get("statementIndex")).intValue());
  }

  @Test
  void policyTypeDecidesHowThePoliciesAreValidated() {
    // Identity policies name no Principal: as resource policies (the default) they are invalid, with pointers.
    Http.Reply asResource = http.post("/v1/checks/no-new-access",
        members("existingPolicy", sample("bucket-reference"), "newPolicy", sample("bucket-pass-1")));
    assertEquals(400, asResource.status(), asResource.body());
    assertEquals("urn:hornbeam:problem:invalid-policy", asResource.json().get("type"));
    assertTrue(asResource.list("problems").stream().anyMatch(p -> p.get("pointer").equals("/existingPolicy/Statement/0")
        && p.get("code").equals("MISSING_PRINCIPAL")), asResource.body());
    assertTrue(asResource.list("problems").stream().anyMatch(p -> p.get("pointer").equals("/newPolicy/Statement/0")), asResource.body());
    // And a resource policy is not an identity policy.
    Http.Reply asIdentity = http.post("/v1/checks/no-new-access", members("existingPolicy", sample("principals-reference"),
        "newPolicy", sample("principals-pass-2"), "policyType", "IDENTITY_POLICY"));
    assertEquals(400, asIdentity.status(), asIdentity.body());
    assertTrue(asIdentity.list("problems").stream().anyMatch(p -> p.get("pointer").equals("/newPolicy/Statement/0/Principal")
        && p.get("code").equals("PRINCIPAL_NOT_ALLOWED")), asIdentity.body());
  }

  private static String access(String policySample, List<String> actions, List<String> resources) {
    return members("policy", sample(policySample), "policyType", "IDENTITY_POLICY",
        "access", new Bodies.Raw("[{\"actions\":" + strings(actions) + ",\"resources\":" + strings(resources) + "}]"));
  }

  private static String strings(List<String> list) {
    return list.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  @Test
  void accessNotGranted() {
    List<String> actions = List.of("s3:PutBucketPolicy", "s3:DeleteBucket*");
    List<String> resources = List.of("arn:aws:s3:::my-sensitive-bucket");
    Http.Reply pass = http.post("/v1/checks/access-not-granted", access("bucket-pass-1", actions, resources));
    assertEquals(200, pass.status(), pass.body());
    solved(pass.json(), "PASS", pass.body());
    Http.Reply fail = http.post("/v1/checks/access-not-granted", access("bucket-fail-4", actions, resources));
    assertEquals(200, fail.status(), fail.body());
    solved(fail.json(), "FAIL", fail.body());
    assertEquals("s3:PutBucketPolicy", fail.map("witness").get("action"));
    assertEquals("arn:aws:s3:::my-sensitive-bucket", fail.map("witness").get("resource"));
    // Only resources: any action on them.
    Http.Reply other = http.post("/v1/checks/access-not-granted", access("bucket-pass-1", List.of(), List.of("arn:aws:s3:::other*")));
    solved(other.json(), "PASS", other.body());
  }

  @Test
  @SuppressWarnings("unchecked")
  void crossAccount() {
    String own = policy(statement("Allow", KMS_OWNER, "kms:*", "*", null));
    Http.Reply pass = http.post("/v1/checks/cross-account", members("policyDocument", own, "ownerAccount", "111122223333",
        "resourceType", "AWS::KMS::Key"));
    assertEquals(200, pass.status(), pass.body());
    solved(pass.json(), "PASS", pass.body());
    String shared = policy(statement("Allow", KMS_OWNER, "kms:*", "*", null),
        statement("Allow", "{\"AWS\":\"arn:aws:iam::444455556666:role/Reader\"}", "kms:Decrypt", "*", null));
    Http.Reply fail = http.post("/v1/checks/cross-account", members("policy", new Bodies.Raw(shared), "ownerAccount", "111122223333",
        "resourceType", "AWS::KMS::Key", "policyType", "RESOURCE_POLICY"));
    assertEquals(200, fail.status(), fail.body());
    solved(fail.json(), "FAIL", fail.body());
    assertEquals("444455556666", ((Map<String, Object>) fail.map("witness").get("principal")).get("accountId"), fail.body());
    assertEquals(1, ((Number) fail.list("reasons").get(0).get("statementIndex")).intValue());
  }

  private Http.Reply compare(String first, String second) {
    return http.post("/v1/compare", members("policy1", sample(first), "policy2Document", Samples.text(second),
        "policyType", "IDENTITY_POLICY"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void compareGivesEachRelationWithAWitnessPerDirection() {
    Http.Reply less = compare("bucket-fail-3", "bucket-fail-5");
    assertEquals(200, less.status(), less.body());
    assertEquals("LESS_OR_EQUAL", less.json().get("relation"), less.body());
    assertEquals("SOLVED", less.json().get("reason"));
    solved(less.map("firstBeyondSecond"), "PASS", less.body());
    solved(less.map("secondBeyondFirst"), "FAIL", less.body());
    assertTrue(((Number) less.map("timings").get("total")).doubleValue() > 0, less.body());
    assertEquals("MORE", compare("bucket-fail-5", "bucket-fail-3").json().get("relation"));
    assertEquals("EQUIVALENT", compare("bucket-reference", "bucket-reference").json().get("relation"));
    Http.Reply neither = compare("bucket-fail-3", "bucket-pass-1");
    assertEquals("INCOMPARABLE", neither.json().get("relation"), neither.body());
    solved(neither.map("firstBeyondSecond"), "FAIL", neither.body());
    solved(neither.map("secondBeyondFirst"), "FAIL", neither.body());
    assertEquals("arn:aws:s3:::my-sensitive-bucket", ((Map<String, Object>) neither.map("firstBeyondSecond").get("witness")).get("resource"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDeadlineThatCannotBeMetFailsClosed() {
    // Policies no other test asks about: the answer cache keeps definite answers whatever the deadline. A
    // policy variable with a default is what the native backend leaves to the race (it would otherwise
    // prove these in well under a millisecond), and the race cannot answer in 1 ms.
    String a = policy(statement("Allow", "\"*\"", "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:api-deadline-${aws:username, 'a'}", null));
    String b = policy(statement("Allow", "\"*\"", "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:111122223333:api-deadline-${aws:username, 'b'}", null));
    List<Http.Reply> checks = List.of(
        http.post("/v1/checks/no-new-access", members("existingPolicyDocument", a, "newPolicyDocument", b, "deadlineMillis", 1)),
        http.post("/v1/checks/access-not-granted", members("policyDocument", a, "deadlineMillis", 1,
            "access", new Bodies.Raw("[{\"actions\":[\"sqs:SendMessage\"]}]"))),
        http.post("/v1/checks/cross-account", members("policyDocument", b, "ownerAccount", "111122223333", "deadlineMillis", 1)));
    for (Http.Reply r : checks) {
      assertEquals(200, r.status(), r.body());
      assertEquals("FAIL", r.json().get("result"), r.body());
      assertEquals("TIMEOUT", r.json().get("reason"), r.body());
      assertNull(r.json().get("witness"), r.body());
      assertTrue(((String) r.json().get("message")).startsWith("Treated as FAIL because no solver answered by the deadline"), r.body());
    }
    Http.Reply c = http.post("/v1/compare", members("policy1Document", a, "policy2Document", b, "resourceType", "AWS::SQS::Queue",
        "deadlineMillis", 1));
    assertEquals(200, c.status(), c.body());
    assertEquals("INCOMPARABLE", c.json().get("relation"), c.body());
    assertEquals("TIMEOUT", c.json().get("reason"), c.body());
    assertEquals("TIMEOUT", c.map("firstBeyondSecond").get("reason"), c.body());
  }

  static Stream<Arguments> malformedCalls() {
    String ok = policy(statement("Allow", "\"*\"", "s3:GetObject", "*", null));
    Bodies.Raw okObject = new Bodies.Raw(ok);
    String badEffect = statement("allow", "\"*\"", "s3:GetObject", "*", null);
    String nna = "/v1/checks/no-new-access";
    String ang = "/v1/checks/access-not-granted";
    String xa = "/v1/checks/cross-account";
    String many = IntStream.range(0, 101).mapToObj(i -> "\"s3:Get" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    return Stream.of(
        Arguments.of(nna, members("existingPolicy", okObject, "newPolicy", new Bodies.Raw(policy(
            statement("Allow", "\"*\"", "s3:GetObject", "*", null), statement("Deny", "\"*\"", "s3:PutObject", "*", null), badEffect))),
            "invalid-policy", "/newPolicy/Statement/2/Effect"),
        Arguments.of(nna, members("existingPolicy", okObject, "newPolicyDocument", policy(
            statement("Allow", "\"*\"", "s3:GetObject", "*", null), badEffect)), "invalid-policy", "/Statement/1/Effect"),
        Arguments.of(nna, members("existingPolicy", okObject), "bad-request", "/newPolicy"),
        Arguments.of(nna, members("existingPolicy", okObject, "existingPolicyDocument", ok, "newPolicy", okObject), "bad-request",
            "/existingPolicy"),
        Arguments.of(nna, members("existingPolicy", okObject, "newPolicy", okObject, "policyType", "SERVICE_CONTROL_POLICY"),
            "bad-request", "/policyType"),
        Arguments.of(nna, members("existingPolicy", okObject, "newPolicy", okObject, "resourceType", "AWS::EC2::Instance"),
            "bad-request", "/resourceType"),
        Arguments.of(nna, members("existingPolicy", okObject, "newPolicy", okObject, "deadlineMillis", 0), "bad-request",
            "/deadlineMillis"),
        Arguments.of(ang, members("policy", okObject), "bad-request", "/access"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("{\"actions\":[\"s3:GetObject\"]}")), "bad-request",
            "/access"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[]")), "bad-request", "/access"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[\"s3:GetObject\"]},{\"actions\":[]}]")),
            "bad-request", "/access/1"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{}]")), "bad-request", "/access/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[],\"resources\":[]}]")), "bad-request",
            "/access/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[7]")), "bad-request", "/access/0"),
        Arguments.of(ang, members("policy", okObject, "access",
            new Bodies.Raw("[{\"actions\":[\"s3:GetObject\",\"s3:Put*\",\"kms:*\",\"\"]}]")), "bad-request", "/access/0/actions/3"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[\"s3:GetObject\",\"s3GetObject\"]}]")),
            "bad-request", "/access/0/actions/1"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"resources\":[\"my-bucket\"]}]")), "bad-request",
            "/access/0/resources/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":" + many + "}]")), "bad-request",
            "/access/0/actions/100"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[\"" + "s3:G" + "e".repeat(3000) + "\"]}]")),
            "bad-request", "/access/0/actions/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[\"s3:Get\\u0001\"]}]")), "bad-request",
            "/access/0/actions/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":[7]}]")), "bad-request",
            "/access/0/actions/0"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"actions\":\"s3:GetObject\"}]")), "bad-request",
            "/access/0/actions"),
        Arguments.of(ang, members("policy", okObject, "access", new Bodies.Raw("[{\"principals\":[\"*\"]}]")), "bad-request",
            "/access/0/principals"),
        Arguments.of(ang, members("policy", okObject, "access",
            new Bodies.Raw("[{\"actions\":[\"s3:GetObject\"],\"actions\":[\"s3:PutObject\"]}]")), "bad-request", "/access/0/actions"),
        Arguments.of(xa, members("policy", okObject, "ownerAccount", "11112222333"), "bad-request", "/ownerAccount"),
        Arguments.of(xa, members("policy", okObject, "ownerAccount", "11112222333a"), "bad-request", "/ownerAccount"),
        Arguments.of(xa, members("policy", okObject), "bad-request", "/ownerAccount"),
        Arguments.of(xa, members("policy", okObject, "ownerAccount", 111122223333L), "bad-request", "/ownerAccount"),
        Arguments.of("/v1/compare", members("policy2", okObject), "bad-request", "/policy1"),
        Arguments.of("/v1/compare", members("policy1", okObject, "policy2", "{}"), "bad-request", "/policy2"),
        Arguments.of("/v1/compare", members("policy1", new Bodies.Raw(policy(badEffect)), "policy2", okObject), "invalid-policy",
            "/policy1/Statement/0/Effect"));
  }

  @ParameterizedTest(name = "{0} {3}")
  @MethodSource("malformedCalls")
  void malformedCallsAreProblemsNamingThePlace(String path, String body, String type, String pointer) {
    Http.Reply r = http.post(path, body);
    assertEquals(400, r.status(), r.body());
    assertEquals("application/problem+json", r.contentType());
    assertEquals("urn:hornbeam:problem:" + type, r.json().get("type"), r.body());
    if (type.equals("invalid-policy")) {
      assertNull(r.json().get("pointer"), r.body());
      assertTrue(r.list("problems").stream().anyMatch(p -> p.get("pointer").equals(pointer) && p.get("severity").equals("error")),
          r.body());
    } else {
      assertEquals(pointer, r.json().get("pointer"), r.body());
    }
    assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
  }

  @Test
  void prometheusCountsEachQuestion() {
    String a = policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "sns:Publish", "*", null));
    http.post("/v1/checks/no-new-access", members("existingPolicyDocument", a, "newPolicyDocument", a));
    http.post("/v1/checks/access-not-granted", members("policyDocument", a, "access", new Bodies.Raw("[{\"actions\":[\"sns:Subscribe\"]}]")));
    http.post("/v1/checks/cross-account", members("policyDocument", a, "ownerAccount", "111122223333"));
    http.post("/v1/compare", members("policy1Document", a, "policy2Document", a));
    String text = http.get("/prometheus").body();
    for (String metric : new String[] {
        "hornbeam_answers_total{question=\"no-new-access\",reason=\"solved\",result=\"pass\"}",
        "hornbeam_answers_total{question=\"access-not-granted\",reason=\"solved\",result=\"pass\"}",
        "hornbeam_answers_total{question=\"cross-account\",reason=\"solved\",result=\"pass\"}",
        "hornbeam_answers_total{question=\"compare\",reason=\"solved\",result=\"equivalent\"}",
        "http_server_requests_seconds_count{"}) {
      assertTrue(text.contains(metric), "missing " + metric);
    }
    assertTrue(text.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/v1/compare\"")),
        "HTTP timings per endpoint");
  }
}
