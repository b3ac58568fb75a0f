package dev.hornbeam.policy.findings;

import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The atoms of a policy, in document order, each once: every principal entry, action and resource pattern
 * (but the wildcard {@code *}, which every request passes), and every condition taken apart into its values
 * where the condition is the "or" of them (a plain or ForAnyValue matching operator, IfExists or not) or
 * the "and" (a negated operator, plain or ForAllValues); any other condition is one atom.
 *
 * <p>For a single-valued key the policy's decision is then a function of which atoms a request passes, so
 * the findings are exact; where it is not (a multi-valued key read through ForAllValues, say), the search
 * still proves its two guarantees, and a finding it cannot prove exact is marked so.
 */
public final class Atoms {
  private Atoms() {}

  public static List<Atom> of(Policy policy) {
    Set<Atom> atoms = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      if (s.principal() != null && s.principal().principals() instanceof Principals.Listed listed) {
        for (Map.Entry<PrincipalType, List<String>> e : listed.byType().entrySet()) {
          for (String v : e.getValue()) {
            if (!(e.getKey() == PrincipalType.AWS && v.equals("*"))) {
              atoms.add(new Atom.Principal(e.getKey(), v));
            }
          }
        }
      }
      for (String a : s.action().patterns()) {
        if (!a.equals("*")) {
          atoms.add(new Atom.Action(a));
        }
      }
      if (s.resource() != null) {
        for (String r : s.resource().patterns()) {
          if (!r.equals("*")) {
            atoms.add(new Atom.Resource(r));
          }
        }
      }
      for (Condition c : s.conditions()) {
        for (Condition part : parts(c)) {
          atoms.add(new Atom.Test(part));
        }
      }
    }
    return List.copyOf(atoms);
  }

  /** IAM User Guide, "Creating a condition with multiple keys or values": values of one key are or'ed
   * (negated operators: and'ed, "the key value doesn't match any of the values"). */
  static List<Condition> parts(Condition c) {
    boolean negated = c.operator().base().negated();
    SetQualifier q = c.operator().qualifier();
    boolean separable = c.values().size() > 1 && (q == SetQualifier.NONE
        || (q == SetQualifier.FOR_ANY_VALUE && !negated) || (q == SetQualifier.FOR_ALL_VALUES && negated));
    if (!separable) {
      return List.of(c);
    }
    List<Condition> parts = new ArrayList<>();
    for (String v : c.values()) {
      parts.add(new Condition(c.operator(), c.key(), List.of(v)));
    }
    return parts;
  }
}
