package dev.hornbeam.portfolio;

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
    checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().failedQueries(failed).build(), registry);
    assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stop() {
    checker.close();
  }
}
