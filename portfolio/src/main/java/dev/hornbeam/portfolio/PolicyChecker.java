package dev.hornbeam.portfolio;

import dev.hornbeam.policy.eval.Decision;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.smt.ResourceType;
import dev.hornbeam.smt.WitnessText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers questions about policies end to end: encode → race → decode → check. The one entry point for
 * the service, the CLI and the benchmarks.
 *
 * <p>Fail closed, always: an encoding with gaps, a TIMEOUT, UNKNOWN, ERROR or OVERLOADED race, or any
 * internal exception gives PUBLIC with that reason. Every SAT witness is re-evaluated by the reference
 * {@link Evaluator}; a witness it does not ALLOW is an encoder bug: the answer is PUBLIC / ERROR, the
 * query is kept on disk and {@code hornbeam.witness.failures} counts it. The caller's deadline holds:
 * the race ends by it, and encoding, decoding and the check are fast next to it.
 *
 * <p>Metrics: {@code hornbeam.answers} (tags {@code question}, {@code result}, {@code reason}),
 * {@code hornbeam.witness.failures}, plus the portfolio's.
 */
public final class PolicyChecker implements AutoCloseable {
  static final String PUBLIC_ACCESS = "public-access";

  private final Portfolio portfolio;
  private final MeterRegistry registry;
  private final Counter witnessFailures;

  private PolicyChecker(Portfolio portfolio, MeterRegistry registry) {
    this.portfolio = portfolio;
    this.registry = registry;
    this.witnessFailures = Counter.builder("hornbeam.witness.failures")
        .description("SAT answers whose witness the reference evaluator did not allow").register(registry);
  }

  /** Starts a portfolio with {@code config}; the checker owns it. */
  public static PolicyChecker start(PortfolioConfig config, MeterRegistry registry) {
    return new PolicyChecker(Portfolio.start(config, registry), registry);
  }

  public Portfolio portfolio() {
    return portfolio;
  }

  /** Is {@code policy}, attached to a resource of {@code type}, public? Deadline: the configured default. */
  public PublicAccessAnswer isPublic(Policy policy, ResourceType type) {
    return isPublic(policy, type, null, portfolio.config().deadline());
  }

  public PublicAccessAnswer isPublic(Policy policy, ResourceType type, Duration deadline) {
    return isPublic(policy, type, null, deadline);
  }

  /**
   * @param resourceArn the resource the policy is attached to, or {@code null} for any resource of the type
   * @param deadline the time the caller gives, from now
   */
  public PublicAccessAnswer isPublic(Policy policy, ResourceType type, String resourceArn, Duration deadline) {
    long start = System.nanoTime();
    long deadlineNanos = start + deadline.toNanos();
    PublicAccessAnswer answer;
    try {
      answer = publicAccess(policy, type, resourceArn, start, deadlineNanos);
    } catch (RuntimeException | StackOverflowError e) {
      answer = PublicAccessAnswer.failClosed(Reason.ERROR, "internal error: " + e, Optional.empty(),
          new Timings(0, 0, 0, 0, 0, 0, micros(start)));
    }
    Counter.builder("hornbeam.answers").tag("question", PUBLIC_ACCESS)
        .tag("result", answer.result().name().toLowerCase(Locale.ROOT))
        .tag("reason", answer.reason().name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
    return answer;
  }

  private PublicAccessAnswer publicAccess(Policy policy, ResourceType type, String arn, long start, long deadlineNanos) {
    Query query = PublicAccess.query(policy, type, arn);
    String question = PUBLIC_ACCESS + ":" + type.name() + ":" + (arn == null ? "*" : arn);
    return answer(policy, query, question, start, deadlineNanos);
  }

  /** Race {@code query} and check its witness against {@code policy}: separate so a test can pass a wrong pair. */
  PublicAccessAnswer answer(Policy policy, Query query, String question, long start, long deadlineNanos) {
    long encode = micros(start);
    if (!query.exact()) {
      // The encoding is not exact for this policy: neither SAT nor UNSAT could be trusted.
      return PublicAccessAnswer.failClosed(Reason.UNKNOWN, "the policy uses what the encoder cannot express exactly: "
          + String.join("; ", query.gaps()), Optional.empty(), new Timings(encode, 0, 0, 0, 0, 0, micros(start)));
    }
    Portfolio.Solved solved = portfolio.solve(question, query.text(), deadlineNanos);
    RaceResult race = solved.result();
    Optional<Leg> won = solved.cached() ? Optional.empty() : race.winningLeg();
    long queue = won.map(Leg::queueMicros).orElse(0L);
    long solver = won.map(Leg::solverMicros).orElse(0L);
    long ipc = won.map(l -> Math.max(0, l.roundTripMicros() - l.solverMicros())).orElse(0L);
    switch (race.outcome()) {
      case UNSAT:
        return new PublicAccessAnswer(PublicAccessAnswer.Result.NOT_PUBLIC, Reason.SOLVED, race.winner(), Optional.empty(),
            "", List.of(), new Timings(encode, queue, solver, ipc, 0, 0, micros(start)), solved.cached(), "");
      case SAT:
        break;
      case TIMEOUT:
        return PublicAccessAnswer.failClosed(Reason.TIMEOUT, race.detail(), Optional.empty(), timings(encode, start));
      case UNKNOWN:
        return PublicAccessAnswer.failClosed(Reason.UNKNOWN, race.detail(), Optional.empty(), timings(encode, start));
      case OVERLOADED:
        return PublicAccessAnswer.failClosed(Reason.OVERLOADED, race.detail(), Optional.empty(), timings(encode, start));
      default:
        return PublicAccessAnswer.failClosed(Reason.ERROR, race.detail(), Optional.empty(), timings(encode, start));
    }
    long decodeStart = System.nanoTime();
    Request witness;
    try {
      witness = query.witness(race.model());
    } catch (RuntimeException e) {
      return witnessFailure(question, query, race, "the model could not be decoded: " + e, encode, start);
    }
    long decode = micros(decodeStart);
    long checkStart = System.nanoTime();
    Decision decision = Evaluator.evaluate(policy, witness);
    long check = micros(checkStart);
    if (decision.outcome() != Outcome.ALLOW) {
      return witnessFailure(question, query, race, "the reference evaluator says " + decision.outcome()
          + " to the witness " + WitnessText.describe(witness), encode, start);
    }
    String text = WitnessText.describe(witness);
    List<Grant> grants = new ArrayList<>();
    for (int i : decision.matchedAllows()) {
      grants.add(Grant.of(i, policy.statements().get(i).sid(), text));
    }
    return new PublicAccessAnswer(PublicAccessAnswer.Result.PUBLIC, Reason.SOLVED, race.winner(), Optional.of(witness),
        text, grants, new Timings(encode, queue, solver, ipc, decode, check, micros(start)), solved.cached(), "");
  }

  private PublicAccessAnswer witnessFailure(String question, Query query, RaceResult race, String why, long encode, long start) {
    witnessFailures.increment();
    portfolio.forget(question, query.text());
    Path kept = portfolio.keep("witness-failure", "; " + why.replace('\n', ' ') + "\n" + query.text());
    return PublicAccessAnswer.failClosed(Reason.ERROR, "witness check failed (" + race.winner().map(s -> s.key()).orElse("?")
        + "): " + why + (kept == null ? "" : "; query kept in " + kept), race.winner(), timings(encode, start));
  }

  private static Timings timings(long encode, long start) {
    return new Timings(encode, 0, 0, 0, 0, 0, micros(start));
  }

  private static long micros(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000;
  }

  @Override
  public void close() {
    portfolio.close();
  }
}
