package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.FormulaSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.Problem;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The native backend (issue 15): decides the formula layer's problems in this JVM, in microseconds for
 * typical policies, with no process and no text ({@link Search}). What it does not decide exactly it
 * answers UNKNOWN with a typed reason ({@link Unknown}) at once, and the race takes over. Stateless:
 * one instance serves every thread.
 */
public final class AutomatonSolver implements FormulaSolver {
  @Override
  public SolverId id() {
    return SolverId.NATIVE;
  }

  @Override
  public String version() {
    return "native 1 (lucene " + org.apache.lucene.util.Version.LATEST + " automata)";
  }

  @Override
  public SolverResult decide(Problem problem, long timeoutMillis, CancelFlag cancel) {
    long start = System.nanoTime();
    Search search = new Search(problem, start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), cancel);
    try {
      boolean sat = search.run();
      long micros = (System.nanoTime() - start) / 1_000;
      if (sat) {
        return new SolverResult(Status.SAT, search.model, micros, false, search.nodes() + " branches, " + search.stringSolves() + " string checks");
      }
      if (search.undecided != null) {
        return new SolverResult(Status.UNKNOWN, Map.of(), micros, false, search.undecided.getMessage());
      }
      return new SolverResult(Status.UNSAT, Map.of(), micros, false, search.nodes() + " branches, " + search.stringSolves() + " string checks");
    } catch (Unknown.GiveUp g) {
      return new SolverResult(Status.UNKNOWN, Map.of(), (System.nanoTime() - start) / 1_000, g.reason == Unknown.CANCELLED,
          g.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return new SolverResult(Status.UNKNOWN, Map.of(), (System.nanoTime() - start) / 1_000, false,
          Unknown.UNSUPPORTED + ": " + e);
    }
  }
}
