package dev.hornbeam.portfolio.solver;

/** The solver did not accept the script (syntax, sort error, unsupported command). */
public final class ScriptRejectedException extends RuntimeException {
  public ScriptRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
