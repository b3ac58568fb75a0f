package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Findings against the reference evaluator on generated policies and zones, on real solvers (native
 * first, every native UNSAT confirmed by Z3 and cvc5; a disagreement fails the run):
 * <ul>
 *   <li>coverage: a sampled realistic request from outside the zone that the policy allows is in some
 *       finding (the proof says so for all of them; this checks the proof against the evaluator);
 *   <li>every finding but an undecided one has a witness: allowed, outside the zone, in the finding;
 *   <li>an exact finding holds only allowed requests: a sampled outside request in it is allowed;
 *   <li>the zone is respected: no witness is from inside it.
 * </ul>
 */
class FindingsProperties {
  static final int TRIES = 60;
  static final Duration LIMIT = Duration.ofSeconds(30);
  static final List<ResourceType> TYPES = List.of(ResourceType.S3_BUCKET, ResourceType.KMS_KEY, ResourceType.SQS_QUEUE);
  static SimpleMeterRegistry registry;
  static PolicyChecker checker;

  record Case(Policy policy, ResourceType type, Zone zone, List<Request> requests) {}

  @BeforeContainer
  static void start() throws InterruptedException {
    registry = new SimpleMeterRegistry();
    checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder()
        .nativeFirst(dev.hornbeam.portfolio.race.RaceSettings.DEFAULT_NATIVE_BUDGET, 1.0).build(), registry);
    assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)));
  }

  @AfterContainer
  static void stop() throws InterruptedException {
    assertTrue(checker.portfolio().awaitConfirmations(Duration.ofSeconds(120)), "confirmations ended");
    assertEquals(0.0, registry.counter("hornbeam.race.disagreements").count(), "the race found SAT where native said UNSAT");
    checker.close();
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Zone> zones = Arbitraries.of(
        new Zone.Account(PolicyArbitraries.ACCOUNTS.get(0)),
        new Zone.Account(PolicyArbitraries.ACCOUNTS.get(1)),
        new Zone.Organization("o-aaa", List.of(PolicyArbitraries.ACCOUNTS.get(0))),
        new Zone.Public());
    return PolicyArbitraries.resourcePolicies(3).flatMap(p -> Combinators.combine(Arbitraries.of(TYPES), zones,
        PolicyArbitraries.mixedRequestsFor(p).list().ofSize(30)).as((t, z, rs) -> new Case(p, t, z, rs)));
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
  void findingsCoverAllowedOutsideAccessAndAreWitnessed(@ForAll("cases") Case c) {
    FindingsAnswer a = checker.findings(c.policy(), c.type(), null, c.zone(), LIMIT);
    Statistics.label("coverage").collect(a.coverage());
    if (a.coverage() == FindingsAnswer.Coverage.UNDECIDED) {
      Statistics.label("undecided because").collect(a.detail().length() > 90 ? a.detail().substring(0, 90) : a.detail());
    }
    Statistics.label("findings").collect(Math.min(a.findings().size(), 5));
    String version = c.policy().version() == null ? Policy.VERSION_2008 : c.policy().version();
    String service = c.type().service();
    for (Finding f : a.findings()) {
      if (f.undecided()) {
        continue;
      }
      Request w = f.witness().orElseThrow();
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(c.policy(), w).outcome(), () -> "not allowed: " + f);
      assertTrue(f.contains(w, version), () -> "witness outside its finding: " + f);
      assertTrue(Zone.isOutside(c.zone(), c.policy(), w, c.type()), () -> "witness inside the zone: " + f);
      assertTrue(DifferenceProperties.realistic(w, List.of(c.policy())), () -> "unrealistic witness: " + f);
    }
    boolean sampled = false;
    for (Request raw : c.requests()) {
      String name = raw.action().contains(":") ? raw.action().substring(raw.action().indexOf(':') + 1) : raw.action();
      Request r = DifferenceProperties.realisticPrincipal(new Request(raw.principal(), service + ":" + name, raw.resource(),
          raw.context()));
      if (!DifferenceProperties.realistic(r, List.of(c.policy())) || !Zone.isOutside(c.zone(), c.policy(), r, c.type())) {
        continue;
      }
      boolean allowed = Evaluator.evaluate(c.policy(), r).outcome() == Outcome.ALLOW;
      if (allowed) {
        sampled = true;
        assertTrue(a.findings().stream().anyMatch(f -> f.contains(r, version)),
            () -> "allowed outside request in no finding: " + r + "\n" + a);
      }
      for (Finding f : a.findings()) {
        if (f.exact() && f.contains(r, version)) {
          assertTrue(allowed, () -> "an exact finding holds a request the policy does not allow: " + r + "\n" + f);
        }
      }
    }
    Statistics.label("allowed outside request sampled").collect(sampled);
  }
}
