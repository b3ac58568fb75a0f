package dev.hornbeam.portfolio.solver;

/**
 * One solver, in-process. Implementations take a complete SMT-LIB 2.6 script as the encoder writes it
 * ({@code set-logic}, {@code set-option :produce-models true}, declarations, {@code define-fun}s,
 * assertions, {@code check-sat}) and use a fresh solver context per call (FACTS.md: flat memory).
 */
public interface SmtSolver {
  SolverId id();

  /** Name and version of the native solver, e.g. {@code z3 4.14.1}. */
  String version();

  /**
   * Checks {@code script} with a limit of {@code timeoutMillis} (the solver's own limit, which it may
   * overshoot). Throws {@link ScriptRejectedException} when the solver does not accept the script.
   */
  SolverResult check(String script, long timeoutMillis, CancelFlag cancel);

  static SmtSolver create(SolverId id) {
    return switch (id) {
      case Z3 -> new Z3Solver();
      case CVC5 -> new Cvc5Solver();
      case NATIVE -> throw new IllegalArgumentException("native reads formulas in the JVM, not SMT-LIB text");
    };
  }
}
