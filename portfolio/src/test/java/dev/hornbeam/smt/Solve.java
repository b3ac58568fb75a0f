package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.portfolio.Portfolio;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.automaton.AutomatonSolver;
import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.smt.api.Evaluation;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.portfolio.worker.QueryFailedException;
import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a query on the real solvers, in the portfolio's worker processes: one Z3 and one cvc5 worker,
 * started on first use and shared by every test of the JVM (killed by a shutdown hook; a worker also
 * halts when its stdin ends). {@link #both} sends the script to both at once and the query's formulas
 * to the native backend; all three must agree.
 *
 * <p>A worker that has not answered by its time limit plus {@link #GRACE} is killed (its pool starts a
 * replacement) and counts as UNKNOWN; the script is kept under {@code target/failed-queries}
 * ({@code -Dhornbeam.failedQueries=DIR}), as is every script the solvers disagree on. A rejected script or
 * a worker that dies on its own fails the test.
 */
final class Solve {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** How long past its own limit a solver may take before its worker is killed. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /** How long to wait for a worker when none is free (a replacement may be starting). */
  private static final Duration ACQUIRE = Duration.ofSeconds(60);

  /**
   * @param millis the deciding solver's own time (parse, check, model read), as the worker measured it
   */
  record Answer(Status status, Map<String, ModelValue> model, long millis) {
    boolean sat() {
      return status == Status.SAT;
    }

    static Answer of(SolverResult r) {
      return new Answer(r.status(), r.model(), r.micros() / 1_000);
    }
  }

  private static Portfolio portfolio;

  private Solve() {}

  /** The pools of the shared portfolio, started on first use. */
  static synchronized Map<SolverId, WorkerPool> pools() {
    if (portfolio == null) {
      PortfolioConfig config = PortfolioConfig.defaults().toBuilder()
          .workersPerSolver(1)
          .cacheEntries(0)
          .failedQueries(failedQueriesDir())
          .build();
      Portfolio started = Portfolio.start(config, new SimpleMeterRegistry());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "solve-shutdown"));
      portfolio = started;
    }
    return portfolio.pools();
  }

  static Answer both(Query q) {
    return both(q, TIMEOUT);
  }

  /**
   * The native backend's limit beside the SMT solvers: the service gives it 50 ms before the race; a
   * second keeps a few hard generated questions from costing the suite minutes (its UNKNOWN is then no
   * disagreement, and the SMT solvers' answer stands).
   */
  static final Duration NATIVE_LIMIT = Duration.ofSeconds(1);

  /** The native backend, in this JVM, on the query's formulas. */
  static final AutomatonSolver NATIVE = new AutomatonSolver();

  /** Native answers seen by {@link #withNative}, by status (reported by tests that want the share). */
  static final Map<Status, java.util.concurrent.atomic.AtomicInteger> NATIVE_ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Why the native backend said UNKNOWN, with counts. */
  static final Map<String, Integer> NATIVE_UNKNOWNS = new java.util.concurrent.ConcurrentHashMap<>();

  static Answer nativeOnly(Query q, Duration timeout) {
    SolverResult n = NATIVE.decide(q.problem(), timeout.toMillis(), new CancelFlag());
    NATIVE_ANSWERS.computeIfAbsent(n.status(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    if (n.status() == Status.UNKNOWN) {
      NATIVE_UNKNOWNS.merge(n.note().replaceAll("after \\d+ branches", "after N branches"), 1, Integer::sum);
    }
    if (n.status() == Status.SAT && !Evaluation.satisfies(q.problem(), n.model())) {
      throw new AssertionError("native model does not satisfy the query:\n" + n.model() + "\n" + q.text());
    }
    return Answer.of(n);
  }

  /**
   * The third opinion (issue 15): the native backend decides the same question from its formulas; a
   * definite answer that differs from Z3's and cvc5's fails the test (the script is kept). Its SAT model
   * is the one returned, so the caller's witness checks (evaluator, stranger, scope) judge it; where the
   * SMT solvers said UNKNOWN, its definite answer is the answer.
   */
  static Answer withNative(Query q, Answer smt) {
    Answer n = nativeOnly(q, NATIVE_LIMIT);
    if (n.status().definite() && smt.status().definite() && n.status() != smt.status()) {
      String header = "Backends disagree: native says " + n.status() + ", Z3/cvc5 say " + smt.status();
      Path file = keep("native-disagreement", "; " + header + "\n" + q.text());
      throw new AssertionError(header + "; script written to " + (file == null ? "(not written)" : file.toAbsolutePath()));
    }
    if (n.status() == Status.SAT || (!smt.status().definite() && n.status().definite())) {
      return new Answer(n.status(), n.model(), smt.millis());
    }
    return smt;
  }

  /** Both solvers with a time limit; one UNKNOWN and one definite answer is no disagreement. */
  static Answer both(Query q, Duration timeout) {
    return withNative(q, both(q.text(), timeout));
  }

  static Answer both(String script, Duration timeout) {
    Map<SolverId, SolverResult> results = run(script, timeout, timeout.plus(GRACE), SolverId.workers().toArray(SolverId[]::new));
    return combine(script, results.get(SolverId.Z3), results.get(SolverId.CVC5));
  }

  /**
   * Both solvers at once, each with its own limit (e.g. Z3 capped where its string solver is known to be
   * slow); an UNKNOWN beside a definite answer is no disagreement.
   */
  static Answer both(Query q, Duration z3, Duration cvc5) {
    Map<SolverId, SolverResult> results = new EnumMap<>(SolverId.class);
    Duration longer = z3.compareTo(cvc5) > 0 ? z3 : cvc5;
    results.putAll(run(q.text(), Map.of(SolverId.Z3, z3, SolverId.CVC5, cvc5), longer.plus(GRACE)));
    return withNative(q, combine(q.text(), results.get(SolverId.Z3), results.get(SolverId.CVC5)));
  }

  /** Both solvers at once, each answer on its own (no combining: for checking each model). */
  static Map<SolverId, Answer> each(String script, Duration timeout) {
    Map<SolverId, Answer> out = new EnumMap<>(SolverId.class);
    run(script, timeout, timeout.plus(GRACE), SolverId.workers().toArray(SolverId[]::new)).forEach((id, r) -> out.put(id, Answer.of(r)));
    return out;
  }

  static Answer with(SolverId solver, Query q) {
    return solver == SolverId.NATIVE ? nativeOnly(q, TIMEOUT) : with(solver, q.text(), TIMEOUT);
  }

  static Answer with(SolverId solver, String script, Duration timeout) {
    return with(solver, script, timeout, timeout.plus(GRACE));
  }

  /** One solver with its own limit {@code timeout}, its worker killed if silent after {@code wait}. */
  static Answer with(SolverId solver, String script, Duration timeout, Duration wait) {
    return Answer.of(run(script, timeout, wait, solver).get(solver));
  }

  /** Sends {@code script} to one worker of each solver at once; every worker taken goes back, whatever happens. */
  private static Map<SolverId, SolverResult> run(String script, Duration timeout, Duration wait, SolverId... solvers) {
    Map<SolverId, Duration> limits = new EnumMap<>(SolverId.class);
    for (SolverId id : solvers) {
      limits.put(id, timeout);
    }
    return run(script, limits, wait);
  }

  private static Map<SolverId, SolverResult> run(String script, Map<SolverId, Duration> limits, Duration wait) {
    List<Run> runs = new ArrayList<>();
    Map<SolverId, SolverResult> results = new EnumMap<>(SolverId.class);
    Throwable failure = null;
    try {
      for (SolverId id : new java.util.TreeSet<>(limits.keySet())) {
        runs.add(Run.start(id, script, limits.get(id)));
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Run r : runs) {
      try {
        results.put(r.solver, r.await(wait));
      } catch (RuntimeException | AssertionError e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    timing(script, results);
    return results;
  }

  /**
   * With {@code -Dhornbeam.solveLog=FILE}: one line per query (each solver's status and own time in ms, the
   * script's hash), and every script on which a solver took {@code hornbeam.solveLog.keepMs} (default 200)
   * or more kept beside the file, for finding the slow queries of a test run (measuring only).
   */
  private static void timing(String script, Map<SolverId, SolverResult> results) {
    String log = System.getProperty("hornbeam.solveLog");
    if (log == null) {
      return;
    }
    long keepMs = Long.getLong("hornbeam.solveLog.keepMs", 200);
    StringBuilder line = new StringBuilder();
    long slowest = 0;
    for (SolverId id : SolverId.workers()) {
      SolverResult r = results.get(id);
      long ms = r == null ? -1 : r.micros() / 1_000;
      slowest = Math.max(slowest, ms);
      line.append(id.key()).append(' ').append(r == null ? "-" : r.status()).append(' ').append(ms).append(' ');
    }
    String hash = sha256(script).substring(0, 16);
    line.append(hash).append(' ').append(script.length()).append('\n');
    try {
      Path file = Path.of(log);
      synchronized (Solve.class) {
        Files.writeString(file, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        if (slowest >= keepMs) {
          Path dir = Path.of(log + ".slow");
          Files.createDirectories(dir);
          Files.writeString(dir.resolve(hash + ".smt2"), script, StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The decision part of {@link #both}: Z3's status unless it is UNKNOWN (then cvc5's), the model of
   * whichever says SAT (Z3's if both do), so a SAT always comes with a model. SAT against UNSAT throws an
   * {@link AssertionError} naming the file the script was written to.
   */
  static Answer combine(String script, SolverResult z3, SolverResult cvc5) {
    if (z3.status().definite() && cvc5.status().definite() && z3.status() != cvc5.status()) {
      String header = "Solvers disagree: Z3 says " + z3.status() + ", cvc5 says " + cvc5.status();
      Path file = keep("disagreement", "; " + header + "\n" + script);
      throw new AssertionError(header + (file == null ? "; could not write the script" : "; script written to " + file.toAbsolutePath())
          + (file == null || script.length() <= 4_000 ? "\n" + script : ""));
    }
    SolverResult decided = z3.status().definite() ? z3 : cvc5;
    SolverResult model = z3.status() == Status.SAT ? z3 : cvc5;
    return new Answer(decided.status(), decided.status() == Status.SAT ? model.model() : Map.of(), decided.micros() / 1_000);
  }

  /** One script on one worker, from taking the worker to giving it back. */
  private static final class Run {
    final SolverId solver;
    final String script;
    final long timeoutMillis;
    final WorkerPool pool;
    final Worker worker;
    final long started;
    final CompletableFuture<SolverResult> answer;

    private Run(SolverId solver, String script, long timeoutMillis, WorkerPool pool, Worker worker) {
      this.solver = solver;
      this.script = script;
      this.timeoutMillis = timeoutMillis;
      this.pool = pool;
      this.worker = worker;
      this.started = System.nanoTime();
      this.answer = worker.solve(script, timeoutMillis);
    }

    long elapsedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    static Run start(SolverId solver, String script, Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      WorkerPool pool = pools().get(solver);
      Worker worker;
      try {
        worker = pool.acquire().get(ACQUIRE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw new IllegalStateException("no " + solver.key() + " worker within " + ACQUIRE.toSeconds() + " s: "
            + (e.getCause() != null ? e.getCause().getMessage() : "") + " " + pool.lastStartProblem(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Run(solver, script, timeout.toMillis(), pool, worker);
    }

    /**
     * The answer, or UNKNOWN after killing the worker if none came within {@code wait} of the start. The
     * worker goes back to its pool either way (a killed or lost one is replaced).
     */
    SolverResult await(Duration wait) {
      try {
        SolverResult r = answer.get(Math.max(0, wait.toMillis() - elapsedMillis()), TimeUnit.MILLISECONDS);
        pool.release(worker, true, false);
        return r;
      } catch (TimeoutException e) {
        // Z3 has been seen to ignore its own limit and Context.interrupt() for minutes. Released as
        // unhealthy, the worker is killed (SIGKILL) and its pool starts a replacement.
        pool.release(worker, false, true);
        keep(solver.key() + "-unresponsive", script);
        return new SolverResult(Status.UNKNOWN, Map.of(), elapsedMillis() * 1_000, false, "killed");
      } catch (ExecutionException e) {
        boolean rejected = e.getCause() instanceof QueryFailedException;
        pool.release(worker, rejected, false);
        Path file = keep(solver.key() + (rejected ? "-failed" : "-lost"), script);
        throw new AssertionError(solver.key() + (rejected ? " failed on the script: " : " worker lost: ")
            + e.getCause().getMessage() + (file == null ? "" : "; script written to " + file.toAbsolutePath()), e.getCause());
      } catch (InterruptedException e) {
        pool.release(worker, false, false);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static Path failedQueriesDir() {
    return Path.of(System.getProperty("hornbeam.failedQueries", "target/failed-queries"));
  }

  /** Writes a script under {@link #failedQueriesDir()} for later study; best effort. Returns the file, or null. */
  static Path keep(String why, String script) {
    try {
      Path dir = failedQueriesDir();
      Files.createDirectories(dir);
      Path file = dir.resolve(why + "-" + sha256(script).substring(0, 16) + ".smt2");
      Files.writeString(file, script, StandardCharsets.UTF_8);
      return file;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
