package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One checker with default settings (real solvers in worker processes) for a test class's tests (classes run one at a time: the fields are shared). */
abstract class CheckerFixture {
  @TempDir
  static Path failed;
  static SimpleMeterRegistry registry;
  static PolicyChecker checker;

  @BeforeAll
  static void start() throws InterruptedException {
    registry = new SimpleMeterRegistry();
    // The default strategy (native first), every native UNSAT confirmed by the race (issue 15: 100% in tests).
    checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().failedQueries(failed)
        .nativeFirst(dev.hornbeam.portfolio.race.RaceSettings.DEFAULT_NATIVE_BUDGET, 1.0).build(), registry);
    assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    assertTrue(checker.portfolio().awaitConfirmations(Duration.ofSeconds(120)), "confirmations ended");
    assertEquals(0.0, registry.counter("hornbeam.race.disagreements").count(), "the race found SAT where native said UNSAT");
    checker.close();
  }
}
