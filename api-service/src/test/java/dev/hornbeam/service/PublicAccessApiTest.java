package dev.hornbeam.service;

import static dev.hornbeam.service.Bodies.object;
import static dev.hornbeam.service.Bodies.policy;
import static dev.hornbeam.service.Bodies.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** POST /v1/checks/public-access over real HTTP with the real portfolio (worker processes). */
@MicronautTest
class PublicAccessApiTest extends ApiTestBase {

  private static String check(String type, Object policyField, boolean asObject) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resourceType", type);
    m.put(asObject ? "policy" : "policyDocument", asObject ? new Bodies.Raw((String) policyField) : policyField);
    return object(m);
  }

  @ParameterizedTest(name = "{0} {2}")
  @CsvSource(delimiter = '|', value = {
      "AWS::S3::Bucket | s3:GetObject | arn:aws:s3:::b/* | {\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}}",
      "AWS::KMS::Key | kms:Decrypt | * | {\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\"}}",
      "AWS::SQS::Queue | sqs:SendMessage | arn:aws:sqs:us-east-1:111122223333:q | {\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:t\"}}",
      "AWS::SNS::Topic | sns:Publish | arn:aws:sns:us-east-1:111122223333:t | {\"StringEquals\":{\"aws:SourceOwner\":\"111122223333\"}}"})
  void publicAndNotPublicForEachResourceType(String type, String action, String resource, String restriction) {
    for (boolean asObject : new boolean[] {false, true}) {
      String open = policy(statement("Allow", "\"*\"", action, resource, null).replace("{\"Effect\"", "{\"Sid\":\"Open\",\"Effect\""));
      Http.Reply pub = http.post("/v1/checks/public-access", check(type, open, asObject));
      assertEquals(200, pub.status(), pub.body());
      assertEquals("PUBLIC", pub.json().get("result"), pub.body());
      assertEquals("SOLVED", pub.json().get("reason"));
      Map<String, Object> finding = pub.list("reasons").get(0);
      assertEquals(0, ((Number) finding.get("statementIndex")).intValue());
      assertEquals("Open", finding.get("statementId"));
      Map<String, Object> witness = pub.map("witness");
      assertEquals(action, witness.get("action"));
      assertTrue(((String) witness.get("description")).contains(" calls " + action), pub.body());
      assertTrue(List.of("native", "z3", "cvc5").contains(pub.json().get("solver")));
      assertTrue(((Number) pub.map("timings").get("total")).doubleValue() > 0);

      String closed = policy(statement("Allow", "\"*\"", action, resource, restriction));
      Http.Reply not = http.post("/v1/checks/public-access", check(type, closed, asObject));
      assertEquals(200, not.status(), not.body());
      assertEquals("NOT_PUBLIC", not.json().get("result"), not.body());
      assertEquals("SOLVED", not.json().get("reason"));
      assertEquals(List.of(), not.list("reasons"));
      assertNull(not.json().get("witness"));
    }
  }

  @Test
  void invalidPolicyObjectGivesProblemsWithPointersIntoTheRequest() {
    String bad = policy("{\"Effect\":\"allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
    Http.Reply r = http.post("/v1/checks/public-access", check("AWS::S3::Bucket", bad, true));
    assertEquals(400, r.status(), r.body());
    assertEquals("application/problem+json", r.contentType());
    assertEquals("urn:hornbeam:problem:invalid-policy", r.json().get("type"));
    Map<String, Object> p = r.list("problems").get(0);
    assertEquals("/policy/Statement/0/Effect", p.get("pointer"));
    assertEquals("INVALID_EFFECT", p.get("code"));
    assertEquals("error", p.get("severity"));
    assertEquals("policy", p.get("field"));
  }

  @Test
  void invalidPolicyDocumentGivesPointersIntoTheDocument() {
    String bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    Http.Reply r = http.post("/v1/checks/public-access", check("AWS::S3::Bucket", bad, false));
    assertEquals(400, r.status(), r.body());
    Map<String, Object> p = r.list("problems").get(0);
    assertEquals("policyDocument", p.get("field"));
    assertTrue(((String) p.get("pointer")).startsWith("/Statement/0"), r.body());
    // A document that is not JSON at all is a located problem too, not a 500.
    Http.Reply notJson = http.post("/v1/checks/public-access", check("AWS::S3::Bucket", "{\"Version\":", false));
    assertEquals(400, notJson.status(), notJson.body());
    assertEquals("urn:hornbeam:problem:invalid-policy", notJson.json().get("type"));
  }

  @Test
  void duplicateKeysInAnInlinePolicyAreCaught() {
    String dup = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    Http.Reply r = http.post("/v1/checks/public-access", check("AWS::S3::Bucket", dup, true));
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("/policy/Statement/0/Effect"), r.body());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json | {\"resourceType\": | ",
      "not an object | [1,2] | ",
      "missing type | {\"policyDocument\":\"{}\"} | /resourceType",
      "unknown type | {\"resourceType\":\"AWS::EC2::Instance\",\"policyDocument\":\"{}\"} | /resourceType",
      "type not a string | {\"resourceType\":7,\"policyDocument\":\"{}\"} | /resourceType",
      "no policy | {\"resourceType\":\"AWS::S3::Bucket\"} | /policy",
      "both policies | {\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"{}\",\"policy\":{}} | /policy",
      "policy not an object | {\"resourceType\":\"AWS::S3::Bucket\",\"policy\":\"{}\"} | /policy",
      "duplicate member | {\"resourceType\":\"AWS::S3::Bucket\",\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"{}\"} | /resourceType",
      "bad deadline | {\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"{}\",\"deadlineMillis\":-5} | /deadlineMillis",
      "huge deadline | {\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"{}\",\"deadlineMillis\":99999999999} | /deadlineMillis"})
  void malformedCallsAreProblemsNamingThePlace(String what, String body, String pointer) {
    Http.Reply r = http.post("/v1/checks/public-access", body);
    assertEquals(400, r.status(), what + ": " + r.body());
    assertEquals("application/problem+json", r.contentType(), what);
    assertEquals("urn:hornbeam:problem:bad-request", r.json().get("type"), r.body());
    assertEquals(pointer, r.json().get("pointer"), what + ": " + r.body());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
  }

  @Test
  void wrongContentTypeIs415() {
    Http.Reply r = http.send(HttpRequest.POST("/v1/checks/public-access", "resourceType=s3").contentType("text/plain"));
    assertEquals(415, r.status(), r.body());
    assertEquals("application/problem+json", r.contentType());
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + "x".repeat(2 << 20) + "\"}";
    Http.Reply r = http.post("/v1/checks/public-access", big);
    assertEquals(413, r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
    assertEquals("application/problem+json", r.contentType());
  }

  @Test
  void aPolicyOverItsTypesQuotaIsInvalid() {
    // 20 KB is the S3 quota: a 30 KB policy is located as too large, not solved.
    StringBuilder sts = new StringBuilder();
    for (int i = 0; sts.length() < 30_000; i++) {
      sts.append(i == 0 ? "" : ",").append(statement("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "s3:GetObject", "arn:aws:s3:::b" + i + "/*", null));
    }
    Http.Reply r = http.post("/v1/checks/public-access", check("AWS::S3::Bucket", policy(sts.toString()), false));
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("TOO_LARGE") || r.body().contains("SIZE"), r.body());
  }

  @Inject
  Router router;

  @Test
  void theOpenApiDocumentIsServedAndDescribesEveryRoute() {
    Http.Reply r = http.get("/openapi");
    assertEquals(200, r.status());
    assertTrue(r.body().startsWith("openapi: 3"), r.body());
    List<String> routes = router.uriRoutes().map(u -> u.getUriMatchTemplate().toString() + " " + u.getHttpMethodName())
        .filter(u -> (u.startsWith("/v1/") || u.startsWith("/openapi ")) && !u.endsWith(" HEAD")).sorted().toList();
    assertTrue(routes.size() >= 9, routes.toString());
    for (String route : routes) {
      String path = route.substring(0, route.indexOf(' '));
      String method = route.substring(route.indexOf(' ') + 1).toLowerCase(Locale.ROOT);
      int at = r.body().indexOf("\n  " + path + ":\n");
      assertTrue(at >= 0, "openapi.yaml has no path " + path);
      int next = r.body().indexOf("\n  /", at + 1);
      String block = r.body().substring(at, next < 0 ? r.body().indexOf("\ncomponents:") : next);
      assertTrue(block.contains("\n    " + method + ":"), "openapi.yaml has no " + method + " for " + path);
    }
  }
}
