package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The AWS-compatible endpoint's answers and errors on the wire (the SDK's view of them is AwsSdkIT): fail
 * closed when the solvers are saturated (FAIL, never PASS and never a 503 the SDK would retry into a
 * PASS-less loop), AWS's error shape for every malformed request. Queue bound 0 and no cache so that
 * holding every worker saturates the pools.
 */
@MicronautTest
@Property(name = "hornbeam.portfolio.max-queue", value = "0")
// The race: under auto the native backend answers these in the JVM without any worker.
@Property(name = "hornbeam.portfolio.strategy", value = "race")
@Property(name = "hornbeam.portfolio.cache-entries", value = "0")
class AccessAnalyzerApiTest extends ApiTestBase {
  /** Not public, grants one account GetObject: every check PASSes it when solved. */
  static final String PRIVATE = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Sid\\\":\\\"One\\\",\\\"Effect\\\":\\\"Allow\\\","
      + "\\\"Principal\\\":{\\\"AWS\\\":\\\"arn:aws:iam::111122223333:root\\\"},\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"arn:aws:s3:::b/*\\\"}]}";

  static String header(Http.Reply r, String name) {
    return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
        .orElse(null);
  }

  /** A ValidationException as restJson1 carries it; returns the names in fieldList. */
  @SuppressWarnings("unchecked")
  static List<String> validationException(Http.Reply r, String reason) {
    assertEquals(400, r.status(), r.body());
    assertEquals("ValidationException", header(r, "x-amzn-ErrorType"), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(reason, r.json().get("reason"), r.body());
    assertFalse(((String) r.json().get("message")).isBlank());
    List<String> names = new ArrayList<>();
    for (Map<String, Object> f : (List<Map<String, Object>>) r.json().get("fieldList")) {
      names.add((String) f.get("name"));
      assertFalse(((String) f.get("message")).isBlank());
    }
    return names;
  }

  @Test
  void everyCheckIsFailWhenTheSolversAreSaturatedAndPassWhenSolved() throws Exception {
    String[][] calls = {
        {"/policy/check-no-public-access", "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + PRIVATE + "\"}"},
        {"/policy/check-no-new-access", "{\"existingPolicyDocument\":\"" + PRIVATE + "\",\"newPolicyDocument\":\"" + PRIVATE
            + "\",\"policyType\":\"RESOURCE_POLICY\"}"},
        {"/policy/check-access-not-granted", "{\"policyDocument\":\"" + PRIVATE + "\",\"policyType\":\"RESOURCE_POLICY\","
            + "\"access\":[{\"actions\":[\"s3:PutObject\"]}]}"}};
    List<Worker> held = new ArrayList<>();
    List<WorkerPool> pools = new ArrayList<>(checker.portfolio().pools().values());
    for (WorkerPool pool : pools) {
      for (int i = 0; i < pool.size(); i++) {
        held.add(pool.acquire().get(30, TimeUnit.SECONDS));
      }
    }
    try {
      for (String[] call : calls) {
        Http.Reply r = http.post(call[0], call[1]);
        assertEquals(200, r.status(), call[0] + ": " + r.body());
        assertEquals("FAIL", r.json().get("result"), call[0] + ": " + r.body());
        assertTrue(((String) r.json().get("message")).contains("saturated"), r.body());
      }
    } finally {
      for (Worker w : held) {
        pools.stream().filter(p -> p.solver() == w.solver()).findFirst().orElseThrow().release(w, true, false);
      }
    }
    for (String[] call : calls) {
      Http.Reply r = http.post(call[0], call[1]);
      assertEquals(200, r.status(), call[0] + ": " + r.body());
      assertEquals("PASS", r.json().get("result"), call[0] + ": " + r.body());
      assertEquals(List.of(), r.json().get("reasons"));
      assertEquals(Map.of("result", 0, "message", 0, "reasons", 0).keySet(), r.json().keySet(), "AWS's members only: " + r.body());
    }
  }

  @Test
  void malformedRequestsAreValidationExceptionsNamingTheMember() {
    assertEquals(List.of(), validationException(http.post("/policy/check-no-public-access", "not json"), "cannotParse"));
    assertEquals(List.of("policyType"), validationException(http.post("/policy/check-no-new-access",
        "{\"existingPolicyDocument\":\"" + PRIVATE + "\",\"newPolicyDocument\":\"" + PRIVATE + "\"}"), "fieldValidationFailed"));
    assertEquals(List.of("policyType"), validationException(http.post("/policy/check-no-new-access",
        "{\"existingPolicyDocument\":\"" + PRIVATE + "\",\"newPolicyDocument\":\"" + PRIVATE + "\",\"policyType\":\"resource_policy\"}"),
        "fieldValidationFailed"));
    assertEquals(List.of("newPolicyDocument"), validationException(http.post("/policy/check-no-new-access",
        "{\"existingPolicyDocument\":\"" + PRIVATE + "\",\"policyType\":\"RESOURCE_POLICY\"}"), "fieldValidationFailed"));
    // /v1's inline "policy" member is not AWS's: refused by name, never read.
    assertEquals(List.of("policy"), validationException(http.post("/policy/check-no-public-access",
        "{\"resourceType\":\"AWS::S3::Bucket\",\"policy\":{}}"), "fieldValidationFailed"));
    assertEquals(List.of("access"), validationException(http.post("/policy/check-access-not-granted",
        "{\"policyDocument\":\"" + PRIVATE + "\",\"policyType\":\"RESOURCE_POLICY\",\"access\":[{\"actions\":[\"s3:Get Object\"]}]}"),
        "fieldValidationFailed"));
    assertEquals(List.of("resourceType"), validationException(http.post("/policy/check-no-public-access",
        "{\"resourceType\":\"AWS::EC2::Instance\",\"policyDocument\":\"" + PRIVATE + "\"}"), "notSupported"));
    // A type Hornbeam knows (issue 16), with a policy of another service's actions: the policy does not fit it.
    assertEquals(List.of("policyDocument", "policyDocument"), validationException(http.post("/policy/check-no-public-access",
        "{\"resourceType\":\"AWS::DynamoDB::Table\",\"policyDocument\":\"" + PRIVATE + "\"}"), "fieldValidationFailed"));
    assertEquals(List.of("policyType"), validationException(http.post("/policy/validation",
        "{\"policyType\":\"RESOURCE_CONTROL_POLICY\",\"policyDocument\":\"" + PRIVATE + "\"}"), "notSupported"));
    assertEquals(List.of("locale"), validationException(http.post("/policy/validation",
        "{\"policyType\":\"RESOURCE_POLICY\",\"locale\":\"XX\",\"policyDocument\":\"" + PRIVATE + "\"}"), "fieldValidationFailed"));
    assertEquals(List.of("validatePolicyResourceType"), validationException(http.post("/policy/validation",
        "{\"policyType\":\"IDENTITY_POLICY\",\"validatePolicyResourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + PRIVATE + "\"}"),
        "fieldValidationFailed"));
    assertEquals(List.of("nextToken"), validationException(http.post("/policy/validation?nextToken=forged",
        "{\"policyType\":\"RESOURCE_POLICY\",\"policyDocument\":\"" + PRIVATE + "\"}"), "fieldValidationFailed"));
    assertEquals(List.of("x-hornbeam-deadline-millis"), validationException(http.send(HttpRequest.POST("/policy/check-no-public-access",
        "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + PRIVATE + "\"}").contentType("application/json")
        .header("x-hornbeam-deadline-millis", "0")), "fieldValidationFailed"));
  }

  /**
   * The framework's refusals on the AWS-compatible paths besides a wrong method, content type or size: an
   * unknown operation, an answer type the endpoint cannot give, a body that is JSON but no object, a
   * declared charset other than UTF-8. Each is a 4xx with a JSON error and never a stack trace; where the
   * path is an operation, AWS's ValidationException shape.
   */
  @Test
  void otherFrameworkRefusalsAreClientErrorsWithoutInternals() {
    String call = "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + PRIVATE + "\"}";
    List<Http.Reply> replies = List.of(
        http.post("/policy/check-no-such-thing", call),
        http.send(HttpRequest.POST("/policy/check-no-public-access", call).contentType("application/json").accept("application/xml")),
        http.post("/policy/check-no-public-access", "[]"),
        http.post("/policy/check-no-public-access", "\"a string\""),
        http.send(HttpRequest.POST("/policy/check-no-public-access", call).contentType("application/json; charset=UTF-16")));
    for (Http.Reply r : replies) {
      assertTrue(r.status() >= 400 && r.status() < 500, r.status() + ": " + r.body());
      assertFalse(r.body().contains("Exception:") || r.body().contains("\tat ") || r.body().contains("dev.hornbeam"), r.body());
      assertTrue(r.contentType() != null && r.contentType().startsWith("application/"), r.contentType());
    }
    for (Http.Reply r : replies.subList(2, 4)) {
      validationException(r, "cannotParse");
    }
  }

  @Test
  void validatePolicyAnswersAnInvalidPolicyWithErrorFindingsAndAValidOneWithNone() {
    Http.Reply ok = http.post("/policy/validation", "{\"policyType\":\"RESOURCE_POLICY\",\"validatePolicyResourceType\":\"AWS::S3::Bucket\","
        + "\"policyDocument\":\"" + PRIVATE + "\"}");
    assertEquals(200, ok.status(), ok.body());
    assertEquals(List.of(), ok.json().get("findings"));
    assertNull(ok.json().get("nextToken"), ok.body());
    // An identity policy must not name a Principal: an ERROR finding at /Statement/0/Principal, answered 200 as AWS does.
    Http.Reply bad = http.post("/policy/validation", "{\"policyType\":\"IDENTITY_POLICY\",\"policyDocument\":\"" + PRIVATE + "\"}");
    assertEquals(200, bad.status(), bad.body());
    List<Map<String, Object>> findings = bad.list("findings");
    assertTrue(findings.stream().anyMatch(f -> f.get("findingType").equals("ERROR")), bad.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> location = ((List<Map<String, Object>>) findings.get(0).get("locations")).get(0);
    assertEquals(List.of(Map.of("value", "Statement"), Map.of("index", 0), Map.of("value", "Principal")), location.get("path"), bad.body());
  }
}
