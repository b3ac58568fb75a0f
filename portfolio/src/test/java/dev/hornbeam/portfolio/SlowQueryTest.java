package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An adversarial query (test resource queries/slow-factoring.smt2: both solvers time out on it
 * standalone, see its header) races into TIMEOUT by the deadline, and the pools are healthy afterwards.
 */
class SlowQueryTest {
  static String slowQuery() throws IOException {
    try (InputStream in = SlowQueryTest.class.getResourceAsStream("/queries/slow-factoring.smt2")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theRaceTimesOutByTheDeadlineAndThePoolsStayHealthy() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String slow = slowQuery();
    try (Portfolio portfolio = Portfolio.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).build(), registry)) {
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(60)));
      for (long deadlineMillis : new long[] {300, 1_000}) {
        long start = System.nanoTime();
        RaceResult r = portfolio.solve("test:slow", slow, start + TimeUnit.MILLISECONDS.toNanos(deadlineMillis)).result();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Outcome.TIMEOUT, r.outcome(), r::toString);
        assertTrue(took <= deadlineMillis + 1_000, "took " + took + " ms for a deadline of " + deadlineMillis + " ms");
        // Both solvers were running at the deadline.
        assertTrue(portfolio.awaitReady(Duration.ofSeconds(10)), "pools back to full size");
        for (WorkerPool pool : portfolio.pools().values()) {
          assertTrue(pool.awaitFull(10, TimeUnit.SECONDS));
        }
        // And the next query is answered normally.
        RaceResult next = portfolio.solve("test:easy", "(set-logic ALL)\n(declare-const x Int)\n(assert (> x " + deadlineMillis
            + "))\n(check-sat)\n", System.nanoTime() + TimeUnit.SECONDS.toNanos(10)).result();
        assertEquals(Outcome.SAT, next.outcome(), next::toString);
      }
      assertEquals(2.0, registry.counter("hornbeam.solver.timeouts", "solver", "z3").count());
      assertEquals(2.0, registry.counter("hornbeam.solver.timeouts", "solver", "cvc5").count());
      // Nothing was cached from the timed-out race.
      assertTrue(!portfolio.solve("test:slow", slow, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)).cached());
    }
  }

}
