package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.eval.Wildcard.Segment;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference evaluator: the decision of one policy for one concrete request.
 *
 * <p>It is the executable specification the SMT encoding is tested against, so it is written to be
 * obviously right rather than fast: no caching, no shortcuts. It is total: for any model objects and
 * any request (non-null) it returns a decision and never throws. Every rule cites the AWS documentation
 * page it comes from; docs/semantics.md gives the URLs and our readings where AWS is silent.
 */
public final class Evaluator {
  private Evaluator() {}

  /** The decision of {@code policy} for {@code request}. */
  public static Decision evaluate(Policy policy, Request request) {
    List<Integer> allows = new ArrayList<>();
    List<Integer> denies = new ArrayList<>();
    for (int i = 0; i < policy.statements().size(); i++) {
      Statement statement = policy.statements().get(i);
      if (applies(statement, request, policy.variablesEnabled())) {
        if (statement.effect() == Effect.DENY) {
          denies.add(i);
        } else {
          allows.add(i);
        }
      }
    }
    // IAM User Guide, "Policy evaluation logic": an explicit deny in any statement overrides any allow;
    // without an applicable allow the request is implicitly denied.
    Outcome outcome;
    if (!denies.isEmpty()) {
      outcome = Outcome.EXPLICIT_DENY;
    } else if (!allows.isEmpty()) {
      outcome = Outcome.ALLOW;
    } else {
      outcome = Outcome.IMPLICIT_DENY;
    }
    return new Decision(outcome, allows, denies);
  }

  /** A statement applies iff its principal, action, resource and every condition match. */
  static boolean applies(Statement statement, Request request, boolean variablesEnabled) {
    return PrincipalMatcher.matches(statement.principal(), request.principal())
        && actionMatches(statement.action(), request.action())
        && resourceMatches(statement.resource(), request, variablesEnabled)
        && conditionsHold(statement.conditions(), request, variablesEnabled);
  }

  /**
   * IAM User Guide, "IAM JSON policy elements: Action": action names are case-insensitive and take
   * {@code *} and {@code ?} wildcards (case-insensitive = ASCII letters only, our reading); no policy
   * variables. "IAM JSON policy elements: NotAction": matches every action except the listed ones.
   */
  /**
   * Whether the Action pattern {@code pattern} matches some action of the service {@code service}, such
   * as {@code s3}: {@code *}, {@code s3:Get*}, {@code S*:*}, as action names are matched ignoring case.
   */
  public static boolean mayMatchActionOf(String pattern, String service) {
    return Wildcard.admitsPrefix(Wildcard.parse(pattern.toLowerCase(java.util.Locale.ROOT)),
        service.toLowerCase(java.util.Locale.ROOT) + ":");
  }

  static boolean actionMatches(ActionElement element, String action) {
    boolean listed = false;
    for (String pattern : element.patterns()) {
      if (Wildcard.matches(pattern, action, true)) {
        listed = true;
      }
    }
    return element.negated() ? !listed : listed;
  }

  /**
   * IAM User Guide, "IAM JSON policy elements: Resource": case-sensitive ARN patterns matched field by
   * field, with policy variables ("Variables and tags"); "IAM JSON policy elements: NotResource":
   * matches every resource except the listed ones. No Resource element (e.g. a role trust policy)
   * matches every resource.
   */
  static boolean resourceMatches(ResourceElement element, Request request, boolean variablesEnabled) {
    if (element == null) {
      return true;
    }
    boolean listed = false;
    for (String pattern : element.patterns()) {
      Optional<List<Segment>> segments =
          PolicyVariables.substitute(pattern, true, variablesEnabled, request);
      if (segments.isPresent() && Arns.matches(segments.get(), request.resource())) {
        listed = true;
      }
    }
    return element.negated() ? !listed : listed;
  }

  /**
   * IAM User Guide, "Creating a condition with multiple context keys or values": the entries of a
   * Condition block (several operators, several keys) are ANDed.
   */
  static boolean conditionsHold(List<Condition> conditions, Request request, boolean variablesEnabled) {
    for (Condition condition : conditions) {
      if (!ConditionEvaluator.holds(condition, request, variablesEnabled)) {
        return false;
      }
    }
    return true;
  }
}
