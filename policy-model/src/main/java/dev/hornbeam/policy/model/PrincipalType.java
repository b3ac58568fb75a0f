package dev.hornbeam.policy.model;

import java.util.Optional;

/** The keys of a principal map. Key names are case-sensitive in AWS. */
public enum PrincipalType {
  AWS("AWS"),
  SERVICE("Service"),
  FEDERATED("Federated"),
  CANONICAL_USER("CanonicalUser");

  private final String json;

  PrincipalType(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  public static Optional<PrincipalType> fromJson(String name) {
    for (PrincipalType t : values()) {
      if (t.json.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
