package dev.hornbeam.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One statement.
 *
 * @param sid the {@code Sid}, or {@code null}
 * @param effect Allow or Deny
 * @param principal {@code Principal} / {@code NotPrincipal}, or {@code null} when the statement has
 *     neither (identity policies, SCPs)
 * @param action {@code Action} / {@code NotAction}
 * @param resource {@code Resource} / {@code NotResource}, or {@code null} when absent (role trust
 *     policies have none; the statement then applies to every resource)
 * @param conditions the {@code Condition} block flattened to (operator, key, values), in document order;
 *     empty when absent
 */
public record Statement(
    String sid,
    Effect effect,
    PrincipalElement principal,
    ActionElement action,
    ResourceElement resource,
    List<Condition> conditions) {

  public Statement {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(action, "action");
    conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
  }
}
