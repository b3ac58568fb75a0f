package dev.hornbeam.portfolio;

import dev.hornbeam.portfolio.race.RaceSettings;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything about the portfolio that an operator may set. {@link #defaults()} is what the service uses
 * unless told otherwise; {@link #toBuilder()} changes a few settings.
 *
 * @param mode worker processes (default) or solvers on threads of this JVM
 * @param race strategy, stagger, grace period, shadow checks
 * @param workersPerSolver pool size for each solver (in-process cvc5 is always 1: its API is not thread-safe)
 * @param maxQueue queries that may wait for a worker of one solver; beyond that: OVERLOADED
 * @param deadline the deadline of a question when the caller gives none
 * @param recycleAfter a worker is replaced after this many queries (bounds native memory growth)
 * @param workerRssLimitMb a worker whose resident memory exceeds this after a query is replaced; 0: off
 * @param launch how worker processes start (java, class path, heap, native limit, temp root)
 * @param workerStartTimeout how long a starting worker may take to say hello
 * @param cacheEntries answers kept (definite answers only); 0 turns the cache off
 * @param failedQueries where queries worth studying are kept (witness failures, disagreements)
 */
public record PortfolioConfig(Mode mode, RaceSettings race, int workersPerSolver, int maxQueue, Duration deadline,
    int recycleAfter, int workerRssLimitMb, WorkerLaunch launch, Duration workerStartTimeout, long cacheEntries,
    Path failedQueries) {

  public enum Mode { WORKERS, IN_PROCESS }

  public PortfolioConfig {
    Objects.requireNonNull(mode);
    Objects.requireNonNull(race);
    Objects.requireNonNull(deadline);
    Objects.requireNonNull(launch);
    Objects.requireNonNull(workerStartTimeout);
    Objects.requireNonNull(failedQueries);
    if (workersPerSolver < 1) {
      throw new IllegalArgumentException("workersPerSolver must be at least 1: " + workersPerSolver);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
  }

  public static PortfolioConfig defaults() {
    return new PortfolioConfig(Mode.WORKERS, RaceSettings.defaults(),
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 64, Duration.ofSeconds(5), 1_000, 1_024,
        WorkerLaunch.defaults(), Duration.ofSeconds(30), 10_000,
        Path.of(System.getProperty("java.io.tmpdir"), "hornbeam-failed-queries"));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few settings of a configuration. */
  public static final class Builder {
    private Mode mode;
    private RaceSettings race;
    private int workersPerSolver;
    private int maxQueue;
    private Duration deadline;
    private int recycleAfter;
    private int workerRssLimitMb;
    private WorkerLaunch launch;
    private Duration workerStartTimeout;
    private long cacheEntries;
    private Path failedQueries;

    private Builder(PortfolioConfig c) {
      mode = c.mode;
      race = c.race;
      workersPerSolver = c.workersPerSolver;
      maxQueue = c.maxQueue;
      deadline = c.deadline;
      recycleAfter = c.recycleAfter;
      workerRssLimitMb = c.workerRssLimitMb;
      launch = c.launch;
      workerStartTimeout = c.workerStartTimeout;
      cacheEntries = c.cacheEntries;
      failedQueries = c.failedQueries;
    }

    public Builder mode(Mode m) {
      mode = m;
      return this;
    }

    public Builder strategy(Strategy s) {
      race = race.withStrategy(s);
      return this;
    }

    public Builder stagger(SolverId first, Duration delay) {
      race = race.withStagger(first, delay);
      return this;
    }

    public Builder grace(Duration grace) {
      race = race.withGrace(grace);
      return this;
    }

    public Builder shadow(double fraction, Duration timeout) {
      race = race.withShadow(fraction, timeout);
      return this;
    }

    /** The native backend's budget under {@code auto}, and the fraction of its UNSATs the race confirms. */
    public Builder nativeFirst(Duration budget, double confirmFraction) {
      race = race.withNative(budget, confirmFraction);
      return this;
    }

    public Builder workersPerSolver(int n) {
      workersPerSolver = n;
      return this;
    }

    public Builder maxQueue(int n) {
      maxQueue = n;
      return this;
    }

    public Builder deadline(Duration d) {
      deadline = d;
      return this;
    }

    public Builder recycleAfter(int n) {
      recycleAfter = n;
      return this;
    }

    public Builder workerRssLimitMb(int mb) {
      workerRssLimitMb = mb;
      return this;
    }

    public Builder launch(WorkerLaunch l) {
      launch = l;
      return this;
    }

    public Builder workerStartTimeout(Duration d) {
      workerStartTimeout = d;
      return this;
    }

    public Builder cacheEntries(long n) {
      cacheEntries = n;
      return this;
    }

    public Builder failedQueries(Path dir) {
      failedQueries = dir;
      return this;
    }

    public PortfolioConfig build() {
      return new PortfolioConfig(mode, race, workersPerSolver, maxQueue, deadline, recycleAfter, workerRssLimitMb,
          launch, workerStartTimeout, cacheEntries, failedQueries);
    }
  }
}
