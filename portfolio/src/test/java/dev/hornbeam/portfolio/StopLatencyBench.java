package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.worker.ProcessWorker;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import dev.hornbeam.smt.PublicAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How long a solver in a worker process takes to answer after a cancel: every corpus public-access
 * query, cancelled after a few delays; time from sending the cancel to receiving the (cancelled) answer.
 * Runs only with {@code -Dhornbeam.bench=true}; prints the table in BENCHMARKS.md ("Stopping a loser").
 */
class StopLatencyBench {
  @Test
  void stopLatency() throws Exception {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    List<CorpusPolicies> corpus = CorpusPolicies.load();
    assumeTrue(!corpus.isEmpty(), "no corpus");
    List<String> queries = new ArrayList<>();
    for (CorpusPolicies p : corpus) {
      var q = PublicAccess.query(p.policy(), p.type(), null);
      if (q.exact()) {
        queries.add(q.text());
      }
    }
    long[] delays = {1, 3, 10};
    StringBuilder table = new StringBuilder("| solver | cancel after ms | cancelled checks | finished first | stop p50 ms | p90 ms | p99 ms | max ms | over 100 ms | over 250 ms |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SolverId id : SolverId.workers()) {
      ProcessWorker w = ProcessWorker.start(WorkerLaunch.defaults(), id, Duration.ofSeconds(60));
      try {
        for (String q : queries.subList(0, Math.min(50, queries.size()))) { // warm-up
          w.solve(q, 10_000).get(30, TimeUnit.SECONDS);
        }
        for (long delay : delays) {
          List<Long> stops = new ArrayList<>();
          int first = 0;
          for (String q : queries) {
            CompletableFuture<SolverResult> f = w.solve(q, 30_000);
            Thread.sleep(delay);
            if (f.isDone()) {
              first++;
              f.get();
              continue;
            }
            long t0 = System.nanoTime();
            w.cancel();
            try {
              f.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
              throw new AssertionError("no answer 30 s after a cancel", e);
            }
            stops.add((System.nanoTime() - t0) / 1_000);
          }
          long[] s = stops.stream().mapToLong(Long::longValue).sorted().toArray();
          table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %d |%n", id.key(), delay, s.length,
              first, pct(s, 50), pct(s, 90), pct(s, 99), pct(s, 100), Arrays.stream(s).filter(x -> x > 100_000).count(),
              Arrays.stream(s).filter(x -> x > 250_000).count()));
        }
      } finally {
        w.kill();
        w.awaitGone(Duration.ofSeconds(5));
      }
    }
    System.out.println(table);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))] / 1000.0;
  }
}
