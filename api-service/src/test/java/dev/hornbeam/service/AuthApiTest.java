package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** With hornbeam.auth.token set, every /v1 endpoint needs the bearer token; /health and /prometheus do not. */
@MicronautTest
@Property(name = "hornbeam.auth.token", value = "s3cret-token")
class AuthApiTest extends ApiTestBase {
  private static final String CHECK = "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}";

  @Test
  void v1NeedsTheToken() {
    for (String path : new String[] {"/v1/checks/public-access", "/v1/guard/policy-attach"}) {
      Http.Reply none = http.send(HttpRequest.POST(path, CHECK).contentType("application/json"));
      assertEquals(401, none.status(), path + ": " + none.body());
      assertEquals("application/problem+json", none.contentType());
      assertTrue(none.headers().get("WWW-Authenticate").get(0).startsWith("Bearer"));
      Http.Reply wrong = http.send(HttpRequest.POST(path, CHECK).contentType("application/json").bearerAuth("s3cret-tokeN"));
      assertEquals(401, wrong.status(), path);
      Http.Reply basic = http.send(HttpRequest.POST(path, CHECK).contentType("application/json").basicAuth("u", "s3cret-token"));
      assertEquals(401, basic.status(), path);
    }
    Http.Reply ok = http.send(HttpRequest.POST("/v1/checks/public-access", CHECK).contentType("application/json").bearerAuth("s3cret-token"));
    assertEquals(200, ok.status(), ok.body());
    assertEquals("PUBLIC", ok.json().get("result"));
    assertEquals(200, http.get("/health").status());
    assertEquals(200, http.get("/prometheus").status());
  }
}
