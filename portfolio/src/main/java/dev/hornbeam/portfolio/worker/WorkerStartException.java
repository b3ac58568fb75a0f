package dev.hornbeam.portfolio.worker;

/** A worker could not be started (exited, timed out or said something else than hello). */
public final class WorkerStartException extends Exception {
  public WorkerStartException(String message) {
    super(message);
  }
}
