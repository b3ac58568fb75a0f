package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Saturated solver pools (every worker taken, queue bound 0): the check endpoints answer 503 with
 * Retry-After, the guard answers 200 DENY OVERLOADED — never a 503 — and both recover when workers free up.
 */
@MicronautTest
@Property(name = "hornbeam.portfolio.max-queue", value = "0")
// The race: under auto the native backend answers these in the JVM without any worker.
@Property(name = "hornbeam.portfolio.strategy", value = "race")
@Property(name = "hornbeam.portfolio.cache-entries", value = "0")
class SaturationApiTest extends ApiTestBase {
  private static final String POLICY = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}]}";

  @Test
  void saturatedPoolsGive503ForChecksAndDenyForTheGuard() throws Exception {
    List<Worker> held = new ArrayList<>();
    List<WorkerPool> pools = new ArrayList<>(checker.portfolio().pools().values());
    for (WorkerPool pool : pools) {
      for (int i = 0; i < pool.size(); i++) {
        held.add(pool.acquire().get(30, TimeUnit.SECONDS)); // every worker busy, as if solving
      }
    }
    try {
      Http.Reply check = http.post("/v1/checks/public-access", "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + POLICY + "\"}");
      assertEquals(503, check.status(), check.body());
      assertEquals("application/problem+json", check.contentType());
      assertEquals("1", check.headers().get("Retry-After").get(0));
      for (String[] call : new String[][] {
          {"/v1/checks/no-new-access", "{\"existingPolicyDocument\":\"" + POLICY + "\",\"newPolicyDocument\":\"" + POLICY + "\"}"},
          {"/v1/checks/access-not-granted", "{\"policyDocument\":\"" + POLICY + "\",\"access\":[{\"actions\":[\"s3:GetObject\"]}]}"},
          {"/v1/checks/cross-account", "{\"policyDocument\":\"" + POLICY + "\",\"ownerAccount\":\"111122223333\"}"},
          {"/v1/compare", "{\"policy1Document\":\"" + POLICY + "\",\"policy2Document\":\"" + POLICY + "\"}"}}) {
        Http.Reply r = http.post(call[0], call[1]);
        assertEquals(503, r.status(), call[0] + ": " + r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("1", r.headers().get("Retry-After").get(0));
      }
      Http.Reply guard = http.post("/v1/guard/policy-attach",
          "{\"resourceArn\":\"arn:aws:s3:::amzn-s3-demo-bucket\",\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + POLICY + "\"}");
      assertEquals(200, guard.status(), guard.body());
      assertEquals("DENY", guard.json().get("decision"));
      assertEquals("OVERLOADED", guard.json().get("reason"));
      Http.Reply blocking = http.post("/v1/guard/policy-attach", "{\"resourceArn\":\"arn:aws:s3:::amzn-s3-demo-bucket\",\"resourceType\":\"AWS::S3::Bucket\","
          + "\"blockNewAccess\":true,\"policyDocument\":\"" + POLICY + "\"}");
      assertEquals(200, blocking.status(), blocking.body());
      assertEquals("DENY", blocking.json().get("decision"));
      assertEquals("OVERLOADED", blocking.json().get("reason"));
      assertEquals("OVERLOADED", blocking.map("newAccess").get("reason"), blocking.body());
    } finally {
      for (int i = 0; i < held.size(); i++) {
        Worker w = held.get(i);
        pools.stream().filter(p -> p.solver() == w.solver()).findFirst().orElseThrow().release(w, true, false);
      }
    }
    Http.Reply again = http.post("/v1/checks/public-access", "{\"resourceType\":\"AWS::S3::Bucket\",\"policyDocument\":\"" + POLICY + "\"}");
    assertEquals(200, again.status(), again.body());
    assertEquals("PUBLIC", again.json().get("result"));
  }
}
