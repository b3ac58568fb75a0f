package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import java.util.ArrayList;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The encoding agrees with the reference evaluator: for a random policy and random concrete requests
 * (drawn from the policy's own vocabulary so that they hit its statements), the query with the request
 * pinned is satisfiable iff the evaluator says ALLOW — on Z3 and cvc5, which must agree. Tries come
 * from jqwik's default (src/test/resources/junit-platform.properties; CI size), overridden for the
 * nightly size with {@code -Djqwik.tries.default=…} (see README).
 */
class PinnedAgreementProperties {
  /** Generated requests per policy; the solver's witness and its mutations add {@link #MUTATIONS} + 1. */
  static final int GENERATED_PER_POLICY = 6;

  static final int MUTATIONS = 13;

  @Provide
  Arbitrary<Tuple3<Policy, List<Request>, Long>> cases() {
    return PolicyArbitraries.policies().flatMap(p -> Combinators.combine(
        PolicyArbitraries.mixedRequestsFor(p).list().ofSize(GENERATED_PER_POLICY), Arbitraries.longs())
        .as((rs, seed) -> Tuple.of(p, rs, seed)));
  }

  /**
   * Per policy: some requests come from the generator, the rest are a request the solver finds allowed
   * plus mutations of it (a key dropped, a value nudged, another principal, …), so that allowed requests
   * and their near misses are both frequent.
   */
  @Property(shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void pinnedQueryIsSatisfiableIffTheEvaluatorAllows(@ForAll("cases") Tuple3<Policy, List<Request>, Long> c) {
    Policy p = c.get1();
    coverage(p);
    List<Request> requests = new ArrayList<>(c.get2());
    Query any = AnyAllowed.query(p);
    if (any.exact()) {
      // Z3 alone can take seconds on these unpinned queries (BENCHMARKS.md); the witness only feeds the
      // pinned checks, so a short limit is enough.
      Solve.Answer a = Solve.both(any, java.time.Duration.ofSeconds(2));
      Statistics.label("policy allows something").collect(a.sat());
      if (a.sat()) {
        requests.addAll(AnyAllowed.around(any.witness(a.model()), MUTATIONS, c.get3()));
      }
    }
    for (Request r : requests) {
      Query q = PinnedRequest.query(p, r);
      Statistics.label("exact encoding").collect(q.exact());
      if (!q.exact()) {
        continue;
      }
      boolean allowed = Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW;
      Statistics.label("evaluator allows").collect(allowed);
      Solve.Answer a = Solve.both(q);
      assertEquals(allowed, a.sat(), () -> "evaluator says " + (allowed ? "ALLOW" : "not ALLOW") + " for " + r);
    }
    Statistics.label("evaluator allows").coverage(cov -> cov.check(true).percentage(pct -> pct >= 20));
    Statistics.label("exact encoding").coverage(cov -> cov.check(true).percentage(pct -> pct >= 90));
  }

  /** Counts, per policy, which operator families and qualifiers it uses (each must show up). */
  static void coverage(Policy p) {
    for (Statement s : p.statements()) {
      for (Condition c : s.conditions()) {
        Statistics.label("operator families").collect(c.operator().base().family());
        Statistics.label("qualifiers").collect(c.operator().qualifier().name() + (c.operator().ifExists() ? "+IfExists" : ""));
      }
    }
    Statistics.label("operator families").coverage(cov -> {
      for (OperatorFamily f : OperatorFamily.values()) {
        cov.check(f).count(n -> n > 0);
      }
    });
    Statistics.label("qualifiers").coverage(cov -> {
      for (SetQualifier q : SetQualifier.values()) {
        cov.check(q.name()).count(n -> n > 0);
      }
      cov.check("NONE+IfExists").count(n -> n > 0);
    });
  }
}
