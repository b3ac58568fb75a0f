package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication off (the default), /health with the solver pools, /prometheus with Hornbeam's and HTTP metrics. */
@MicronautTest
class OperationsApiTest extends ApiTestBase {
  private static final String CHECK = "{\"resourceType\":\"AWS::SQS::Queue\",\"policyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"sqs:SendMessage\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}";

  @Test
  void withoutATokenConfiguredV1IsOpen() {
    Http.Reply r = http.send(HttpRequest.POST("/v1/checks/public-access", CHECK).contentType("application/json"));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthReportsTheSolverPools() {
    Http.Reply health = http.get("/health");
    assertEquals(200, health.status(), health.body());
    assertEquals("UP", health.json().get("status"));
    Map<String, Object> pools = (Map<String, Object>) ((Map<String, Object>) health.map("details").get("solverPools")).get("details");
    Map<String, Object> z3 = (Map<String, Object>) pools.get("z3");
    assertEquals(1, ((Number) z3.get("live")).intValue());
    assertTrue(((String) z3.get("version")).startsWith("z3 4."), health.body());
    assertTrue(((String) ((Map<String, Object>) pools.get("cvc5")).get("version")).startsWith("cvc5 1."));
    // The default strategy asks the native backend first (issue 15).
    assertTrue(((String) pools.get("strategy")).startsWith("auto"), health.body());
    assertTrue(((String) ((Map<String, Object>) pools.get("native")).get("version")).startsWith("native "), health.body());
    assertEquals(200, http.get("/health/readiness").status());
    assertEquals(200, http.get("/health/liveness").status());
  }

  @Test
  void prometheusHasHornbeamAndHttpMetrics() {
    http.send(HttpRequest.POST("/v1/checks/public-access", CHECK).contentType("application/json"));
    Http.Reply prom = http.get("/prometheus");
    assertEquals(200, prom.status());
    String text = prom.body();
    for (String metric : new String[] {
        "hornbeam_answers_total{question=\"public-access\",reason=\"solved\",result=\"public\"}",
        "hornbeam_solver_wins_total{solver=\"z3\"}", "hornbeam_solver_wins_total{solver=\"cvc5\"}", "hornbeam_solver_wins_total{solver=\"native\"}",
        "hornbeam_solver_latency_seconds_bucket", "hornbeam_solver_kills_total", "hornbeam_solver_restarts_total",
        "hornbeam_solver_crashes_total", "hornbeam_solver_timeouts_total", "hornbeam_solver_unknowns_total",
        "hornbeam_pool_busy{solver=\"z3\"}", "hornbeam_pool_queue{solver=\"cvc5\"}", "hornbeam_cache_hits_total",
        "hornbeam_cache_misses_total", "hornbeam_race_disagreements_total", "hornbeam_witness_failures_total",
        "http_server_requests_seconds_count{"}) {
      assertTrue(text.contains(metric), "missing " + metric);
    }
    assertTrue(text.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/v1/checks/public-access\"")),
        "HTTP timings per endpoint");
  }
}
