package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.FormulaSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.Problem;
import java.util.Map;

/** Placeholder until the automaton procedure lands: decides nothing (UNKNOWN), so the race answers. */
public final class AutomatonSolver implements FormulaSolver {
  @Override
  public SolverId id() {
    return SolverId.NATIVE;
  }

  @Override
  public String version() {
    return "native 0 (decides nothing)";
  }

  @Override
  public SolverResult decide(Problem problem, long timeoutMillis, CancelFlag cancel) {
    return new SolverResult(Status.UNKNOWN, Map.of(), 0, false, "UNSUPPORTED: not built yet");
  }
}
