package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.smt.api.Evaluation;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The encoder's formulas against the reference evaluator without a solver: a pinned query fixes every
 * request value that can matter, so the formula layer's own semantics ({@link Evaluation}) must read it
 * as true exactly when the evaluator allows the request. Ties the encoder to the layer the backends are
 * checked against; the solver-backed twin is portfolio's PinnedAgreementProperties.
 */
class PinnedEvaluationProperties {
  @Provide
  Arbitrary<Tuple2<Policy, List<Request>>> cases() {
    return PolicyArbitraries.policies().flatMap(p -> PolicyArbitraries.mixedRequestsFor(p).list().ofSize(8).map(rs -> Tuple.of(p, rs)));
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void aPinnedQueryHoldsIffTheEvaluatorAllows(@ForAll("cases") Tuple2<Policy, List<Request>> c) {
    Policy p = c.get1();
    for (Request r : c.get2()) {
      Query q = PinnedRequest.query(p, r);
      Statistics.label("exact").collect(q.exact());
      if (!q.exact()) {
        continue;
      }
      boolean allowed = Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW;
      Statistics.label("allowed").collect(allowed);
      assertEquals(allowed, Evaluation.satisfies(q.problem(), Map.of()), () -> "request " + r + "\npolicy " + p
          + "\nquery:\n" + q.text());
    }
  }
}
