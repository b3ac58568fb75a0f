package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.policy.resource.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every valid S3 / KMS / SQS / SNS policy of the corpus, through the facade with real solvers in worker
 * processes, under race, z3-only, cvc5-only and staggered, and in-process: every configuration gives the
 * same answer to every policy, every answer is SOLVED, and a race with shadow checks on every query finds
 * no query where Z3 and cvc5 disagree.
 */
class CorpusAgreementTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Map<String, Policy> POLICIES = new LinkedHashMap<>();
  private static final Map<String, ResourceType> TYPES = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    for (CorpusPolicies c : CorpusPolicies.load()) {
      POLICIES.put(c.name(), c.policy());
      TYPES.put(c.name(), c.type());
    }
  }

  private static Map<String, String> answers(PortfolioConfig config, SimpleMeterRegistry registry) throws InterruptedException {
    Map<String, String> answers = new TreeMap<>();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)), "workers up");
      for (Map.Entry<String, Policy> e : POLICIES.entrySet()) {
        PublicAccessAnswer a = checker.isPublic(e.getValue(), TYPES.get(e.getKey()), DEADLINE);
        answers.put(e.getKey(), a.result() + "/" + a.reason() + (a.reason() == Reason.SOLVED ? "" : " " + a.detail()));
      }
      assertTrue(checker.portfolio().awaitConfirmations(Duration.ofSeconds(120)), "confirmations ended");
    }
    return answers;
  }

  @Test
  void everyStrategyAndModeGivesTheSameAnswers() throws InterruptedException {
    assumeTrue(!POLICIES.isEmpty(), "no corpus on this machine");
    PortfolioConfig base = PortfolioConfig.defaults().toBuilder().cacheEntries(0).workersPerSolver(1).build();
    SimpleMeterRegistry shadowed = new SimpleMeterRegistry();
    Map<String, Map<String, String>> byConfig = new LinkedHashMap<>();
    byConfig.put("race+shadow", answers(base.toBuilder().strategy(Strategy.RACE).shadow(1.0, DEADLINE).build(), shadowed));
    SimpleMeterRegistry confirmed = new SimpleMeterRegistry();
    byConfig.put("auto, every native UNSAT confirmed", answers(base.toBuilder()
        .nativeFirst(dev.hornbeam.portfolio.race.RaceSettings.DEFAULT_NATIVE_BUDGET, 1.0).build(), confirmed));
    byConfig.put("native", answers(base.toBuilder().strategy(Strategy.NATIVE).build(), new SimpleMeterRegistry()));
    byConfig.put("z3", answers(base.toBuilder().strategy(Strategy.Z3).build(), new SimpleMeterRegistry()));
    byConfig.put("cvc5", answers(base.toBuilder().strategy(Strategy.CVC5).build(), new SimpleMeterRegistry()));
    byConfig.put("staggered", answers(base.toBuilder().strategy(Strategy.STAGGERED).build(), new SimpleMeterRegistry()));
    byConfig.put("in-process race", answers(base.toBuilder().strategy(Strategy.RACE).mode(PortfolioConfig.Mode.IN_PROCESS).build(),
        new SimpleMeterRegistry()));

    Map<String, String> reference = byConfig.get("cvc5");
    List<String> differences = new ArrayList<>();
    for (var config : byConfig.entrySet()) {
      for (var answer : config.getValue().entrySet()) {
        if (!answer.getValue().endsWith("/SOLVED")) {
          differences.add(config.getKey() + ": " + answer.getKey() + " not solved: " + answer.getValue());
        } else if (!answer.getValue().equals(reference.get(answer.getKey()))) {
          differences.add(config.getKey() + ": " + answer.getKey() + " " + answer.getValue() + " but cvc5-only " + reference.get(answer.getKey()));
        }
      }
    }
    assertEquals(List.of(), differences);
    assertEquals(0.0, shadowed.counter("hornbeam.race.disagreements").count(), "z3 and cvc5 disagree on a corpus query");
    assertTrue(confirmed.counter("hornbeam.native.confirmations", "result", "agree").count() > 50, "native UNSATs were confirmed");
    assertEquals(0.0, confirmed.counter("hornbeam.race.disagreements").count(), "the race finds SAT where native said UNSAT");
    long publicCount = reference.values().stream().filter(v -> v.startsWith("PUBLIC")).count();
    System.out.println("corpus agreement: " + POLICIES.size() + " policies, " + publicCount + " PUBLIC, "
        + (POLICIES.size() - publicCount) + " NOT_PUBLIC in every configuration " + byConfig.keySet());
    assertTrue(publicCount > 50 && POLICIES.size() - publicCount > 50);
  }
}
