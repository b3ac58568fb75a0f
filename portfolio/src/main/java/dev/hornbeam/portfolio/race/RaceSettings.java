package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import java.time.Duration;
import java.util.Objects;

/**
 * @param strategy which solvers run
 * @param staggerFirst the solver that starts first under {@link Strategy#STAGGERED}
 * @param staggerDelay how long the first runs alone under {@link Strategy#STAGGERED}
 * @param grace how long a solver told to stop may take before its worker is killed. Default 1 s: under
 *     load on 2 cores a cancelled worker's answer took up to ~180 ms to come back (scheduling, not the
 *     solver: its own time was 2–46 ms), and a replacement costs 0.3–0.6 s and about a CPU-second
 *     (BENCHMARKS.md, "Stopping a loser")
 * @param shadowFraction fraction of races whose loser runs on in the background to check agreement
 * @param shadowTimeout limit for such a loser
 */
public record RaceSettings(Strategy strategy, SolverId staggerFirst, Duration staggerDelay, Duration grace,
    double shadowFraction, Duration shadowTimeout) {
  public RaceSettings {
    Objects.requireNonNull(strategy);
    Objects.requireNonNull(staggerFirst);
    Objects.requireNonNull(staggerDelay);
    Objects.requireNonNull(grace);
    Objects.requireNonNull(shadowTimeout);
    if (shadowFraction < 0 || shadowFraction > 1) {
      throw new IllegalArgumentException("shadow fraction must be in [0, 1]: " + shadowFraction);
    }
  }

  public static RaceSettings defaults() {
    return new RaceSettings(Strategy.RACE, SolverId.CVC5, Duration.ofMillis(20), Duration.ofSeconds(1), 0, Duration.ofSeconds(10));
  }

  /** Names what changes answers or timings, for cache keys and logs. */
  public String describe() {
    return strategy == Strategy.STAGGERED ? "staggered(" + staggerFirst.key() + "," + staggerDelay.toMillis() + "ms)" : strategy.key();
  }
}
