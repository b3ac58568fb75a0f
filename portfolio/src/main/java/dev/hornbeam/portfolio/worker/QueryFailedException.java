package dev.hornbeam.portfolio.worker;

/** The solver rejected the script or failed on it; the worker itself is fine. */
public final class QueryFailedException extends RuntimeException {
  public QueryFailedException(String message) {
    super(message);
  }
}
