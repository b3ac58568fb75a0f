package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.smt.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyCheckerSmokeTest {
  @Test
  void answersInWorkers() throws Exception {
    try (PolicyChecker checker = PolicyChecker.start(PortfolioConfig.defaults(), new SimpleMeterRegistry())) {
      long t0 = System.nanoTime();
      assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(30)));
      System.out.println("ready after " + (System.nanoTime() - t0) / 1_000_000 + " ms " + checker.portfolio().versions());
      for (int i = 0; i < 3; i++) {
        PublicAccessAnswer a = checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, Duration.ofSeconds(5));
        System.out.println(a);
        assertEquals(PublicAccessAnswer.Result.PUBLIC, a.result());
        assertEquals(Reason.SOLVED, a.reason());
        PublicAccessAnswer b = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, Duration.ofSeconds(5));
        System.out.println(b);
        assertEquals(PublicAccessAnswer.Result.NOT_PUBLIC, b.result());
      }
    }
  }
}
