package dev.hornbeam.portfolio;

/**
 * Where one answer's time went, in microseconds. {@code solver} is the winning solver's own time (0
 * when none won or the answer was cached); {@code ipc} is the rest of its round trip (framing, pipes,
 * scheduling); {@code queue} the wait for a worker.
 */
public record Timings(long encode, long queue, long solver, long ipc, long decode, long check, long total) {
  public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0, 0);
}
