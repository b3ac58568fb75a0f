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
    assertEquals(401, http.get("/prometheus").status());
  }

  /**
   * Issue 14 item 11: with a token configured, /health showed disk space, solver versions and pool state,
   * and /prometheus the traffic and answer mix, to anyone. Now without the token /health (and the probes)
   * answer only UP or DOWN, and /prometheus needs the token.
   */
  @Test
  void healthDetailsAndMetricsNeedTheToken() {
    for (String path : new String[] {"/health", "/health/readiness", "/health/liveness"}) {
      Http.Reply anonymous = http.get(path);
      assertEquals(200, anonymous.status(), path + ": " + anonymous.body());
      assertEquals("UP", anonymous.json().get("status"), anonymous.body());
      assertEquals(null, anonymous.json().get("details"), anonymous.body());
      assertTrue(!anonymous.body().contains("solverPools")
          && !anonymous.body().contains("diskSpace") && !anonymous.body().contains("version"), path + ": " + anonymous.body());
      Http.Reply wrong = http.send(HttpRequest.GET(path).bearerAuth("s3cret-tokeN"));
      assertEquals(200, wrong.status(), path);
      assertTrue(!wrong.body().contains("solverPools"), wrong.body());
    }
    Http.Reply detailed = http.send(HttpRequest.GET("/health").bearerAuth("s3cret-token"));
    assertEquals(200, detailed.status(), detailed.body());
    assertTrue(detailed.body().contains("solverPools") && detailed.body().contains("diskSpace"), detailed.body());
    Http.Reply metrics = http.get("/prometheus");
    assertEquals(401, metrics.status(), metrics.body());
    assertTrue(!metrics.body().contains("http_server_requests"), metrics.body());
    Http.Reply withToken = http.send(HttpRequest.GET("/prometheus").bearerAuth("s3cret-token"));
    assertEquals(200, withToken.status());
    assertTrue(withToken.body().contains("http_server_requests"), withToken.body().substring(0, Math.min(500, withToken.body().length())));
    assertEquals(200, http.get("/openapi").status());
    assertEquals(401, http.get("/no-such-endpoint").status());
  }
}
