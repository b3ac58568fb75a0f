package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.ScriptRejectedException;
import dev.hornbeam.portfolio.solver.SmtSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A solver on a thread of this JVM: for embedding, one-shot CLI checks and micro-benchmarks. Same
 * contract as a process worker except that {@link #kill} cannot stop a solver that ignores its cancel:
 * the thread is abandoned (a daemon) and the answer it may give later is dropped. cvc5 checks are
 * serialised JVM-wide (its Java API is not thread-safe), so in-process cvc5 runs one query at a time.
 */
public final class InProcessWorker implements Worker {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final SmtSolver solver;
  private final String version;
  private final java.util.concurrent.ExecutorService executor;
  private volatile boolean alive = true;
  private CancelFlag flag;
  private CompletableFuture<SolverResult> pending;

  private InProcessWorker(SmtSolver solver) {
    this.solver = solver;
    this.version = solver.version();
    this.executor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "in-process-" + solver.id().key() + "-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public static WorkerFactory factory() {
    return id -> new InProcessWorker(SmtSolver.create(id));
  }

  @Override
  public SolverId solver() {
    return solver.id();
  }

  @Override
  public long pid() {
    return -1;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public synchronized CompletableFuture<SolverResult> solve(String script, long timeoutMillis) {
    CompletableFuture<SolverResult> future = new CompletableFuture<>();
    if (!alive) {
      future.completeExceptionally(new WorkerLostException("in-process " + solver.id().key() + " worker was stopped"));
      return future;
    }
    CancelFlag cancel = new CancelFlag();
    flag = cancel;
    pending = future;
    executor.execute(() -> {
      try {
        future.complete(solver.check(script, timeoutMillis, cancel));
      } catch (ScriptRejectedException e) {
        future.completeExceptionally(new QueryFailedException(e.getMessage()));
      } catch (RuntimeException | OutOfMemoryError e) {
        future.completeExceptionally(new QueryFailedException(solver.id().key() + " failed: " + e));
      }
    });
    return future;
  }

  @Override
  public synchronized void cancel() {
    if (flag != null) {
      flag.cancel();
    }
  }

  @Override
  public void kill() {
    CompletableFuture<SolverResult> p;
    synchronized (this) {
      alive = false;
      p = pending;
      if (flag != null) {
        flag.cancel();
      }
    }
    if (p != null) {
      p.completeExceptionally(new WorkerLostException("in-process " + solver.id().key() + " worker was stopped"));
    }
    executor.shutdown();
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
