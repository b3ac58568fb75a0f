package dev.hornbeam.policy.model;

import java.util.List;

/**
 * {@code Resource} ({@code negated == false}) or {@code NotResource}: a list of ARN patterns (or
 * {@code *}). Resource matching is case-sensitive and field-by-field over the six ARN fields.
 */
public record ResourceElement(boolean negated, List<String> patterns) {
  public ResourceElement {
    patterns = List.copyOf(patterns);
  }

  public String jsonName() {
    return negated ? "NotResource" : "Resource";
  }
}
