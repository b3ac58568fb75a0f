package dev.hornbeam.portfolio.worker;

/**
 * Why a worker left its pool (and a replacement was started). Logged at INFO by {@link WorkerPool} and
 * counted in {@code hornbeam.worker.retirements} (tags {@code solver}, {@code reason} = {@link #key()}).
 */
public enum Retirement {
  /** Lost a race, was told to stop, and had not answered when the grace period ended: killed. */
  LOST_RACE_GRACE_EXCEEDED("lost-race-grace-exceeded", true, "lost the race and did not stop within the grace period"),
  /** Still running at the deadline, was told to stop, and had not answered when the grace period ended: killed. */
  DEADLINE_GRACE_EXCEEDED("deadline-grace-exceeded", true, "was still running at the deadline and did not stop within the grace period"),
  /** A shadow check ran past its own limit: killed. */
  SHADOW_TIMEOUT("shadow-timeout", true, "ran a shadow check past its limit"),
  /** Died, was killed from outside, or broke the protocol during a query. */
  CRASHED("crashed", false, "died or broke the protocol during a query"),
  /** Found dead while idle. */
  DIED_IDLE("died-idle", false, "died while idle"),
  /** Served its quota of queries ({@code recycleAfter}). */
  RECYCLED("recycled", false, "served its quota of queries"),
  /** Grew past the resident-memory limit. */
  MEMORY_LIMIT("memory-limit", false, "grew past the memory limit");

  private final String key;
  private final boolean kill;
  private final String description;

  Retirement(String key, boolean kill, String description) {
    this.key = key;
    this.kill = kill;
    this.description = description;
  }

  /** The metric tag and log word. */
  public String key() {
    return key;
  }

  /** True when the parent killed the worker for not stopping in time ({@code hornbeam.solver.kills}). */
  public boolean kill() {
    return kill;
  }

  public String description() {
    return description;
  }
}
