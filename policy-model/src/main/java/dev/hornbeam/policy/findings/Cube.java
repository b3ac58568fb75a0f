package dev.hornbeam.policy.findings;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of requests: those passing every positive atom and failing every negative one (no literal: every
 * request). It is read as a policy ({@link #asPolicy}): one Allow statement with the first positive
 * principal, action and resource atoms and every positive condition, and one Deny statement for each other
 * literal (a further positive principal, action or resource atom as its NotPrincipal, NotAction or
 * NotResource; a negative atom as it is). A request is in the cube exactly when that policy allows it.
 */
public record Cube(List<Literal> literals) {
  public record Literal(Atom atom, boolean positive) {}

  public Cube {
    literals = List.copyOf(literals);
  }

  public static Cube everything() {
    return new Cube(List.of());
  }

  /** The cube of every request that passes and fails the same atoms as {@code r}. */
  public static Cube cellOf(List<Atom> atoms, Request r, String version) {
    List<Literal> literals = new ArrayList<>();
    for (Atom a : atoms) {
      Policy single = new Policy(version, null, List.of(Atom.statement(a, Effect.ALLOW, false)));
      literals.add(new Literal(a, Evaluator.evaluate(single, r).outcome() == Outcome.ALLOW));
    }
    return new Cube(literals);
  }

  public Cube without(int index) {
    List<Literal> l = new ArrayList<>(literals);
    l.remove(index);
    return new Cube(l);
  }

  public Policy asPolicy(String version) {
    PrincipalElement principal = new PrincipalElement(false, new Principals.Anyone());
    ActionElement action = new ActionElement(false, List.of("*"));
    ResourceElement resource = new ResourceElement(false, List.of("*"));
    List<Condition> conditions = new ArrayList<>();
    List<Statement> denies = new ArrayList<>();
    boolean principalSet = false;
    boolean actionSet = false;
    boolean resourceSet = false;
    for (Literal l : literals) {
      Atom a = l.atom();
      if (!l.positive()) {
        denies.add(Atom.statement(a, Effect.DENY, false));
      } else if (a instanceof Atom.Test t) {
        conditions.add(t.condition());
      } else if (a instanceof Atom.Principal p && !principalSet) {
        principal = new PrincipalElement(false, new Principals.Listed(Map.of(p.type(), List.of(p.value()))));
        principalSet = true;
      } else if (a instanceof Atom.Action x && !actionSet) {
        action = new ActionElement(false, List.of(x.pattern()));
        actionSet = true;
      } else if (a instanceof Atom.Resource x && !resourceSet) {
        resource = new ResourceElement(false, List.of(x.pattern()));
        resourceSet = true;
      } else {
        denies.add(Atom.statement(a, Effect.DENY, true));
      }
    }
    List<Statement> statements = new ArrayList<>();
    statements.add(new Statement(null, Effect.ALLOW, principal, action, resource, conditions));
    statements.addAll(denies);
    return new Policy(version, null, statements);
  }

  public boolean contains(Request r, String version) {
    return Evaluator.evaluate(asPolicy(version), r).outcome() == Outcome.ALLOW;
  }
}
