package dev.hornbeam.policy.findings;

import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.List;
import java.util.Map;

/**
 * One test a policy makes of a request, the unit a finding is built from: a principal entry, an action
 * pattern, a resource pattern, or a condition with one value (or a whole condition where its values cannot
 * be taken apart). Each is read by turning it into one statement's element, so its meaning is the
 * evaluator's and the encoder's, written once.
 */
public sealed interface Atom {

  /** A {@code Principal} entry such as {@code {"AWS": "111122223333"}}. */
  record Principal(PrincipalType type, String value) implements Atom {}

  /** An {@code Action} pattern. */
  record Action(String pattern) implements Atom {}

  /** A {@code Resource} pattern. */
  record Resource(String pattern) implements Atom {}

  /** A condition test. */
  record Test(Condition condition) implements Atom {}

  /**
   * The statement that matches exactly the requests passing this atom ({@code negated}: exactly those
   * failing it; a condition cannot be negated in a statement, so it is never asked for one).
   */
  static Statement statement(Atom atom, Effect effect, boolean negated) {
    PrincipalElement anyone = new PrincipalElement(false, new Principals.Anyone());
    ActionElement anyAction = new ActionElement(false, List.of("*"));
    ResourceElement anyResource = new ResourceElement(false, List.of("*"));
    if (atom instanceof Principal p) {
      return new Statement(null, effect, new PrincipalElement(negated, new Principals.Listed(Map.of(p.type(), List.of(p.value())))),
          anyAction, anyResource, List.of());
    }
    if (atom instanceof Action a) {
      return new Statement(null, effect, anyone, new ActionElement(negated, List.of(a.pattern())), anyResource, List.of());
    }
    if (atom instanceof Resource r) {
      return new Statement(null, effect, anyone, anyAction, new ResourceElement(negated, List.of(r.pattern())), List.of());
    }
    if (negated) {
      throw new IllegalArgumentException("a condition is negated by a Deny statement, not in one");
    }
    return new Statement(null, effect, anyone, anyAction, anyResource, List.of(((Test) atom).condition()));
  }

  /** The atom in words: {@code AWS 111122223333}, {@code s3:Get*}, {@code aws:SourceVpc StringEquals vpc-a}. */
  static String describe(Atom atom) {
    if (atom instanceof Principal p) {
      return p.type().json() + " " + p.value();
    }
    if (atom instanceof Action a) {
      return a.pattern();
    }
    if (atom instanceof Resource r) {
      return r.pattern();
    }
    Condition c = ((Test) atom).condition();
    return c.key() + " " + c.operator().json() + " " + String.join(" or ", c.values());
  }
}
