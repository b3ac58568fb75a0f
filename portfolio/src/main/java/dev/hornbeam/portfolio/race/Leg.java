package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;

/**
 * What one solver did in one race.
 *
 * @param state how its part ended
 * @param queueMicros time waiting for a worker
 * @param solverMicros the solver's own time (parse, check, model), as measured inside the worker; -1 if
 *     it gave no answer
 * @param roundTripMicros from sending the query to receiving the answer; minus {@code solverMicros} it is
 *     the IPC overhead; -1 if no answer
 * @param detail a note (unknown reason, error message), or empty
 */
public record Leg(SolverId solver, State state, long queueMicros, long solverMicros, long roundTripMicros, String detail) {
  public enum State {
    /** Gave the winning answer. */
    WON,
    /** Gave a definite answer after the race was decided (shadow check) or agreed too late. */
    LATE,
    UNKNOWN,
    /** Told to stop (the other won, or the deadline passed) and stopped through its API. */
    CANCELLED,
    /** Told to stop, did not within the grace period: its worker was killed. */
    KILLED,
    /** Lost its worker, or the solver failed on the script. */
    ERROR,
    /** No worker available (queue full). */
    OVERLOADED,
    /** Never started (staggered and the first solver answered in time; or decided while queued). */
    NOT_RUN
  }
}
