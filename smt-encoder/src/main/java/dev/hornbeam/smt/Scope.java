package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The requests a question ranges over.
 *
 * @param type when not null, only actions of the type's service (e.g. {@code s3:*}); else every action
 * @param actions when not empty, only actions matching one of these patterns (IAM wildcards, case-insensitive)
 * @param resources when not empty, only resources matching one of these patterns (IAM wildcards)
 * @param outsideAccount when not null, only principals outside this 12-digit account (see {@link
 *     Realism#outside})
 */
public record Scope(ResourceType type, List<String> actions, List<String> resources, String outsideAccount) {
  public Scope {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
  }

  /** Every request (or, with a type, every request for an action of its service). */
  public static Scope of(ResourceType type) {
    return new Scope(type, List.of(), List.of(), null);
  }

  public Scope withActions(List<String> actions, List<String> resources) {
    return new Scope(type, actions, resources, outsideAccount);
  }

  public Scope outside(String account) {
    return new Scope(type, actions, resources, account);
  }

  /**
   * The action and resource lists as a one-statement Allow policy, or null when they restrict nothing.
   * Matching them is then exactly matching a statement's Action and Resource, on both the symbolic and
   * the reference side. Version 2008-10-17: {@code ${…}} is literal text here.
   */
  Policy asPolicy() {
    if (actions.isEmpty() && resources.isEmpty()) {
      return null;
    }
    return new Policy(Policy.VERSION_2008, null, List.of(new Statement(null, Effect.ALLOW, null,
        new ActionElement(false, actions.isEmpty() ? List.of("*") : actions),
        new ResourceElement(false, resources.isEmpty() ? List.of("*") : resources), List.of())));
  }

  /** Whether a concrete request is in scope: how a witness is checked. */
  public boolean contains(Request request) {
    if (type != null && !request.action().toLowerCase(Locale.ROOT).startsWith(type.service() + ":")) {
      return false;
    }
    Policy p = asPolicy();
    if (p != null && Evaluator.evaluate(p, request).outcome() != Outcome.ALLOW) {
      return false;
    }
    return outsideAccount == null || isOutside(request.principal(), outsideAccount);
  }

  /** The Java twin of {@link Realism#outside}. */
  static boolean isOutside(RequestPrincipal principal, String owner) {
    if (principal instanceof RequestPrincipal.Aws a) {
      return !a.accountId().equals(owner);
    }
    if (principal instanceof RequestPrincipal.Federated f) {
      List<String> fields = PolicyEncoder.fields(f.provider());
      return fields == null || !fields.get(0).equals("arn") || !fields.get(4).equals(owner);
    }
    return !(principal instanceof RequestPrincipal.Service);
  }
}
