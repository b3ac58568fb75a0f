package dev.hornbeam.portfolio.worker;

/** The worker died, was killed, or broke the protocol while a query was on it. */
public final class WorkerLostException extends RuntimeException {
  public WorkerLostException(String message) {
    super(message);
  }
}
