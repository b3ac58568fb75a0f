package dev.hornbeam.policy.model;

import java.util.Objects;

/** {@code Principal} ({@code negated == false}) or {@code NotPrincipal}. */
public record PrincipalElement(boolean negated, Principals principals) {
  public PrincipalElement {
    Objects.requireNonNull(principals, "principals");
  }

  public String jsonName() {
    return negated ? "NotPrincipal" : "Principal";
  }
}
