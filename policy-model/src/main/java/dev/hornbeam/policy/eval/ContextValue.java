package dev.hornbeam.policy.eval;

import java.util.List;

/**
 * The value of one condition key in a request: single-valued (exactly one value) or multi-valued (a
 * set, possibly empty). An absent key has no {@code ContextValue} at all.
 */
public record ContextValue(List<String> values, boolean multiValued) {
  public ContextValue {
    values = List.copyOf(values);
    if (!multiValued && values.size() != 1) {
      throw new IllegalArgumentException("a single-valued key has exactly one value");
    }
  }

  public static ContextValue single(String value) {
    return new ContextValue(List.of(value), false);
  }

  public static ContextValue multi(String... values) {
    return new ContextValue(List.of(values), true);
  }

  public static ContextValue multi(List<String> values) {
    return new ContextValue(values, true);
  }
}
