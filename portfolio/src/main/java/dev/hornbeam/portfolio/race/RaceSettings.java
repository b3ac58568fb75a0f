package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import java.time.Duration;
import java.util.Objects;

/**
 * @param strategy which backends run
 * @param staggerFirst the solver that starts first under {@link Strategy#STAGGERED}
 * @param staggerDelay how long the first runs alone under {@link Strategy#STAGGERED}
 * @param grace how long a solver told to stop may take before its worker is killed. Default 1 s: under
 *     load on 2 cores a cancelled worker's answer took up to ~180 ms to come back (scheduling, not the
 *     solver: its own time was 2–46 ms), and a replacement costs 0.3–0.6 s and about a CPU-second
 *     (BENCHMARKS.md, "Stopping a loser")
 * @param shadowFraction fraction of races whose loser runs on in the background to check agreement
 * @param shadowTimeout limit for such a loser (and for a race confirming a native answer)
 * @param nativeBudget under {@link Strategy#AUTO}, how long the native backend may take before the race
 *     takes over (never more than the deadline leaves)
 * @param confirmFraction under {@link Strategy#AUTO}, the fraction of native UNSAT answers that the race
 *     re-decides in the background; a disagreement is counted, kept and logged
 */
public record RaceSettings(Strategy strategy, SolverId staggerFirst, Duration staggerDelay, Duration grace,
    double shadowFraction, Duration shadowTimeout, Duration nativeBudget, double confirmFraction) {
  public RaceSettings {
    Objects.requireNonNull(strategy);
    Objects.requireNonNull(staggerFirst);
    Objects.requireNonNull(staggerDelay);
    Objects.requireNonNull(grace);
    Objects.requireNonNull(shadowTimeout);
    Objects.requireNonNull(nativeBudget);
    if (staggerFirst.kind() != SolverId.Kind.WORKER) {
      throw new IllegalArgumentException("only a worker backend can start a staggered race: " + staggerFirst.key());
    }
    fraction("shadow fraction", shadowFraction);
    fraction("confirm fraction", confirmFraction);
    if (nativeBudget.isNegative() || nativeBudget.isZero()) {
      throw new IllegalArgumentException("native budget must be positive: " + nativeBudget);
    }
  }

  private static void fraction(String what, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1]: " + f);
    }
  }

  public RaceSettings(Strategy strategy, SolverId staggerFirst, Duration staggerDelay, Duration grace,
      double shadowFraction, Duration shadowTimeout) {
    this(strategy, staggerFirst, staggerDelay, grace, shadowFraction, shadowTimeout, DEFAULT_NATIVE_BUDGET,
        DEFAULT_CONFIRM_FRACTION);
  }

  /** The native backend decides typical policies in microseconds; past this it is unlikely to finish. */
  public static final Duration DEFAULT_NATIVE_BUDGET = Duration.ofMillis(50);
  public static final double DEFAULT_CONFIRM_FRACTION = 0.01;

  public static RaceSettings defaults() {
    return new RaceSettings(Strategy.AUTO, SolverId.CVC5, Duration.ofMillis(20), Duration.ofSeconds(1), 0, Duration.ofSeconds(10));
  }

  public RaceSettings withStrategy(Strategy s) {
    return new RaceSettings(s, staggerFirst, staggerDelay, grace, shadowFraction, shadowTimeout, nativeBudget, confirmFraction);
  }

  public RaceSettings withStagger(SolverId first, Duration delay) {
    return new RaceSettings(strategy, first, delay, grace, shadowFraction, shadowTimeout, nativeBudget, confirmFraction);
  }

  public RaceSettings withGrace(Duration g) {
    return new RaceSettings(strategy, staggerFirst, staggerDelay, g, shadowFraction, shadowTimeout, nativeBudget, confirmFraction);
  }

  public RaceSettings withShadow(double fraction, Duration timeout) {
    return new RaceSettings(strategy, staggerFirst, staggerDelay, grace, fraction, timeout, nativeBudget, confirmFraction);
  }

  public RaceSettings withNative(Duration budget, double confirm) {
    return new RaceSettings(strategy, staggerFirst, staggerDelay, grace, shadowFraction, shadowTimeout, budget, confirm);
  }

  /** Names what changes answers or timings, for cache keys and logs. */
  public String describe() {
    return switch (strategy) {
      case STAGGERED -> "staggered(" + staggerFirst.key() + "," + staggerDelay.toMillis() + "ms)";
      case AUTO -> "auto(" + nativeBudget.toMillis() + "ms)";
      case RACE, NATIVE, Z3, CVC5 -> strategy.key();
    };
  }
}
