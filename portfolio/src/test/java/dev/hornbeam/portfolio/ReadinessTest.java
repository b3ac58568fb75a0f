package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness means "a question asked now can be answered" (issue 14, item 8): one live worker of a solver
 * the strategy runs is enough; a pool short of workers is not (it used to need every worker of every pool).
 */
class ReadinessTest {
  @TempDir
  Path root;

  @Test
  void oneLiveSolverIsReadyNoLiveSolverIsNot() throws Exception {
    // z3 workers never start; cvc5 workers start and say hello.
    PortfolioConfig race = Faults.fake(root, "-Dhornbeam.fake.z3=exit-at-start", "-Dhornbeam.fake.cvc5=hang").build();
    try (Portfolio p = Portfolio.start(race, new SimpleMeterRegistry())) {
      assertTrue(p.pools().get(SolverId.CVC5).awaitFull(30, TimeUnit.SECONDS));
      assertEquals(0, p.pools().get(SolverId.Z3).live());
      assertTrue(p.ready(), "cvc5 can answer a race");
      assertFalse(p.full());
    }
    // Only z3 runs under the z3 strategy, and it has no worker: not ready.
    try (Portfolio p = Portfolio.start(race.toBuilder().strategy(Strategy.Z3).build(), new SimpleMeterRegistry())) {
      assertTrue(p.pools().get(SolverId.CVC5).awaitFull(30, TimeUnit.SECONDS));
      Thread.sleep(300);
      assertFalse(p.ready(), "the z3 strategy has no live z3 worker");
    }
  }

  @Test
  void notReadyBeforeAnyWorkerIsUp() throws Exception {
    PortfolioConfig slow = Faults.fake(root, "-Dhornbeam.fake=slow-hello", "-Dhornbeam.fake.delayMs=60000").build();
    try (Portfolio p = Portfolio.start(slow, new SimpleMeterRegistry())) {
      assertFalse(p.awaitReady(Duration.ofMillis(300)));
      assertFalse(p.ready());
    }
  }
}
