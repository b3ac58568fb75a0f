package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverResult;
import java.util.Objects;

/** What a worker and its parent say to each other (see {@link Frames} for the bytes). */
public sealed interface Message {
  /** Worker → parent, once, when its solver is loaded and warm. */
  record Hello(String solver, String version, long pid) implements Message {}

  /** Parent → worker: check {@code script} with the solver's own limit {@code timeoutMillis}. */
  record Solve(long id, long timeoutMillis, String script) implements Message {
    public Solve {
      Objects.requireNonNull(script);
    }
  }

  /** Parent → worker: stop query {@code id} through the solver's API (ignored if it is not running). */
  record Cancel(long id) implements Message {}

  /** Worker → parent: the answer to query {@code id}. */
  record Answer(long id, SolverResult result) implements Message {}

  /** Worker → parent: query {@code id} failed (script rejected, solver exception). */
  record Failure(long id, String message) implements Message {}
}
