package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for policies and requests, so that tests read like the JSON they stand for. */
final class Fixtures {
  private Fixtures() {}

  static final String ACCOUNT = "123456789012";
  static final String OTHER_ACCOUNT = "444455556666";
  static final String ALICE = "arn:aws:iam::123456789012:user/alice";

  // ---- policies and statements ----

  static Policy policy(Statement... statements) {
    return new Policy(Policy.VERSION_2012, null, List.of(statements));
  }

  static Policy policyWithVersion(String version, Statement... statements) {
    return new Policy(version, null, List.of(statements));
  }

  static Statement statement(
      Effect effect,
      PrincipalElement principal,
      ActionElement action,
      ResourceElement resource,
      Condition... conditions) {
    return new Statement(null, effect, principal, action, resource, List.of(conditions));
  }

  /** Allow, no Principal, Action "*", Resource "*", with the given conditions. */
  static Statement allowAll(Condition... conditions) {
    return statement(Effect.ALLOW, null, actions("*"), resources("*"), conditions);
  }

  /** Deny, no Principal, Action "*", Resource "*", with the given conditions. */
  static Statement denyAll(Condition... conditions) {
    return statement(Effect.DENY, null, actions("*"), resources("*"), conditions);
  }

  static Statement allowPrincipal(PrincipalElement principal) {
    return statement(Effect.ALLOW, principal, actions("*"), resources("*"));
  }

  static Statement allowAction(ActionElement action) {
    return statement(Effect.ALLOW, null, action, resources("*"));
  }

  static Statement allowResource(ResourceElement resource) {
    return statement(Effect.ALLOW, null, actions("*"), resource);
  }

  static ActionElement actions(String... patterns) {
    return new ActionElement(false, List.of(patterns));
  }

  static ActionElement notActions(String... patterns) {
    return new ActionElement(true, List.of(patterns));
  }

  static ResourceElement resources(String... patterns) {
    return new ResourceElement(false, List.of(patterns));
  }

  static ResourceElement notResources(String... patterns) {
    return new ResourceElement(true, List.of(patterns));
  }

  static PrincipalElement anyone() {
    return new PrincipalElement(false, new Principals.Anyone());
  }

  static PrincipalElement principal(PrincipalType type, String... values) {
    return new PrincipalElement(false, listed(type, values));
  }

  static PrincipalElement notPrincipal(PrincipalType type, String... values) {
    return new PrincipalElement(true, listed(type, values));
  }

  static Principals.Listed listed(PrincipalType type, String... values) {
    return new Principals.Listed(Map.of(type, List.of(values)));
  }

  /** A condition entry from its JSON operator name, e.g. {@code cond("ForAllValues:StringLike", k, v)}. */
  static Condition cond(String operator, String key, String... values) {
    ConditionOperator op =
        ConditionOperator.parse(operator)
            .orElseThrow(() -> new IllegalArgumentException("no such operator: " + operator));
    return new Condition(op, key, List.of(values));
  }

  // ---- requests ----

  static RequestBuilder request() {
    return new RequestBuilder();
  }

  static final class RequestBuilder {
    private RequestPrincipal principal = new RequestPrincipal.Aws(ACCOUNT, ALICE);
    private String action = "s3:GetObject";
    private String resource = "arn:aws:s3:::bucket/key";
    private final Map<String, ContextValue> context = new LinkedHashMap<>();

    RequestBuilder principal(RequestPrincipal p) {
      this.principal = p;
      return this;
    }

    RequestBuilder aws(String accountId, String arn) {
      return principal(new RequestPrincipal.Aws(accountId, arn));
    }

    RequestBuilder anonymous() {
      return principal(new RequestPrincipal.Anonymous());
    }

    RequestBuilder action(String a) {
      this.action = a;
      return this;
    }

    RequestBuilder resource(String r) {
      this.resource = r;
      return this;
    }

    RequestBuilder single(String key, String value) {
      context.put(key, ContextValue.single(value));
      return this;
    }

    RequestBuilder multi(String key, String... values) {
      context.put(key, ContextValue.multi(Arrays.asList(values)));
      return this;
    }

    Request build() {
      return new Request(principal, action, resource, context);
    }
  }

  // ---- evaluation shortcuts ----

  static Outcome outcome(Policy policy, RequestBuilder request) {
    return Evaluator.evaluate(policy, request.build()).outcome();
  }

  /** Whether an Allow-everything statement guarded by these conditions allows the request (2012). */
  static boolean holds(RequestBuilder request, Condition... conditions) {
    return outcome(policy(allowAll(conditions)), request) == Outcome.ALLOW;
  }

  /** The same under a policy with the given Version (null = no Version). */
  static boolean holdsWithVersion(String version, RequestBuilder request, Condition... conditions) {
    return outcome(policyWithVersion(version, allowAll(conditions)), request) == Outcome.ALLOW;
  }
}
