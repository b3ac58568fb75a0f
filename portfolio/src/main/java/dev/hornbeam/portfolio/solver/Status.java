package dev.hornbeam.portfolio.solver;

/** A solver's answer to {@code (check-sat)}. */
public enum Status {
  SAT,
  UNSAT,
  UNKNOWN;

  public boolean definite() {
    return this != UNKNOWN;
  }
}
