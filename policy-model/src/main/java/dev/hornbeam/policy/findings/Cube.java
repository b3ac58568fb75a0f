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

  /**
   * One policy that allows exactly the union of {@code cubes}, when they differ only in their action: each
   * has exactly one positive action literal and the same other literals (negative action literals too) in
   * the same order. The union is then the cube of those other literals with the actions listed in one
   * Allow statement (a statement's Action matches when any of its patterns does). Empty when the cubes are
   * not of that form.
   */
  public static java.util.Optional<Policy> union(List<Cube> cubes, String version) {
    List<Literal> rest = null;
    List<String> actions = new ArrayList<>();
    for (Cube c : cubes) {
      List<Literal> others = c.literals().stream().filter(l -> !(l.positive() && l.atom() instanceof Atom.Action)).toList();
      List<Literal> action = c.literals().stream().filter(l -> l.positive() && l.atom() instanceof Atom.Action).toList();
      if (action.size() != 1 || rest != null && !rest.equals(others)) {
        return java.util.Optional.empty();
      }
      rest = others;
      actions.add(((Atom.Action) action.get(0).atom()).pattern());
    }
    if (rest == null) {
      return java.util.Optional.empty();
    }
    Policy p = new Cube(rest).asPolicy(version);
    Statement allow = p.statements().get(0);
    List<Statement> statements = new ArrayList<>(p.statements());
    statements.set(0, new Statement(null, Effect.ALLOW, allow.principal(), new ActionElement(false, actions), allow.resource(),
        allow.conditions()));
    return java.util.Optional.of(new Policy(version, null, statements));
  }

  /** This cube with its literal {@code from} replaced by {@code to}. */
  public Cube replacing(Literal from, Literal to) {
    List<Literal> l = new ArrayList<>(literals);
    l.set(l.indexOf(from), to);
    return new Cube(l);
  }

  public boolean contains(Request r, String version) {
    return Evaluator.evaluate(asPolicy(version), r).outcome() == Outcome.ALLOW;
  }
}
