package dev.hornbeam.portfolio.solver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backends of the portfolio: this enum is where a backend is registered (one constant); the
 * exhaustive switches on it ({@link SmtSolver#create}, {@link FormulaSolver#create}) then list what else
 * to write. A backend is one package.
 */
public enum SolverId {
  Z3(Kind.WORKER),
  CVC5(Kind.WORKER),
  /** The automaton procedure of {@code dev.hornbeam.portfolio.automaton}, in this JVM (issue 15). */
  NATIVE(Kind.IN_JVM);

  /** Where a backend runs and what it reads. */
  public enum Kind {
    /** SMT-LIB text, in a pool of worker processes (or threads), raced against the others of its kind. */
    WORKER,
    /** The formula layer's {@code Problem}, on the caller's thread, before any race. */
    IN_JVM
  }

  private final Kind kind;

  SolverId(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The backends that run in worker pools and race, in registration order. */
  public static List<SolverId> workers() {
    return Arrays.stream(values()).filter(s -> s.kind == Kind.WORKER).toList();
  }

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
