package dev.hornbeam.bench;

import dev.hornbeam.policy.resource.ResourceType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing the service-load benches rely on: bucket names, Prometheus counters, answer kinds. */
class ServiceLoadTest {
  private static String bucket(String resource) {
    String p = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"" + resource + "\"}]}";
    return ServiceLoad.bucketOf(PolicyParser.parse(p, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits()).policy());
  }

  @Test
  void theBucketAPolicyNames() {
    assertEquals("my-bucket", bucket("arn:aws:s3:::my-bucket/*"));
    assertEquals("my-bucket", bucket("arn:aws:s3:::my-bucket"));
    assertNull(bucket("arn:aws:s3:::my-*/*"), "a wildcard names no bucket");
    assertNull(bucket("*"));
  }

  @Test
  void prometheusCountersAreSummedOverTheirSeries() {
    String scrape = """
        # HELP hornbeam_solver_kills_total workers killed
        # TYPE hornbeam_solver_kills_total counter
        hornbeam_solver_kills_total{solver="cvc5"} 2.0
        hornbeam_solver_kills_total{solver="z3"} 5.0
        hornbeam_solver_kills_totalx{solver="z3"} 100.0
        hornbeam_worker_retirements_total{reason="recycled",solver="z3"} 3.0
        """;
    assertEquals(7.0, ServiceLoad.counter(scrape, "hornbeam_solver_kills_total"));
    assertEquals(0.0, ServiceLoad.counter(scrape, "hornbeam_solver_restarts_total"));
    assertEquals(Map.of("{reason=\"recycled\",solver=\"z3\"}", 3.0), ServiceLoad.series(scrape, "hornbeam_worker_retirements_total"));
  }

  @Test
  void answerKinds() {
    assertEquals("DENY TIMEOUT", GuardDeadline.decision("{\"decision\":\"DENY\",\"reason\":\"TIMEOUT\",\"message\":\"x\"}"));
    assertEquals("NOT_PUBLIC/SOLVED", Restarts.result("{\"result\":\"NOT_PUBLIC\",\"reason\":\"SOLVED\",\"message\":\"x\"}"));
    assertEquals(-20.0, ServiceLoad.pct(new long[] {-20_000, 5_000, -30_000}, 50));
  }
}
