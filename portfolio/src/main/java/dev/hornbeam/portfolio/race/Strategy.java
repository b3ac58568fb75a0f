package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import java.util.Locale;
import java.util.Optional;

/** Which backends a query runs on, and when. */
public enum Strategy {
  /**
   * The native backend first, in this JVM; a definite answer returns (a fraction of its UNSATs is
   * confirmed by the race in the background); UNKNOWN or its budget spent → the race of the worker
   * backends in the time left (default).
   */
  AUTO,
  /** The worker backends at once; the first definite answer wins. */
  RACE,
  /** The native backend alone: its UNKNOWN is the answer. */
  NATIVE,
  /** Z3 only. */
  Z3,
  /** cvc5 only. */
  CVC5,
  /** The first worker backend at once, the second only if the first has not answered after a delay. */
  STAGGERED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The backend of a single-backend strategy. */
  public Optional<SolverId> single() {
    return switch (this) {
      case Z3 -> Optional.of(SolverId.Z3);
      case CVC5 -> Optional.of(SolverId.CVC5);
      case NATIVE -> Optional.of(SolverId.NATIVE);
      case AUTO, RACE, STAGGERED -> Optional.empty();
    };
  }

  /** Whether the native backend is asked first. */
  public boolean nativeFirst() {
    return this == AUTO || this == NATIVE;
  }

  public static Optional<Strategy> fromKey(String key) {
    for (Strategy s : values()) {
      if (s.key().equalsIgnoreCase(key) || s.name().equalsIgnoreCase(key.replace('-', '_'))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
