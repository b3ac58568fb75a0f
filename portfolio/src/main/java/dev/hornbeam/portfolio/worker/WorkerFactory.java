package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverId;

/** Makes warm workers for a pool. */
public interface WorkerFactory {
  /** A started worker that has said hello, or an exception; blocks while it starts. */
  Worker start(SolverId solver) throws WorkerStartException;
}
