package dev.hornbeam.portfolio.worker;

/** More queries wait for a worker than the pool's queue bound allows. */
public final class PoolSaturatedException extends RuntimeException {
  public PoolSaturatedException(String message) {
    super(message);
  }
}
