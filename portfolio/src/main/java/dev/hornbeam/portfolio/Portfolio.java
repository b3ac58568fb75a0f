package dev.hornbeam.portfolio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hornbeam.policy.Hashes;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.Race;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.InProcessWorker;
import dev.hornbeam.portfolio.worker.ProcessWorker;
import dev.hornbeam.portfolio.worker.WorkerFactory;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The solver side of Hornbeam: one pool of workers per solver, the race over them, and a bounded cache
 * of definite answers. Solver-neutral SMT-LIB text in, {@link RaceResult} out; what a question means is
 * the facade's business ({@link PolicyChecker}).
 *
 * <p>Cache: keyed by the question, the full query text and the race settings; only SAT / UNSAT are
 * kept (never TIMEOUT, UNKNOWN, ERROR or OVERLOADED). Metrics {@code hornbeam.cache.hits} /
 * {@code hornbeam.cache.misses}.
 */
public final class Portfolio implements AutoCloseable {
  private final PortfolioConfig config;
  private final Map<SolverId, WorkerPool> pools = new EnumMap<>(SolverId.class);
  private final ScheduledExecutorService timer;
  private final Race race;
  private final Cache<Key, RaceResult> cache;
  private final Counter hits;
  private final Counter misses;

  private record Key(String question, String script, String settings) {}

  /** A race's result, and whether it came from the cache. */
  public record Solved(RaceResult result, boolean cached) {}

  private Portfolio(PortfolioConfig config, MeterRegistry registry) {
    this.config = config;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "portfolio-timer");
      t.setDaemon(true);
      return t;
    });
    boolean inProcess = config.mode() == PortfolioConfig.Mode.IN_PROCESS;
    WorkerFactory factory = inProcess ? InProcessWorker.factory()
        : ProcessWorker.factory(config.launch(), config.workerStartTimeout());
    for (SolverId id : SolverId.values()) {
      int size = inProcess && id == SolverId.CVC5 ? 1 : config.workersPerSolver();
      pools.put(id, new WorkerPool(id, size, config.maxQueue(), config.recycleAfter(),
          config.workerRssLimitMb() * 1024L * 1024L, factory, timer, registry));
    }
    this.race = new Race(pools, timer, config.race(), registry, this::keep);
    this.cache = config.cacheEntries() > 0 ? Caffeine.newBuilder().maximumSize(config.cacheEntries()).build() : null;
    this.hits = Counter.builder("hornbeam.cache.hits").description("answers taken from the cache").register(registry);
    this.misses = Counter.builder("hornbeam.cache.misses").description("questions the cache could not answer").register(registry);
  }

  /** Starts the pools (in the background: see {@link #awaitReady}). */
  public static Portfolio start(PortfolioConfig config, MeterRegistry registry) {
    return new Portfolio(config, registry);
  }

  public PortfolioConfig config() {
    return config;
  }

  /** Waits until every worker of every pool is up. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    for (WorkerPool pool : pools.values()) {
      if (!pool.awaitFull(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Readiness: a question asked now can be answered — at least one solver the strategy runs has at least
   * one live worker (the race needs only one answer; a pool that lost a worker is refilling in the
   * background). Not a full-strength check: see {@link #full()}.
   */
  public boolean ready() {
    return race.order().stream().anyMatch(id -> pools.get(id).live() > 0);
  }

  /** True when every pool has all its workers. */
  public boolean full() {
    return pools.values().stream().allMatch(p -> p.live() == p.size());
  }

  /** The pools, for status pages and fault tests. */
  public Map<SolverId, WorkerPool> pools() {
    return Map.copyOf(pools);
  }

  /** Solver name and version per solver, as the workers report them. */
  public Map<SolverId, String> versions() {
    Map<SolverId, String> versions = new LinkedHashMap<>();
    pools.forEach((id, pool) -> versions.put(id, pool.version()));
    return versions;
  }

  /**
   * Races {@code script} and waits for the result; returns by the deadline (plus scheduling noise) with
   * TIMEOUT at the latest. {@code question} names what is asked (part of the cache key).
   */
  public Solved solve(String question, String script, long deadlineNanos) {
    Key key = new Key(question, script, config.race().describe());
    if (cache != null) {
      RaceResult cached = cache.getIfPresent(key);
      if (cached != null) {
        hits.increment();
        return new Solved(cached, true);
      }
      misses.increment();
    }
    RaceResult result;
    var future = race.run(script, deadlineNanos);
    try {
      // The race's own timer completes the future at the deadline; the margin only guards against a
      // starved timer thread.
      long wait = Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(25);
      result = future.get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result = new RaceResult(Outcome.TIMEOUT, Optional.empty(), Map.of(), List.of(), 0, "no definite answer by the deadline");
    } catch (ExecutionException e) {
      result = new RaceResult(Outcome.ERROR, Optional.empty(), Map.of(), List.of(), 0, "race failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = new RaceResult(Outcome.ERROR, Optional.empty(), Map.of(), List.of(), 0, "interrupted");
    }
    if (cache != null && result.outcome().definite()) {
      cache.put(key, result);
    }
    return new Solved(result, false);
  }

  /** Drops a cached answer (e.g. one whose witness failed its check). */
  void forget(String question, String script) {
    if (cache != null) {
      cache.invalidate(new Key(question, script, config.race().describe()));
    }
  }

  /** Keeps a query on disk for study; best effort. Returns the file, or null. */
  Path keep(String why, String script) {
    try {
      Files.createDirectories(config.failedQueries());
      Path file = config.failedQueries().resolve(why + "-" + sha256(script).substring(0, 16) + ".smt2");
      Files.writeString(file, script, StandardCharsets.UTF_8);
      return file;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String sha256(String text) {
    return Hashes.sha256(text);
  }

  /** Kills every worker. */
  @Override
  public void close() {
    for (WorkerPool pool : pools.values()) {
      pool.close();
    }
    timer.shutdownNow();
  }
}
