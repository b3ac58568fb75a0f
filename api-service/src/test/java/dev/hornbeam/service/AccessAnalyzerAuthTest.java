package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * With hornbeam.auth.token set, the AWS-compatible endpoint needs the token: as a bearer token, or as the
 * secret access key of a SigV4 signature (AwsSdkIT signs with the real SDK); anything else is
 * AccessDeniedException, whatever else the request holds.
 */
@MicronautTest
@Property(name = "hornbeam.auth.token", value = "s3cret-token")
class AccessAnalyzerAuthTest extends ApiTestBase {
  static final String BODY = "{\"policyType\":\"IDENTITY_POLICY\",\"policyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\","
      + "\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}";

  static void denied(Http.Reply r) {
    assertEquals(403, r.status(), r.body());
    assertEquals("AccessDeniedException", AccessAnalyzerApiTest.header(r, "x-amzn-ErrorType"));
    assertTrue(((String) r.json().get("message")).length() > 10, r.body());
  }

  @Test
  void theTokenIsNeeded() {
    denied(http.post("/policy/validation", BODY));
    denied(http.post("/policy/check-no-public-access", "not even json"));
    denied(http.send(HttpRequest.POST("/policy/validation", BODY).contentType("application/json").bearerAuth("s3cret-tokeN")));
    denied(http.send(HttpRequest.POST("/policy/validation", BODY).contentType("application/json").header("Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/access-analyzer/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")));
    Http.Reply ok = http.send(HttpRequest.POST("/policy/validation", BODY).contentType("application/json").bearerAuth("s3cret-token"));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(java.util.List.of(), ok.json().get("findings"));
  }
}
