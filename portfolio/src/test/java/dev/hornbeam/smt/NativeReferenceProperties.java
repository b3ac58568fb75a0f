package dev.hornbeam.smt;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.solver.Status;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The native backend alone against the independent reference (issue 15): the same cases and judgement
 * as {@link ReferenceModelProperties} — every SAT witness allowed by the evaluator and a stranger (or a
 * difference), every UNSAT confirmed by a search of the reference universe — at ten times the size, as the
 * native backend costs microseconds where the SMT solvers cost milliseconds. The share it decides is
 * reported; the generators must reach every atom kind.
 *
 * <p>Size: {@link #PER_TRY} cases per try of each property, so the CI size (350 tries) is 10,500 public-
 * access and 10,500 no-new-access questions; nightly {@code -Djqwik.tries.default=70000}: 2.1 × 10^6 of each.
 */
class NativeReferenceProperties {
  static final int PER_TRY = 30;
  /**
   * The native backend's limit here. A few generated questions with many Deny statements make its search
   * branch for seconds (an UNKNOWN for the service: the race takes over after its 50 ms budget); a short
   * limit keeps them from costing the suite minutes. They count as undecided in the share reported.
   */
  static final Duration LIMIT = Duration.ofMillis(250);

  @Provide
  Arbitrary<List<Tuple2<Policy, ResourceType>>> publicCases() {
    return ReferenceModelProperties.publicCase().list().ofSize(PER_TRY);
  }

  @Provide
  Arbitrary<List<Tuple2<Policy, Policy>>> pairs() {
    return ReferenceModelProperties.pair().list().ofSize(PER_TRY);
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void nativePublicAccessAgreesWithTheReference(@ForAll("publicCases") List<Tuple2<Policy, ResourceType>> cases) {
    cases.forEach(c -> ReferenceModelProperties.publicAccess(c, q -> decided(timed(q))));
    coverage();
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void nativeDifferenceAgreesWithTheReference(@ForAll("pairs") List<Tuple2<Policy, Policy>> pairs) {
    pairs.forEach(c -> ReferenceModelProperties.difference(c, q -> decided(timed(q))));
    coverage();
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void report() {
    System.out.println("native UNKNOWN reasons: " + Solve.NATIVE_UNKNOWNS + "; native time " + NATIVE_NANOS.get() / 1_000_000
        + " ms of " + (System.nanoTime() - STARTED) / 1_000_000 + " ms");
  }

  static final java.util.concurrent.atomic.AtomicLong NATIVE_NANOS = new java.util.concurrent.atomic.AtomicLong();
  static final long STARTED = System.nanoTime();

  private static Solve.Answer timed(Query q) {
    long t = System.nanoTime();
    Solve.Answer a = Solve.nativeOnly(q, LIMIT);
    NATIVE_NANOS.addAndGet(System.nanoTime() - t);
    return a;
  }

  private static Solve.Answer decided(Solve.Answer a) {
    Statistics.label("decided natively").collect(a.status() != Status.UNKNOWN);
    return a;
  }

  private static void coverage() {
    Statistics.label("atom kinds").coverage(cov -> {
      for (String kind : AtomKinds.ALL) {
        cov.check(kind).count(n -> n > 0);
      }
    });
  }
}
