package dev.hornbeam.policy.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The value of a {@code Principal} / {@code NotPrincipal} element. */
public sealed interface Principals {

  /** {@code "Principal": "*"}: everyone, anonymous callers included. Equivalent to {@code {"AWS":"*"}}. */
  record Anyone() implements Principals {}

  /**
   * {@code "Principal": {"AWS": [...], "Service": [...], ...}}: the listed principals by type, in the
   * fixed order of {@link PrincipalType}; every list is non-empty.
   */
  record Listed(Map<PrincipalType, List<String>> byType) implements Principals {
    public Listed {
      Objects.requireNonNull(byType, "byType");
      EnumMap<PrincipalType, List<String>> copy = new EnumMap<>(PrincipalType.class);
      byType.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      byType = java.util.Collections.unmodifiableMap(copy);
    }

    public List<String> values(PrincipalType type) {
      return byType.getOrDefault(type, List.of());
    }
  }
}
