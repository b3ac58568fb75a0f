package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import java.util.Locale;
import java.util.Optional;

/** Which solvers a query runs on, and when. */
public enum Strategy {
  /** Both solvers at once; the first definite answer wins (default). */
  RACE,
  /** Z3 only. */
  Z3,
  /** cvc5 only. */
  CVC5,
  /** The first solver at once, the second only if the first has not answered after a delay. */
  STAGGERED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The solver of a single-solver strategy. */
  public Optional<SolverId> single() {
    return switch (this) {
      case Z3 -> Optional.of(SolverId.Z3);
      case CVC5 -> Optional.of(SolverId.CVC5);
      default -> Optional.empty();
    };
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
