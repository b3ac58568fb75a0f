package dev.hornbeam.portfolio.solver;

import java.util.Locale;
import java.util.Optional;

/** The solvers in the portfolio. */
public enum SolverId {
  Z3,
  CVC5;

  /** Lower-case name, as in configuration, metrics tags and the worker command line. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SolverId> fromKey(String key) {
    for (SolverId id : values()) {
      if (id.key().equalsIgnoreCase(key)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
