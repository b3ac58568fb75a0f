package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.PolicyKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.Realistic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.portfolio.solver.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The difference primitive ({@link Difference}: A allows, B does not, within a scope) against the
 * reference evaluator, on both solvers (Z3 and cvc5 must agree: {@link Solve#both}):
 * <ul>
 *   <li>every witness is allowed by A, not by B, and in the scope;
 *   <li>when there is none (UNSAT), every realistic request in the scope that A allows, B allows too;
 *   <li>a policy is equivalent to itself; adding an Allow never makes a policy less permissive; adding a
 *       Deny never makes it more.
 * </ul>
 */
class DifferenceProperties {
  static final int TRIES = 100;
  static final Duration LIMIT = Duration.ofSeconds(3);
  static final List<ResourceType> TYPES = Arrays.asList(null, ResourceType.S3_BUCKET, ResourceType.KMS_KEY);

  record Pair(Policy a, Policy b, ResourceType type, List<Request> requests) {}

  record Scoped(Policy a, Scope scope, List<Request> requests) {}

  @Provide
  Arbitrary<Pair> pairs() {
    return PolicyArbitraries.policies(4).flatMap(a -> {
      boolean principals = a.statements().stream().anyMatch(s -> s.principal() != null);
      Arbitrary<Policy> b = Arbitraries.oneOf(
          PolicyArbitraries.statements(principals).map(s -> plus(a, s)),
          Arbitraries.integers().between(0, a.statements().size() - 1).map(i -> without(a, i)),
          Arbitraries.integers().between(0, a.statements().size() - 1).map(i -> flipped(a, i)),
          principals ? PolicyArbitraries.resourcePolicies(4) : PolicyArbitraries.identityPolicies(4));
      return b.flatMap(other -> Combinators.combine(Arbitraries.integers().between(0, TYPES.size() - 1).map(TYPES::get),
          PolicyArbitraries.requestsAimedAt(a).list().ofSize(10)).as((t, rs) -> new Pair(a, other, t, rs)));
    });
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void witnessesAreRightAndNoWitnessMeansNone(@ForAll("pairs") Pair c) {
    Query q = Difference.query(c.a(), c.b(), Scope.of(c.type()));
    Statistics.label("exact encoding").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    Solve.Answer answer = Solve.both(q, LIMIT);
    Statistics.label("answer").collect(answer.status());
    if (answer.status() == Status.SAT) {
      checkWitness(q.witness(answer.model()), c.a(), c.b(), Scope.of(c.type()));
    }
    noneAllowedBeyond(c.a(), c.b(), Scope.of(c.type()), c.requests(), answer.status());
    Statistics.label("answer").coverage(cov -> {
      cov.check(Status.SAT).percentage(p -> p >= 20);
      cov.check(Status.UNSAT).percentage(p -> p >= 20);
    });
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void aPolicyIsEquivalentToItself(@ForAll("policies") Policy p) {
    unsat(Difference.query(p, p, Scope.of(null)));
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void addingAnAllowNeverMakesAPolicyLessPermissive(@ForAll("policies") Policy p, @ForAll("allows") Statement s) {
    Policy more = plus(p, s);
    unsat(Difference.query(p, more, Scope.of(null)));
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void addingADenyNeverMakesAPolicyMorePermissive(@ForAll("policies") Policy p, @ForAll("denies") Statement s) {
    Policy less = plus(p, s);
    unsat(Difference.query(less, p, Scope.of(null)));
  }

  /** Access-not-granted and cross-account: a scope built from the policy's own actions and resources. */
  @Provide
  Arbitrary<Scoped> scoped() {
    return PolicyArbitraries.resourcePolicies(4).flatMap(p -> {
      List<String> actions = new ArrayList<>();
      List<String> resources = new ArrayList<>();
      for (Statement s : p.statements()) {
        actions.addAll(s.action().patterns());
        if (s.resource() != null) {
          resources.addAll(s.resource().patterns());
        }
      }
      actions.add("s3:GetObject");
      resources.add("arn:aws:s3:::a/*");
      Arbitrary<List<String>> as = Arbitraries.of(actions).list().ofMaxSize(3).uniqueElements();
      Arbitrary<List<String>> rs = Arbitraries.of(resources).list().ofMaxSize(2).uniqueElements();
      List<String> owners = Arrays.asList(null, PolicyArbitraries.ACCOUNTS.get(0), PolicyArbitraries.ACCOUNTS.get(1));
      Arbitrary<String> owner = Arbitraries.integers().between(0, 2).map(owners::get);
      // Half the scopes are built around a request the policy may allow (its own action, resource and an
      // account other than its caller's), so an UNSAT is tested against a request that would refute it.
      return Combinators.combine(as, rs, owner, PolicyArbitraries.requestsAimedAt(p).list().ofSize(10), Arbitraries.of(true, false))
          .as((a, r, o, reqs, around) -> {
            if (!around) {
              return new Scoped(p, new Scope(null, a, r, o), reqs);
            }
            Request first = realisticPrincipal(reqs.get(0));
            String other = first.principal() instanceof RequestPrincipal.Aws aws && aws.accountId().equals("111111111111")
                ? "222222222222" : "111111111111";
            return new Scoped(p, new Scope(null, List.of(first.action()), List.of(first.resource()), o == null ? null : other), reqs);
          });
    });
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void scopedWitnessesAreRight(@ForAll("scoped") Scoped c) {
    Query q = Difference.query(c.a(), null, c.scope());
    Statistics.label("exact encoding").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    Solve.Answer answer = Solve.both(q, LIMIT);
    Statistics.label("answer").collect(answer.status());
    Statistics.label("scope").collect(c.scope().outsideAccount() != null ? "outside account" : "actions/resources");
    if (answer.status() == Status.SAT) {
      Request w = q.witness(answer.model());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(c.a(), w).outcome(), () -> "not allowed: " + w);
      assertTrue(c.scope().contains(w), () -> "witness out of scope: " + w);
      assertTrue(realistic(w, List.of(c.a())), () -> "unrealistic witness: " + w);
    }
    noneAllowedBeyond(c.a(), null, c.scope(), c.requests(), answer.status());
    Statistics.label("answer").coverage(cov -> {
      cov.check(Status.SAT).percentage(p -> p >= 15);
      cov.check(Status.UNSAT).percentage(p -> p >= 15);
    });
  }

  @Provide
  Arbitrary<Policy> policies() {
    return PolicyArbitraries.policies(4);
  }

  @Provide
  Arbitrary<Statement> allows() {
    return Arbitraries.of(true, false).flatMap(PolicyArbitraries::statements).filter(s -> s.effect() == Effect.ALLOW);
  }

  @Provide
  Arbitrary<Statement> denies() {
    return Arbitraries.of(true, false).flatMap(PolicyArbitraries::statements).filter(s -> s.effect() == Effect.DENY);
  }

  private static void unsat(Query q) {
    Statistics.label("exact encoding").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    Solve.Answer answer = Solve.both(q, LIMIT);
    Statistics.label("answer").collect(answer.status());
    assertNotEquals(Status.SAT, answer.status(), () -> "a witness: " + q.witness(answer.model()));
  }

  /**
   * After UNSAT: no realistic request in scope drawn from A's vocabulary is allowed by A and not by B.
   * The statistic "refuting request sampled" shows how often the property had a request that would
   * refute an UNSAT (it must then be SAT), whatever the answer.
   */
  private static void noneAllowedBeyond(Policy a, Policy b, Scope scope, List<Request> requests, Status answer) {
    List<Policy> all = b == null ? List.of(a) : List.of(a, b);
    boolean refuting = false;
    for (Request raw : requests) {
      Request r = realisticPrincipal(into(scope, raw));
      if (realistic(r, all) && scope.contains(r) && Evaluator.evaluate(a, r).outcome() == Outcome.ALLOW
          && (b == null || Evaluator.evaluate(b, r).outcome() != Outcome.ALLOW)) {
        refuting = true;
        assertNotEquals(Status.UNSAT, answer, () -> "UNSAT, but A allows and B does not: " + r);
      }
    }
    Statistics.label("refuting request sampled").collect(refuting);
    Statistics.label("refuting request sampled").coverage(cov -> cov.check(true).percentage(p -> p >= 10));
  }

  /** Moves a request drawn from a policy's vocabulary into the scope, keeping what it can. */
  static Request into(Scope scope, Request r) {
    String action = r.action();
    String name = action.contains(":") ? action.substring(action.indexOf(':') + 1) : action;
    if (scope.type() != null) {
      action = scope.type().service() + ":" + name;
    }
    int pick = Math.abs(r.hashCode());
    if (!scope.actions().isEmpty() && !scope.withActions(scope.actions(), List.of()).contains(withAction(r, action))) {
      action = instance(scope.actions().get(pick % scope.actions().size()));
    }
    String resource = r.resource();
    if (!scope.resources().isEmpty() && !new Scope(null, List.of(), scope.resources(), null).contains(r)) {
      resource = instance(scope.resources().get(pick % scope.resources().size()));
    }
    RequestPrincipal who = r.principal();
    if (scope.outsideAccount() != null && !Scope.of(null).outside(scope.outsideAccount()).contains(r)) {
      who = who instanceof RequestPrincipal.Aws aws
          ? new RequestPrincipal.Aws("999999999999", aws.arn().replace(aws.accountId(), "999999999999"))
          : new RequestPrincipal.Anonymous();
    }
    return new Request(who, action, resource, r.context());
  }

  private static Request withAction(Request r, String action) {
    return new Request(r.principal(), action, r.resource(), r.context());
  }

  /** A value a wildcard pattern matches. */
  private static String instance(String pattern) {
    return pattern.replace("*", "x").replace("?", "y");
  }

  // ------------------------------------------------------------------ the Java twin of Realism

  /** A difference witness: A allows it, B does not, it is in scope and realistic. */
  static void checkWitness(Request w, Policy a, Policy b, Scope scope) {
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(a, w).outcome(), () -> "A does not allow the witness " + w);
    assertNotEquals(Outcome.ALLOW, Evaluator.evaluate(b, w).outcome(), () -> "B allows the witness " + w);
    assertTrue(scope.contains(w), () -> "witness out of scope: " + w);
    assertTrue(realistic(w, List.of(a, b)), () -> "unrealistic witness: " + w);
  }

  /** Makes the caller one of a kind AWS has and the derived keys agree with it (the reference model). */
  static Request realisticPrincipal(Request r) {
    RequestPrincipal who = r.principal();
    if (PrincipalKind.of(who).isEmpty()) {
      String account = who instanceof RequestPrincipal.Aws aws && aws.accountId().matches("\\d{12}") ? aws.accountId()
          : "111111111111";
      who = new RequestPrincipal.Aws(account, "arn:aws:iam::" + account + ":user/x");
    }
    return Realistic.withDerivedKeys(new Request(who, r.action(), r.resource(), r.context()), DerivedKeys.KEYS);
  }

  /** What {@link Realism} and {@link Callers} assert, checked on a concrete request by the reference model. */
  static boolean realistic(Request r, List<Policy> policies) {
    if (!r.action().toLowerCase(Locale.ROOT).matches("[a-z0-9-]+:[a-z0-9]+")) {
      return false;
    }
    if (Realistic.problem(r, PolicyKeys.mentioned(policies)) != null) {
      return false;
    }
    if (PrincipalKind.identityPolicies(policies.stream().filter(p -> p != null).toList())
        && !PrincipalKind.of(r.principal()).orElseThrow().carriesIdentityPolicies()) {
      return false;
    }
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        for (Condition c : s.conditions()) {
          ContextValue v = r.lookup(c.key());
          if (v != null && !v.values().stream().allMatch(x -> wellTyped(c.operator().base().family(), x))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean wellTyped(OperatorFamily f, String v) {
    return switch (f) {
      case NUMERIC -> TypedValues.parseDecimal(v).isPresent();
      case DATE -> TypedValues.parseDate(v).isPresent();
      case BOOL -> TypedValues.parseBool(v).isPresent();
      case BINARY -> TypedValues.decodeBase64(v).isPresent();
      case IP_ADDRESS -> dev.hornbeam.policy.eval.Cidrs.parseAddress(v).isPresent();
      case ARN -> v.chars().filter(ch -> ch == ':').count() >= 5;
      default -> true;
    };
  }

  // ------------------------------------------------------------------ policy edits

  static Policy plus(Policy p, Statement s) {
    List<Statement> sts = new ArrayList<>(p.statements());
    sts.add(new Statement(null, s.effect(), s.principal(), s.action(), s.resource(), s.conditions()));
    return new Policy(p.version(), p.id(), sts);
  }

  static Policy without(Policy p, int i) {
    List<Statement> sts = new ArrayList<>(p.statements());
    sts.remove(i);
    return new Policy(p.version(), p.id(), sts);
  }

  static Policy flipped(Policy p, int i) {
    List<Statement> sts = new ArrayList<>(p.statements());
    Statement s = sts.get(i);
    sts.set(i, new Statement(s.sid(), s.effect() == Effect.ALLOW ? Effect.DENY : Effect.ALLOW, s.principal(), s.action(),
        s.resource(), s.conditions()));
    return new Policy(p.version(), p.id(), sts);
  }
}
