package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerLostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM stand-in for a worker, for unit tests of the race only: answers {@code status} after
 * {@code delayMillis}; on cancel either stops after {@code stopMillis} with a cancelled (spurious) UNSAT,
 * as cvc5's cooperative cancel does, or ignores the cancel when {@code stopMillis < 0}.
 */
final class ScriptedWorker implements Worker {
  static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "scripted-worker");
    t.setDaemon(true);
    return t;
  });

  final SolverId solver;
  final Status status;
  final long delayMillis;
  final long stopMillis;
  final AtomicInteger solves = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();
  volatile boolean alive = true;
  private CompletableFuture<SolverResult> pending;

  ScriptedWorker(SolverId solver, Status status, long delayMillis, long stopMillis) {
    this.solver = solver;
    this.status = status;
    this.delayMillis = delayMillis;
    this.stopMillis = stopMillis;
  }

  @Override
  public SolverId solver() {
    return solver;
  }

  @Override
  public long pid() {
    return -1;
  }

  @Override
  public String version() {
    return "scripted";
  }

  @Override
  public synchronized CompletableFuture<SolverResult> solve(String script, long timeoutMillis) {
    solves.incrementAndGet();
    CompletableFuture<SolverResult> f = new CompletableFuture<>();
    pending = f;
    TIMER.schedule(() -> f.complete(new SolverResult(status, Map.of(), delayMillis * 1000, false, "")), delayMillis, TimeUnit.MILLISECONDS);
    return f;
  }

  @Override
  public synchronized void cancel() {
    cancels.incrementAndGet();
    CompletableFuture<SolverResult> f = pending;
    if (stopMillis >= 0 && f != null) {
      TIMER.schedule(() -> f.complete(new SolverResult(Status.UNSAT, Map.of(), 0, true, "")), stopMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void kill() {
    alive = false;
    CompletableFuture<SolverResult> f;
    synchronized (this) {
      f = pending;
    }
    if (f != null) {
      f.completeExceptionally(new WorkerLostException("killed"));
    }
  }

  @Override
  public boolean alive() {
    return alive;
  }

  @Override
  public long rssBytes() {
    return -1;
  }
}
