package dev.hornbeam.smt;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import java.util.ArrayList;
import java.util.List;

/**
 * "Is there a request in the scope that policy A allows and policy B does not?" — the one primitive under
 * policy comparison, no-new-access, access-not-granted and cross-account access (the shape of Zelkova's
 * "does P1 allow anything P2 does not?"). SAT iff such a request exists; the model is that request.
 *
 * <p>The request ranges over every principal, action, resource and key value, restricted only by what
 * every real AWS request satisfies ({@link Realism}) and by the scope.
 */
public final class Difference {
  static final String A = "a.";
  static final String B = "b.";
  static final String SCOPE = "scope.";

  private Difference() {}

  /**
   * @param allowing A: the request must be allowed by it
   * @param other B: the request must not be allowed by it, or null for "no policy" (allows nothing)
   */
  public static Query query(Policy allowing, Policy other, Scope scope) {
    return query(allowing, other, scope, PolicyEncoder.Options.DEFAULT);
  }

  public static Query query(Policy allowing, Policy other, Scope scope, PolicyEncoder.Options options) {
    List<Policy> policies = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    policies.add(allowing);
    prefixes.add(A);
    if (other != null) {
      policies.add(other);
      prefixes.add(B);
    }
    Policy scopePolicy = scope.asPolicy();
    if (scopePolicy != null) {
      policies.add(scopePolicy);
      prefixes.add(SCOPE);
    }
    if (scope.type() != null) {
      options = options.withActionPrefix(scope.type().service() + ":");
    }
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policies, prefixes, KeyShape.bounded(policies), options);
    List<String> gaps = new ArrayList<>(enc.gaps());
    Problem.Builder goal = new Problem.Builder().addAll(enc.items());
    goal.comment("question");
    if (scope.type() != null) {
      goal.comment("every action of the service " + scope.type().service());
      goal.assertThat(Terms.prefixOf(scope.type().service() + ":", RequestVars.ACTION_VAR));
    }
    Realism.actionName(goal);
    Callers.assertAll(enc.vars(), goal, gaps);
    List<Policy> compared = other == null ? List.of(allowing) : List.of(allowing, other);
    if (PrincipalKind.identityPolicies(compared)) {
      // Identity policies are evaluated only for the identities they can be attached to: IAM users and
      // role sessions, and STS federated users (PrincipalKind.carriesIdentityPolicies).
      goal.comment("identity policies: the caller is an IAM user, a role session or an STS federated user");
      goal.assertThat(BoolFormula.and(Callers.isKind(RequestVars.AWS), BoolFormula.not(Callers.isRoot())));
    }
    for (KeyVars k : enc.vars().keys()) {
      if (k.views().size() > 1) {
        gaps.add("the key " + k.name() + " is read as two different types");
      }
      Realism.typedValues(policies, k, goal);
    }
    if (scope.outsideAccount() != null) {
      if (!SmtLib.representable(scope.outsideAccount())) {
        gaps.add("an account beyond the SMT-LIB alphabet");
      } else {
        goal.comment("a principal outside account " + scope.outsideAccount());
        goal.assertThat(Realism.outside(scope.outsideAccount()));
      }
    }
    if (scopePolicy != null) {
      goal.comment("one of the given actions on one of the given resources");
      goal.assertThat(Terms.boolVar(SCOPE + "allows"));
    }
    goal.assertThat(Terms.boolVar(A + "allows"));
    if (other != null) {
      goal.assertThat(BoolFormula.not(Terms.boolVar(B + "allows")));
    }
    return new Query(goal.build(title(other != null, scope)), gaps, enc.decoder());
  }

  /** The question in words, from its parts (the script's first comment line). */
  static String title(boolean other, Scope scope) {
    return "is there a request" + (scope.type() == null ? "" : " for " + scope.type().service())
        + (scope.actions().isEmpty() && scope.resources().isEmpty() ? "" : " for the given actions and resources")
        + (scope.outsideAccount() == null ? "" : " from outside account " + scope.outsideAccount())
        + " that policy A allows" + (other ? " and policy B does not" : "") + "?";
  }
}
