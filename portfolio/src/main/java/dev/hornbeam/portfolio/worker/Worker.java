package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One solver instance that answers one query at a time: a child process ({@link ProcessWorker}) or a
 * thread of this JVM ({@link InProcessWorker}).
 */
public interface Worker {
  SolverId solver();

  /** Process id, or -1 in-process. */
  long pid();

  /** The native solver's name and version. */
  String version();

  /**
   * Starts a check. The future fails with {@link WorkerLostException} if the worker dies or is killed,
   * and with {@link QueryFailedException} if the solver rejects the script or throws.
   */
  CompletableFuture<SolverResult> solve(String script, long timeoutMillis);

  /** Asks the running check to stop, through the solver's API. Its answer is then marked cancelled. */
  void cancel();

  /** Stops the worker for good (SIGKILL for a process). Idempotent. */
  void kill();

  /**
   * After {@link #kill}: waits at most {@code timeout} until the worker has ended and left nothing behind
   * (a process: exited, its directory wiped). True if so.
   */
  default boolean awaitGone(Duration timeout) {
    return true;
  }

  boolean alive();

  /** Resident memory of the worker, or -1 when unknown. */
  long rssBytes();
}
