package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.ProcessWorker;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Warm end-to-end latency of the public-access check over the corpus, per strategy, in worker processes
 * and in-process; IPC overhead; CPU per check; worker start-up. Runs only with
 * {@code -Dhornbeam.bench=true} and prints the tables recorded in BENCHMARKS.md.
 */
class PortfolioBench {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void corpusLatency() throws Exception {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    int reps = Integer.getInteger("hornbeam.bench.reps", 3);
    List<CorpusPolicies> corpus = CorpusPolicies.load();
    assumeTrue(!corpus.isEmpty(), "no corpus");
    PortfolioConfig base = PortfolioConfig.defaults().toBuilder().cacheEntries(0).workersPerSolver(1).recycleAfter(1_000_000).build();
    Map<String, PortfolioConfig> configs = new LinkedHashMap<>();
    configs.put("workers race", base);
    configs.put("workers z3", base.toBuilder().strategy(Strategy.Z3).build());
    configs.put("workers cvc5", base.toBuilder().strategy(Strategy.CVC5).build());
    configs.put("workers staggered cvc5→z3 20ms", base.toBuilder().strategy(Strategy.STAGGERED).stagger(SolverId.CVC5, Duration.ofMillis(20)).build());
    configs.put("in-process race", base.toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).build());
    configs.put("in-process z3", base.toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).strategy(Strategy.Z3).build());
    configs.put("in-process cvc5", base.toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).strategy(Strategy.CVC5).build());
    StringBuilder table = new StringBuilder("| configuration | checks | p50 ms | p90 ms | p99 ms | max ms | encode p50 ms | winner's solver p50 ms | IPC p50 ms | IPC p99 ms"
        + " | sum(end to end) / sum(winner's solver) | CPU ms per check | wins z3 / cvc5 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (var c : configs.entrySet()) {
      try (PolicyChecker checker = PolicyChecker.start(c.getValue(), new SimpleMeterRegistry())) {
        checker.portfolio().awaitReady(Duration.ofSeconds(60));
        for (CorpusPolicies p : corpus) { // warm-up pass
          checker.isPublic(p.policy(), p.type(), DEADLINE);
        }
        double cpu0 = cpuMillis(checker);
        long[][] total = new long[corpus.size()][reps];
        long[][] solver = new long[corpus.size()][reps];
        long[][] ipc = new long[corpus.size()][reps];
        long[][] encode = new long[corpus.size()][reps];
        int[] wins = new int[2];
        for (int r = 0; r < reps; r++) {
          for (int i = 0; i < corpus.size(); i++) {
            CorpusPolicies p = corpus.get(i);
            PublicAccessAnswer a = checker.isPublic(p.policy(), p.type(), DEADLINE);
            if (a.reason() != Reason.SOLVED) {
              throw new AssertionError(c.getKey() + ": " + p.name() + " " + a);
            }
            total[i][r] = a.timings().total();
            solver[i][r] = a.timings().solver();
            ipc[i][r] = a.timings().ipc();
            encode[i][r] = a.timings().encode();
            wins[a.solver().orElseThrow().ordinal()]++;
          }
        }
        double cpu = cpuMillis(checker) - cpu0;
        long[] t = medians(total);
        long[] s = medians(solver);
        long[] x = medians(ipc);
        long[] e = medians(encode);
        double ratio = (double) Arrays.stream(t).sum() / Math.max(1, Arrays.stream(s).sum());
        table.append(String.format("| %s | %d | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %d / %d |%n",
            c.getKey(), corpus.size(), pct(t, 50), pct(t, 90), pct(t, 99), pct(t, 100), pct(e, 50), pct(s, 50), pct(x, 50), pct(x, 99), ratio,
            cpu / (corpus.size() * (double) reps), wins[0], wins[1]));
        System.out.println(c.getKey() + " done");
      }
    }
    System.out.println("median of " + reps + " runs per check, after one warm-up pass\n" + table);
  }

  @Test
  void workerStartup() throws Exception {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    int n = Integer.getInteger("hornbeam.bench.starts", 10);
    StringBuilder out = new StringBuilder("| solver | starts | p50 ms | max ms | RSS after hello MB |\n|---|---:|---:|---:|---:|\n");
    for (SolverId id : SolverId.workers()) {
      long[] ms = new long[n];
      long rss = 0;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        ProcessWorker w = ProcessWorker.start(WorkerLaunch.defaults(), id, Duration.ofSeconds(30));
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
        rss = Math.max(rss, w.rssBytes());
        w.kill();
      }
      Arrays.sort(ms);
      out.append(String.format("| %s | %d | %d | %d | %d |%n", id.key(), n, ms[n / 2], ms[n - 1], rss >> 20));
    }
    System.out.println("worker start-up (spawn to hello, includes loading the natives and a warm-up query)\n" + out);
  }

  @Test
  void deadlineOvershoot() throws Exception {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    int n = Integer.getInteger("hornbeam.bench.overshoots", 60);
    String slow = SlowQueryTest.slowQuery();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long[] over = new long[n];
    long[] recovery = new long[n];
    try (Portfolio portfolio = Portfolio.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).build(), registry)) {
      portfolio.awaitReady(Duration.ofSeconds(60));
      long[] deadlines = {100, 250, 500};
      for (int i = 0; i < n; i++) {
        long deadline = deadlines[i % deadlines.length];
        long start = System.nanoTime();
        var r = portfolio.solve("bench:slow", slow, start + deadline * 1_000_000).result();
        long end = System.nanoTime();
        if (r.outcome() != dev.hornbeam.portfolio.race.Outcome.TIMEOUT) {
          throw new AssertionError(r.toString());
        }
        over[i] = (end - start) / 1_000 - deadline * 1_000;
        // Until both solvers have stopped (or been killed and replaced) and are free again.
        for (WorkerPool pool : portfolio.pools().values()) {
          var w = pool.acquire().get(30, java.util.concurrent.TimeUnit.SECONDS);
          pool.release(w, true, false);
        }
        recovery[i] = (System.nanoTime() - end) / 1_000;
      }
    }
    System.out.printf("deadline overshoot over %d races of the slow query (deadlines 100/250/500 ms): p50 %.2f ms, p90 %.2f ms,"
        + " p99 %.2f ms, max %.2f ms; both solvers free again after p50 %.1f ms, max %.1f ms; kills z3 %.0f, cvc5 %.0f%n",
        n, pct(over, 50), pct(over, 90), pct(over, 99), pct(over, 100), pct(recovery, 50), pct(recovery, 100),
        registry.counter("hornbeam.solver.kills", "solver", "z3").count(), registry.counter("hornbeam.solver.kills", "solver", "cvc5").count());
  }

  /** CPU of this JVM, of reaped children, and of the live workers, in ms (Linux /proc, 100 ticks/s). */
  static double cpuMillis(PolicyChecker checker) throws IOException {
    String[] self = stat(Path.of("/proc/self/stat"));
    double ticks = Long.parseLong(self[13]) + Long.parseLong(self[14]) + Long.parseLong(self[15]) + Long.parseLong(self[16]);
    for (WorkerPool pool : checker.portfolio().pools().values()) {
      for (long pid : pool.pids()) {
        if (pid > 0) {
          try {
            String[] s = stat(Path.of("/proc", Long.toString(pid), "stat"));
            ticks += Long.parseLong(s[13]) + Long.parseLong(s[14]);
          } catch (IOException e) {
            // exited meanwhile: its time is in the reaped children's now
          }
        }
      }
    }
    return ticks * 10.0;
  }

  private static String[] stat(Path file) throws IOException {
    String s = Files.readString(file);
    // Fields after the command name, which is in parentheses and may hold spaces.
    String rest = s.substring(s.lastIndexOf(')') + 2);
    String[] fields = rest.split(" ");
    String[] all = new String[fields.length + 2];
    System.arraycopy(fields, 0, all, 2, fields.length);
    return all; // all[i] is field i+1 of proc(5): all[13] utime, all[14] stime, all[15] cutime, all[16] cstime
  }

  static long[] medians(long[][] runs) {
    long[] out = new long[runs.length];
    for (int i = 0; i < runs.length; i++) {
      long[] r = runs[i].clone();
      Arrays.sort(r);
      out[i] = r[r.length / 2];
    }
    return out;
  }

  /** Percentile of microsecond values, in ms. */
  static double pct(long[] micros, int p) {
    long[] s = micros.clone();
    Arrays.sort(s);
    int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
    return s[Math.max(0, i)] / 1000.0;
  }
}
