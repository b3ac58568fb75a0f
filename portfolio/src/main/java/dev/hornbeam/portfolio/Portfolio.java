package dev.hornbeam.portfolio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hornbeam.policy.Hashes;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.Race;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.FormulaSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.portfolio.worker.InProcessWorker;
import dev.hornbeam.portfolio.worker.ProcessWorker;
import dev.hornbeam.portfolio.worker.WorkerFactory;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The solver side of Hornbeam: the native backend in this JVM, one pool of workers per worker backend,
 * the race over them, and a bounded cache of definite answers. A question's formulas and their SMT-LIB
 * text in, {@link RaceResult} out; what a question means is the facade's business ({@link PolicyChecker}).
 *
 * <p>Under {@link Strategy#AUTO} the native backend answers first, on the caller's thread, within its
 * budget; its UNKNOWN (or a spent budget) hands the question to the race in the time left, and a
 * fraction of its UNSAT answers is re-decided by the race in the background ({@code
 * hornbeam.race.disagreements} counts the answers that differ; the query is kept and logged at WARN).
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
  private final MeterRegistry registry;
  private final Counter disagreements;
  /** The in-JVM backend, when the strategy asks it first. */
  private final FormulaSolver formulas;
  /**
   * Confirmations are background work and must never crowd out a live question (a full pool queue is
   * OVERLOADED for the caller): at most one per worker of a solver is in the pools at once; the rest wait
   * here, at most {@link #CONFIRM_BACKLOG}, and beyond that one is counted {@code skipped}.
   */
  private final java.util.ArrayDeque<String> backlog = new java.util.ArrayDeque<>();
  private int confirmingNow;
  static final int CONFIRM_BACKLOG = 4096;
  /** Threads for native searches that go on beside the race (one per core: each is CPU-bound). */
  private final java.util.concurrent.ExecutorService continued = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "native-continued");
        t.setDaemon(true);
        return t;
      });

  private static final Logger LOG = LoggerFactory.getLogger(Portfolio.class);

  /**
   * What the cache knows an answer by: the question, its formulas when there are any (else its text: the
   * text is printed from the formulas, so either names the query) and the race's settings. Keying by the
   * formulas lets a check the native backend answers skip printing the SMT-LIB text at all.
   */
  private record Key(String question, Object query, String settings) {}

  /** A race's result, and whether it came from the cache. */
  public record Solved(RaceResult result, boolean cached) {}

  private Portfolio(PortfolioConfig config, MeterRegistry registry) {
    this(config, registry, config.race().strategy().nativeFirst() ? FormulaSolver.create(SolverId.NATIVE) : null);
  }

  /** With a given in-JVM backend (tests script it). */
  Portfolio(PortfolioConfig config, MeterRegistry registry, FormulaSolver formulas) {
    this.config = config;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "portfolio-timer");
      t.setDaemon(true);
      return t;
    });
    boolean inProcess = config.mode() == PortfolioConfig.Mode.IN_PROCESS;
    WorkerFactory factory = inProcess ? InProcessWorker.factory()
        : ProcessWorker.factory(config.launch(), config.workerStartTimeout());
    for (SolverId id : SolverId.workers()) {
      int size = inProcess && id == SolverId.CVC5 ? 1 : config.workersPerSolver();
      pools.put(id, new WorkerPool(id, size, config.maxQueue(), config.recycleAfter(),
          config.workerRssLimitMb() * 1024L * 1024L, factory, timer, registry));
    }
    this.race = new Race(pools, timer, config.race(), registry, this::keep);
    this.cache = config.cacheEntries() > 0 ? Caffeine.newBuilder().maximumSize(config.cacheEntries()).build() : null;
    this.hits = Counter.builder("hornbeam.cache.hits").description("answers taken from the cache").register(registry);
    this.misses = Counter.builder("hornbeam.cache.misses").description("questions the cache could not answer").register(registry);
    this.registry = registry;
    this.disagreements = Counter.builder("hornbeam.race.disagreements")
        .description("shadow checks where the solvers gave opposite answers").register(registry);
    this.formulas = formulas;
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
    return config.race().strategy() == Strategy.NATIVE || race.order().stream().anyMatch(id -> pools.get(id).live() > 0);
  }

  /** True when every pool has all its workers. */
  public boolean full() {
    return pools.values().stream().allMatch(p -> p.live() == p.size());
  }

  /** The pools, for status pages and fault tests. */
  public Map<SolverId, WorkerPool> pools() {
    return Map.copyOf(pools);
  }

  /** Name and version per backend in use, as the workers (and the native backend) report them. */
  public Map<SolverId, String> versions() {
    Map<SolverId, String> versions = new LinkedHashMap<>();
    if (formulas != null) {
      versions.put(SolverId.NATIVE, formulas.version());
    }
    pools.forEach((id, pool) -> versions.put(id, pool.version()));
    return versions;
  }

  /** Races {@code script} alone (no formulas: the native backend is not asked). */
  public Solved solve(String question, String script, long deadlineNanos) {
    return solve(question, null, script, deadlineNanos);
  }

  /**
   * Answers the question whose formulas are {@code problem} and whose SMT-LIB text is {@code script} (the
   * same question), by the strategy; returns by the deadline (plus scheduling noise) with TIMEOUT at the
   * latest. {@code question} names what is asked (part of the cache key). {@code problem} may be null:
   * then only the race answers.
   */
  public Solved solve(String question, Problem problem, String script, long deadlineNanos) {
    return solve(question, problem, () -> script, deadlineNanos);
  }

  /**
   * {@link #solve(String, Problem, String, long)} with the text printed only when something needs it: the
   * race (the native backend did not decide), a confirmation of a native answer, a kept query, or the cache
   * when there are no formulas.
   */
  public Solved solve(String question, Problem problem, java.util.function.Supplier<String> text, long deadlineNanos) {
    Supplier<String> script = once(text);
    Key key = new Key(question, problem != null ? problem : script.get(), config.race().describe());
    if (cache != null) {
      RaceResult cached = cache.getIfPresent(key);
      if (cached != null) {
        hits.increment();
        return new Solved(cached, true);
      }
      misses.increment();
    }
    RaceResult result = decide(problem, script, deadlineNanos);
    if (cache != null && result.outcome().definite()) {
      cache.put(key, result);
    }
    return new Solved(result, false);
  }

  private RaceResult decide(Problem problem, Supplier<String> script, long deadlineNanos) {
    Strategy strategy = config.race().strategy();
    if (!strategy.nativeFirst() || problem == null) {
      return race(script.get(), deadlineNanos);
    }
    long start = System.nanoTime();
    long left = deadlineNanos - start;
    if (left <= 0) {
      return new RaceResult(Outcome.TIMEOUT, Optional.empty(), Map.of(), List.of(), 0, "no definite answer by the deadline");
    }
    long budget = strategy == Strategy.NATIVE ? left : Math.min(left, config.race().nativeBudget().toNanos());
    SolverResult r;
    try {
      r = formulas.decide(problem, Math.max(1, TimeUnit.NANOSECONDS.toMillis(budget)), new CancelFlag());
    } catch (RuntimeException e) {
      // A fault of the native backend is its UNKNOWN: the race still answers.
      LOG.warn("native backend failed: {}", e.toString());
      r = new SolverResult(Status.UNKNOWN, Map.of(), (System.nanoTime() - start) / 1_000, false, "error: " + e);
    }
    long micros = (System.nanoTime() - start) / 1_000;
    Timer.builder("hornbeam.solver.latency").tag("solver", SolverId.NATIVE.key())
        .tag("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
        .description("the solver's own time per check").publishPercentileHistogram()
        .register(registry).record(r.micros(), TimeUnit.MICROSECONDS);
    if (r.usable() && System.nanoTime() - deadlineNanos <= 0) {
      counter("hornbeam.solver.wins", "answers taken from this solver").increment();
      Leg won = new Leg(SolverId.NATIVE, Leg.State.WON, 0, r.micros(), micros, "");
      if (r.status() == Status.UNSAT && strategy == Strategy.AUTO
          && ThreadLocalRandom.current().nextDouble() < config.race().confirmFraction()) {
        confirm(script.get());
      }
      return new RaceResult(r.status() == Status.SAT ? Outcome.SAT : Outcome.UNSAT, Optional.of(SolverId.NATIVE),
          r.model(), List.of(won), micros, "");
    }
    counter("hornbeam.solver.unknowns", "checks that ended unknown, not cancelled").increment();
    Leg unknown = new Leg(SolverId.NATIVE, Leg.State.UNKNOWN, 0, r.micros(), micros, r.note());
    if (strategy == Strategy.NATIVE) {
      boolean late = System.nanoTime() - deadlineNanos > 0;
      return new RaceResult(late ? Outcome.TIMEOUT : Outcome.UNKNOWN, Optional.empty(), Map.of(), List.of(unknown), micros,
          late ? "no definite answer by the deadline" : "native: " + r.note());
    }
    if (r.note().startsWith("BUDGET")) {
      return alongside(problem, script, deadlineNanos, start, unknown);
    }
    RaceResult raced = race(script.get(), deadlineNanos);
    List<Leg> legs = new java.util.ArrayList<>();
    legs.add(unknown);
    legs.addAll(raced.legs());
    return new RaceResult(raced.outcome(), raced.winner(), raced.model(), legs, (System.nanoTime() - start) / 1_000,
        raced.detail().isEmpty() ? "" : raced.detail() + "; native: " + r.note());
  }

  /**
   * The native backend ran out of its budget, not out of ideas: the race starts, and the native search
   * goes on beside it on its own thread until the deadline; the first definite answer is taken (on the
   * stress corpus the native search decides in a second questions the race does not decide in two).
   */
  private RaceResult alongside(Problem problem, Supplier<String> script, long deadlineNanos, long start, Leg first) {
    CancelFlag stop = new CancelFlag();
    long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    java.util.concurrent.CompletableFuture<SolverResult> nat = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return formulas.decide(problem, leftMillis, stop);
      } catch (RuntimeException e) {
        return new SolverResult(Status.UNKNOWN, Map.of(), 0, false, "error: " + e);
      }
    }, continued);
    java.util.concurrent.CompletableFuture<RaceResult> raced = race.run(script.get(), deadlineNanos);
    long waitUntil = deadlineNanos + TimeUnit.MILLISECONDS.toNanos(25);
    try {
      while (true) {
        SolverResult n = nat.isDone() ? nat.join() : null;
        if (n != null && n.usable() && System.nanoTime() - deadlineNanos <= 0) {
          counter("hornbeam.solver.wins", "answers taken from this solver").increment();
          long micros = (System.nanoTime() - start) / 1_000;
          if (n.status() == Status.UNSAT && ThreadLocalRandom.current().nextDouble() < config.race().confirmFraction()) {
            confirm(script.get());
          }
          return new RaceResult(n.status() == Status.SAT ? Outcome.SAT : Outcome.UNSAT, Optional.of(SolverId.NATIVE),
              n.model(), List.of(first, new Leg(SolverId.NATIVE, Leg.State.WON, 0, n.micros(), micros, "continued beside the race")),
              micros, "");
        }
        RaceResult rr = raced.isDone() ? raced.join() : null;
        if (rr != null && (rr.outcome().definite() || (n != null))) {
          stop.cancel();
          List<Leg> legs = new java.util.ArrayList<>();
          legs.add(first);
          legs.addAll(rr.legs());
          return new RaceResult(rr.outcome(), rr.winner(), rr.model(), legs, (System.nanoTime() - start) / 1_000, rr.detail());
        }
        long now = System.nanoTime();
        if (now - waitUntil > 0) {
          stop.cancel();
          return new RaceResult(Outcome.TIMEOUT, Optional.empty(), Map.of(), List.of(first), (now - start) / 1_000,
              "no definite answer by the deadline");
        }
        java.util.concurrent.CompletableFuture.anyOf(n == null ? nat : raced, rr == null ? raced : nat)
            .get(Math.max(1, waitUntil - now), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      stop.cancel();
      return new RaceResult(Outcome.TIMEOUT, Optional.empty(), Map.of(), List.of(first), (System.nanoTime() - start) / 1_000,
          "no definite answer by the deadline");
    } catch (ExecutionException | java.util.concurrent.CompletionException e) {
      stop.cancel();
      return new RaceResult(Outcome.ERROR, Optional.empty(), Map.of(), List.of(first), 0, "race failed: " + e.getCause());
    } catch (InterruptedException e) {
      stop.cancel();
      Thread.currentThread().interrupt();
      return new RaceResult(Outcome.ERROR, Optional.empty(), Map.of(), List.of(first), 0, "interrupted");
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).tag("solver", SolverId.NATIVE.key()).description(description).register(registry);
  }

  /** The race re-decides a native UNSAT in the background; a SAT there is a disagreement. */
  private void confirm(String script) {
    synchronized (backlog) {
      if (confirmingNow >= config.workersPerSolver()) {
        if (backlog.size() >= CONFIRM_BACKLOG) {
          Counter.builder("hornbeam.native.confirmations").tag("result", "skipped")
              .description("native UNSAT answers re-decided by the race").register(registry).increment();
          return;
        }
        backlog.addLast(script);
        return;
      }
      confirmingNow++;
    }
    runConfirmation(script);
  }

  private void runConfirmation(String script) {
    race.run(script, System.nanoTime() + config.race().shadowTimeout().toNanos()).whenCompleteAsync((raced, ex) -> {
      try {
        confirmed(raced, script);
      } finally {
        String next;
        synchronized (backlog) {
          next = backlog.pollFirst();
          if (next == null) {
            confirmingNow--;
          }
        }
        if (next != null) {
          runConfirmation(next);
        }
      }
    });
  }

  private void confirmed(RaceResult raced, String script) {
    String result = raced == null || !raced.outcome().definite() ? "undecided"
        : raced.outcome() == Outcome.SAT ? "disagree" : "agree";
    Counter.builder("hornbeam.native.confirmations").tag("result", result)
        .description("native UNSAT answers re-decided by the race").register(registry).increment();
    if (raced != null && raced.outcome() == Outcome.SAT) {
      Path kept = keep("disagreement", "; native said UNSAT, " + raced.winner().map(SolverId::key).orElse("the race")
          + " says SAT\n" + script);
      disagreements.increment(); // after the query is kept, so a reader of the counter finds the file
      LOG.warn("disagreement: the native backend said UNSAT, {} says SAT; query kept at {}",
          raced.winner().map(SolverId::key).orElse("the race"), kept);
    }
  }

  /** Confirmations running or waiting. */
  public int confirmationsPending() {
    synchronized (backlog) {
      return confirmingNow + backlog.size();
    }
  }

  /** Waits until no confirmation of a native answer is running (tests and benchmarks, before closing). */
  public boolean awaitConfirmations(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (confirmationsPending() > 0) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** The race of the worker backends, waited for until the deadline. */
  private RaceResult race(String script, long deadlineNanos) {
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
    return result;
  }

  /** Drops a cached answer (e.g. one whose witness failed its check). */
  void forget(String question, Problem problem, String script) {
    if (cache != null) {
      cache.invalidate(new Key(question, problem != null ? problem : script, config.race().describe()));
    }
  }

  /** {@code s}, called at most once (the SMT-LIB text of a large policy takes milliseconds to print). */
  static Supplier<String> once(Supplier<String> s) {
    return new Supplier<>() {
      private String value;

      @Override
      public synchronized String get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
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
    continued.shutdownNow();
    timer.shutdownNow();
  }
}
