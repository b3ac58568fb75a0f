package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.PolicyVariables;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The request-context keys a policy reads: condition keys and policy variables. */
public final class PolicyKeys {
  private PolicyKeys() {}

  /**
   * Lowercase keys read by {@code policies}: every condition key, and every key of a policy variable in
   * a Resource value or in a String or Arn condition value (where variables apply).
   */
  public static Set<String> mentioned(Collection<Policy> policies) {
    Set<String> out = new LinkedHashSet<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        if (s.resource() != null) {
          for (String r : s.resource().patterns()) {
            variables(r, p, out);
          }
        }
        for (Condition c : s.conditions()) {
          out.add(c.key().toLowerCase(Locale.ROOT));
          OperatorFamily f = c.operator().base().family();
          if (f == OperatorFamily.STRING || f == OperatorFamily.ARN) {
            for (String v : c.values()) {
              variables(v, p, out);
            }
          }
        }
      }
    }
    return out;
  }

  private static void variables(String value, Policy p, Set<String> out) {
    for (String k : PolicyVariables.keys(value, p.variablesEnabled())) {
      out.add(k.toLowerCase(Locale.ROOT));
    }
  }
}
