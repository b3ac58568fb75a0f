package dev.hornbeam.policy.model;

import java.util.List;

/**
 * {@code Action} ({@code negated == false}) or {@code NotAction}: a list of action patterns such as
 * {@code s3:Get*}. Action names are case-insensitive in AWS.
 */
public record ActionElement(boolean negated, List<String> patterns) {
  public ActionElement {
    patterns = List.copyOf(patterns);
  }

  public String jsonName() {
    return negated ? "NotAction" : "Action";
  }
}
