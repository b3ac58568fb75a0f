package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.CorpusQuestions;
import dev.hornbeam.policy.model.Policy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The difference questions ({@link CorpusQuestions}) on every valid S3 / KMS / SQS / SNS corpus policy P, through the facade with a
 * race that shadow-checks every query on the losing solver: no new access (P against P without its last
 * statement), compare (P without its Denies against P), access not granted (the type's policy-changing
 * and deleting actions) and cross account (the first account P names). Every answer is SOLVED (so every
 * FAIL's witness passed the evaluator's check) and Z3 never disagrees with cvc5.
 */
class CorpusQuestionsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @Test
  void everyQuestionIsSolvedAndTheSolversAgree() throws IOException, InterruptedException {
    List<CorpusPolicies> corpus = CorpusPolicies.load();
    assumeTrue(!corpus.isEmpty(), "no corpus on this machine");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().cacheEntries(0).workersPerSolver(1)
        .shadow(1.0, DEADLINE).nativeFirst(dev.hornbeam.portfolio.race.RaceSettings.DEFAULT_NATIVE_BUDGET, 1.0).build();
    Map<String, Integer> tally = new TreeMap<>();
    List<String> unsolved = new ArrayList<>();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)), "workers up");
      for (CorpusPolicies c : corpus) {
        Policy p = c.policy();
        record(tally, unsolved, c.name(), "no-new-access",
            checker.noNewAccess(CorpusQuestions.withoutLast(p), p, c.type(), DEADLINE));
        record(tally, unsolved, c.name(), "access-not-granted", checker.accessNotGranted(p, c.type(),
            CorpusQuestions.sensitiveActions(c.type().service()), List.of(), DEADLINE));
        record(tally, unsolved, c.name(), "cross-account",
            checker.crossAccount(p, c.type(), CorpusQuestions.firstAccount(p), DEADLINE));
        if (CorpusQuestions.hasDeny(p)) {
          ComparisonAnswer a = checker.compare(CorpusQuestions.allowsOnly(p), p, c.type(), DEADLINE);
          tally.merge("compare " + a.relation(), 1, Integer::sum);
          record(tally, unsolved, c.name(), "compare P-without-denies beyond P", a.firstBeyondSecond());
          record(tally, unsolved, c.name(), "compare P beyond P-without-denies", a.secondBeyondFirst());
        }
      }
      assertTrue(checker.portfolio().awaitConfirmations(Duration.ofSeconds(120)), "confirmations ended");
    }
    System.out.println("corpus questions: " + corpus.size() + " policies; " + tally);
    assertEquals(0.0, registry.counter("hornbeam.native.confirmations", "result", "disagree").count());
    // Policies naming a CloudFront origin access identity are answered too (the OAI is a caller of the
    // model since it stopped being a gap): nothing is unsolved.
    assertEquals(List.of(), unsolved);
    assertEquals(0.0, registry.counter("hornbeam.race.disagreements").count(), "z3 and cvc5 disagree on a corpus query");
    assertEquals(0.0, registry.counter("hornbeam.witness.failures").count());
    // Adding the Denies back never adds access.
    assertEquals(null, tally.get("compare P beyond P-without-denies FAIL"));
    assertTrue(tally.getOrDefault("cross-account FAIL", 0) > 50 && tally.getOrDefault("cross-account PASS", 0) > 50, tally::toString);
  }

  private static void record(Map<String, Integer> tally, List<String> unsolved, String name, String question, CheckAnswer a) {
    tally.merge(question + " " + a.verdict(), 1, Integer::sum);
    if (a.reason() != Reason.SOLVED) {
      unsolved.add(name + " " + question + ": " + a.reason() + " " + a.detail());
    }
  }
}
