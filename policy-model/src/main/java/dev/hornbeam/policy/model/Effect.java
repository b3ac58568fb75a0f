package dev.hornbeam.policy.model;

/** The {@code Effect} element: exactly {@code "Allow"} or {@code "Deny"} (case-sensitive in AWS). */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String json;

  Effect(String json) {
    this.json = json;
  }

  /** The spelling in a policy document. */
  public String json() {
    return json;
  }
}
