package dev.hornbeam.portfolio.race;

/** How a race ended. Only SAT and UNSAT are answers; everything else must fail closed. */
public enum Outcome {
  SAT,
  UNSAT,
  /** No definite answer by the deadline. */
  TIMEOUT,
  /** Every solver that ran said unknown. */
  UNKNOWN,
  /** A worker was lost, or a solver rejected or failed on the script. */
  ERROR,
  /** No worker could be had: the pools' queues were full. */
  OVERLOADED;

  public boolean definite() {
    return this == SAT || this == UNSAT;
  }
}
