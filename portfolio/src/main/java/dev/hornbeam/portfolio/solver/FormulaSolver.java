package dev.hornbeam.portfolio.solver;

import dev.hornbeam.smt.api.Problem;

/**
 * A backend that reads the formula layer directly, in this JVM ({@link SolverId.Kind#IN_JVM}): no
 * process, no text. Implementations are thread-safe (one instance serves every caller) and answer
 * UNKNOWN, with a typed reason in the note, for whatever they do not decide exactly.
 */
public interface FormulaSolver {
  SolverId id();

  /** Name and version, e.g. {@code native 1 (lucene 9.12.3)}. */
  String version();

  /**
   * Decides {@code problem} within {@code timeoutMillis} (or until {@code cancel}); a SAT answer's model
   * gives every declared variable a value and has been checked against {@code Evaluation.satisfies}.
   */
  SolverResult decide(Problem problem, long timeoutMillis, CancelFlag cancel);

  static FormulaSolver create(SolverId id) {
    return switch (id) {
      case Z3, CVC5 -> throw new IllegalArgumentException(id.key() + " reads SMT-LIB text in a worker, not formulas");
      case NATIVE -> new dev.hornbeam.portfolio.automaton.AutomatonSolver();
    };
  }
}
