package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.gen.RequestUniverse;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.portfolio.solver.Status;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The symbolic answers against an independent reference (issue 13): the reference evaluator plus the
 * plain-Java model of who can call ({@code dev.hornbeam.policy.universe}), searching a finite universe
 * of concrete requests ({@link RequestUniverse}: every kind of caller × the policy's own constants ×
 * fresh values). A request the reference finds while the symbolic side says "none" fails the build with
 * the shrunk policy and request. Both solvers on every query (they must agree).
 *
 * <p>Size: each try checks {@link #PUBLIC_PER_TRY} policies or {@link #PAIRS_PER_TRY} pairs, so the CI
 * size (jqwik's default 350 tries, junit-platform.properties) is 1,050 public-access and 1,050
 * no-new-access questions on Z3, cvc5 and the native backend (issue 15: at least 10^3 per question
 * against the SMT solvers), and the nightly size ({@code -Djqwik.tries.default=70000}) 2.1 × 10^5 of each.
 * {@link NativeReferenceProperties} puts ten times as many through the native backend alone. A failure
 * names the policy.
 */
class ReferenceModelProperties {
  /** Policies per try of the public-access property. */
  static final int PUBLIC_PER_TRY = 3;
  /** Policy pairs per try of the difference property (each about three times the cost of a public case). */
  static final int PAIRS_PER_TRY = 3;
  static final int CONTEXTS_PER_TRIPLE = 3;
  /**
   * cvc5's limit; Z3 is capped at {@link #Z3_LIMIT}: its string solver takes 0.2–2 s on many generated
   * who-can-call policies where cvc5 takes milliseconds (measured), and at CI size that alone would take
   * most of the suite's time. Where Z3 decides, both must agree; every SAT witness is checked anyway.
   */
  static final Duration LIMIT = Duration.ofSeconds(2);
  static final Duration Z3_LIMIT = Duration.ofMillis(300);
  static final List<ResourceType> TYPES = List.of(ResourceType.S3_BUCKET, ResourceType.KMS_KEY, ResourceType.SQS_QUEUE,
      ResourceType.SNS_TOPIC);

  @Provide
  Arbitrary<List<Tuple2<Policy, ResourceType>>> publicCases() {
    return publicCase().list().ofSize(PUBLIC_PER_TRY);
  }

  static Arbitrary<Tuple2<Policy, ResourceType>> publicCase() {
    return Arbitraries.of(TYPES).flatMap(t -> Arbitraries.oneOf(PolicyArbitraries.resourcePolicies(4),
        PolicyArbitraries.whoCanCallPolicies(t.service())).map(p -> Tuple.of(p, t)));
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void publicAccessAgreesWithTheReference(@ForAll("publicCases") List<Tuple2<Policy, ResourceType>> cases) {
    cases.forEach(this::publicAccess);
    // The generators reach every derived key (the universe has every kind of caller: RequestUniverseTest).
    Statistics.label("derived keys read").coverage(cov -> {
      for (String k : DerivedKeys.KEYS) {
        cov.check(k).count(n -> n > 0);
      }
    });
  }

  private void publicAccess(Tuple2<Policy, ResourceType> c) {
    publicAccess(c, q -> Solve.both(q, Z3_LIMIT, LIMIT));
  }

  /** One public-access case decided by {@code decide}, judged by the reference. */
  static void publicAccess(Tuple2<Policy, ResourceType> c, java.util.function.Function<Query, Solve.Answer> decide) {
    Policy p = c.get1();
    ResourceType type = c.get2();
    Query q = PublicAccess.query(p, type, null);
    AtomKinds.collect(q);
    Statistics.label("exact").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    RequestUniverse universe = new RequestUniverse(List.of(p), type.service());
    for (String k : universe.mentioned()) {
      if (DerivedKeys.isDerived(k)) {
        Statistics.label("derived keys read").collect(k);
      }
    }
    Solve.Answer a = decide.apply(q);
    Statistics.label("answer").collect(a.status());
    if (a.status() == Status.SAT) {
      Request w = q.witness(a.model());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, w).outcome(), () -> "witness not allowed: " + w);
      assertNull(PublicMeaning.whyNotStranger(p, w, type), () -> "witness is no stranger: " + w);
      Statistics.label("witness caller").collect(PrincipalKind.of(w.principal()).orElseThrow());
    } else if (a.status() == Status.UNSAT) {
      PublicMeaning.Check stranger = PublicMeaning.check(p, type);
      Request found = universe.find(r -> Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW && stranger.whyNot(r) == null,
          CONTEXTS_PER_TRIPLE, p.hashCode());
      assertNull(found, () -> "NOT_PUBLIC, but the reference finds a stranger the policy allows: " + found
          + "\npolicy: " + p);
    }
  }

  @Provide
  Arbitrary<List<Tuple2<Policy, Policy>>> pairs() {
    return pair().list().ofSize(PAIRS_PER_TRY);
  }

  static Arbitrary<Tuple2<Policy, Policy>> pair() {
    return Arbitraries.oneOf(PolicyArbitraries.policies(2), PolicyArbitraries.whoCanCallPolicies()).flatMap(a -> {
      boolean principals = a.statements().stream().anyMatch(s -> s.principal() != null);
      Arbitrary<Policy> b = Arbitraries.oneOf(
          Arbitraries.integers().between(0, a.statements().size() - 1).map(i -> DifferenceProperties.without(a, i)),
          PolicyArbitraries.statements(principals).map(s -> DifferenceProperties.plus(a, s)),
          principals ? Arbitraries.oneOf(PolicyArbitraries.resourcePolicies(2), PolicyArbitraries.whoCanCallPolicies())
              : PolicyArbitraries.identityPolicies(2));
      return b.map(other -> Tuple.of(other, a));
    });
  }

  /** no-new-access(existing = B, new = A): a realistic request A allows and B does not. */
  @Property(shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void differenceAgreesWithTheReference(@ForAll("pairs") List<Tuple2<Policy, Policy>> pairs) {
    pairs.forEach(this::difference);
  }

  private void difference(Tuple2<Policy, Policy> c) {
    difference(c, q -> Solve.both(q, Z3_LIMIT, LIMIT));
  }

  /** One no-new-access case decided by {@code decide}, judged by the reference. */
  static void difference(Tuple2<Policy, Policy> c, java.util.function.Function<Query, Solve.Answer> decide) {
    Policy a = c.get1();
    Policy b = c.get2();
    Query q = Difference.query(a, b, Scope.of(null));
    AtomKinds.collect(q);
    Statistics.label("exact").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    Solve.Answer answer = decide.apply(q);
    Statistics.label("answer").collect(answer.status());
    if (answer.status() == Status.SAT) {
      Request w = q.witness(answer.model());
      DifferenceProperties.checkWitness(w, a, b, Scope.of(null));
      Statistics.label("witness caller").collect(PrincipalKind.of(w.principal()).orElseThrow());
    } else if (answer.status() == Status.UNSAT) {
      RequestUniverse universe = new RequestUniverse(List.of(a, b), null);
      Request found = universe.find(r -> DifferenceProperties.realistic(r, List.of(a, b))
          && Evaluator.evaluate(a, r).outcome() == Outcome.ALLOW && Evaluator.evaluate(b, r).outcome() != Outcome.ALLOW,
          CONTEXTS_PER_TRIPLE, a.hashCode() * 31L + b.hashCode());
      assertNull(found, () -> "no difference by the solvers, but the reference finds one: " + found
          + "\nA: " + a + "\nB: " + b);
    }
  }
}
