package dev.hornbeam.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One (operator, key, values) entry of a {@code Condition} block, e.g. {@code "StringLike":
 * {"aws:Referer": ["https://a/*", "https://b/*"]}}. Values are kept as text: JSON numbers and booleans
 * become their JSON spelling ({@code 1.2}, {@code true}).
 *
 * @param key the condition key as written (key names are case-insensitive when matched)
 */
public record Condition(ConditionOperator operator, String key, List<String> values) {
  public Condition {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(key, "key");
    values = List.copyOf(values);
  }
}
