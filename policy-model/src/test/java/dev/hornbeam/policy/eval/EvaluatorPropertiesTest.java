package dev.hornbeam.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * The evaluator is total on generated policies × requests (it returns a decision; nothing here catches
 * an exception), and its decision is consistent with the statements it reports.
 */
class EvaluatorPropertiesTest {

  @Provide
  Arbitrary<Tuple2<Policy, Request>> aimed() {
    return PolicyArbitraries.policies().flatMap(p -> PolicyArbitraries.mixedRequestsFor(p).map(r -> Tuple.of(p, r)));
  }

  @Property(tries = 2000)
  void totalOnPoliciesAndRequestsAimedAtThem(@ForAll("aimed") Tuple2<Policy, Request> c) {
    consistent(c.get1(), Evaluator.evaluate(c.get1(), c.get2()));
  }

  @Property(tries = 1000)
  void totalOnUnrelatedRequests(@ForAll("policies") Policy p, @ForAll("requests") Request r) {
    consistent(p, Evaluator.evaluate(p, r));
  }

  @Provide
  Arbitrary<Policy> policies() {
    return PolicyArbitraries.policies();
  }

  @Provide
  Arbitrary<Request> requests() {
    return PolicyArbitraries.requests();
  }

  /** Deny wins, then Allow, else implicit deny; the listed statements have the right effects. */
  static void consistent(Policy p, Decision d) {
    Outcome expected = !d.matchedDenies().isEmpty() ? Outcome.EXPLICIT_DENY
        : !d.matchedAllows().isEmpty() ? Outcome.ALLOW : Outcome.IMPLICIT_DENY;
    assertEquals(expected, d.outcome());
    d.matchedAllows().forEach(i -> assertEquals(Effect.ALLOW, p.statements().get(i).effect()));
    d.matchedDenies().forEach(i -> assertEquals(Effect.DENY, p.statements().get(i).effect()));
  }
}
