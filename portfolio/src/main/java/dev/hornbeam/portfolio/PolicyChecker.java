package dev.hornbeam.portfolio;

import dev.hornbeam.policy.eval.Decision;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.universe.PolicyKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.policy.universe.Realistic;
import dev.hornbeam.policy.universe.Witnesses;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import dev.hornbeam.portfolio.findings.FindingsSearch;
import dev.hornbeam.smt.Coverage;
import dev.hornbeam.smt.Difference;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.Scope;
import dev.hornbeam.smt.WitnessText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers questions about policies end to end: encode → race → decode → check. The one entry point for
 * the service, the CLI and the benchmarks.
 *
 * <p>Questions: {@link #isPublic} (PUBLIC / NOT_PUBLIC) and, on the difference primitive of
 * docs/semantics.md, {@link #noNewAccess}, {@link #accessNotGranted}, {@link #crossAccount} (PASS / FAIL)
 * and {@link #compare} (a relation).
 *
 * <p>Fail closed, always: an encoding with gaps, a TIMEOUT, UNKNOWN, ERROR or OVERLOADED race, or any
 * internal exception gives PUBLIC (or FAIL) with that reason. Every SAT witness is re-evaluated by the reference
 * {@link Evaluator}; a witness it does not ALLOW is an encoder bug: the answer is PUBLIC / ERROR, the
 * query is kept on disk and {@code hornbeam.witness.failures} counts it. The caller's deadline holds:
 * the race ends by it, and encoding, decoding and the check are fast next to it.
 *
 * <p>Metrics: {@code hornbeam.answers} (tags {@code question}, {@code result}, {@code reason}),
 * {@code hornbeam.witness.failures}, plus the portfolio's.
 */
public final class PolicyChecker implements AutoCloseable {
  static final String PUBLIC_ACCESS = "public-access";
  static final String NO_NEW_ACCESS = "no-new-access";
  static final String ACCESS_NOT_GRANTED = "access-not-granted";
  static final String CROSS_ACCOUNT = "cross-account";
  static final String COMPARE = "compare";
  public static final String FINDINGS = "findings";

  /** Runs a comparison's second direction beside the first. */
  private final ExecutorService directions = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hornbeam-compare");
    t.setDaemon(true);
    return t;
  });

  /**
   * Runs the checks of {@link #isPublicBy} / {@link #noNewAccessBy}: its own threads, so that a caller's
   * executor (a web server's, perhaps small and busy) can neither delay nor starve them. Unbounded like
   * the caller's requests; each thread is busy at most until its race's deadline.
   */
  private final ExecutorService timed = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hornbeam-timed-check");
    t.setDaemon(true);
    return t;
  });

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
    return isPublic(policy, type, resourceArn, start, start + deadline.toNanos());
  }

  /**
   * {@link #isPublic} for a caller that must answer by a fixed time, whatever happens (the attach guard):
   * the check runs on the checker's own threads, its race ends by {@code solveByNanos}, and
   * {@link Due#get()} returns by {@code answerByNanos} at the latest — PUBLIC / TIMEOUT (fail closed) if
   * the check has not answered by then (a busy machine, a thread that started late, a slow witness check). Both times are
   * {@link System#nanoTime()} instants, so time spent before the call (queues, request reading) counts.
   * A check that misses {@code answerByNanos} goes on in the background only until its race's deadline,
   * which stops its solvers. If {@code solveByNanos} has passed at the call (a deadline shorter than the
   * caller's margin), the check runs on the calling thread: only the answer cache can answer it, at once.
   */
  public Due<PublicAccessAnswer> isPublicBy(Policy policy, ResourceType type, String resourceArn,
      long solveByNanos, long answerByNanos) {
    long start = System.nanoTime();
    return within(() -> isPublic(policy, type, resourceArn, start, solveByNanos), timed, solveByNanos, answerByNanos,
        r -> PublicAccessAnswer.failClosed(r, r == Reason.TIMEOUT ? LATE : REFUSED, Optional.empty(), timings(0, start)));
  }

  /** {@link #noNewAccess} with the timing of {@link #isPublicBy}: FAIL / TIMEOUT if no answer by {@code answerByNanos}. */
  public Due<CheckAnswer> noNewAccessBy(Policy existing, Policy proposed, ResourceType type,
      long solveByNanos, long answerByNanos) {
    long start = System.nanoTime();
    return within(() -> counted(NO_NEW_ACCESS, () -> difference(NO_NEW_ACCESS, proposed, existing, Scope.of(type), start,
            solveByNanos), start), timed, solveByNanos, answerByNanos,
        r -> CheckAnswer.failClosed(r, r == Reason.TIMEOUT ? LATE : REFUSED, Optional.empty(), timings(0, start)));
  }

  static final String LATE = "no answer by the deadline";
  static final String REFUSED = "no thread could take the check";

  /**
   * An answer due at a fixed time. {@link #get} waits for it on the caller's own thread (a timed wait: no
   * other thread has to be scheduled for the caller to wake up at the due time, which matters on a busy
   * machine) and returns the fail-closed answer if it is not there by then.
   */
  public static final class Due<T> {
    private final CompletableFuture<T> answer;
    private final long byNanos;
    private final Supplier<T> late;

    Due(CompletableFuture<T> answer, long byNanos, Supplier<T> late) {
      this.answer = answer;
      this.byNanos = byNanos;
      this.late = late;
    }

    /** The answer, or TIMEOUT (fail closed) at the due time; never throws. */
    public T get() {
      long left = byNanos - System.nanoTime();
      if (left > 0 && !answer.isDone()) {
        try {
          answer.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // due: fail closed below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      answer.complete(late.get()); // no effect if the answer came; if not, a check that starts later skips its work
      return answer.getNow(late.get());
    }
  }

  /**
   * Runs {@code body} on {@code executor}, due at {@code byNanos}: {@code failed.apply(TIMEOUT)} if it has
   * not answered by then (a body that has not started by then is not run), {@code failed.apply(OVERLOADED)}
   * if the executor refuses the task. When {@code startBy} has passed already (the solvers' deadline: no
   * solver will run, only the answer cache can answer), {@code body} runs at once on the caller's thread:
   * no hand-off to pay for a lookup.
   */
  static <T> Due<T> within(Supplier<T> body, Executor executor, long startBy, long byNanos, Function<Reason, T> failed) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Supplier<T> late = () -> failed.apply(Reason.TIMEOUT);
    if (startBy - System.nanoTime() <= 0) {
      answer.complete(body.get()); // a cached answer or TIMEOUT, at once
      return new Due<>(answer, byNanos, late);
    }
    try {
      executor.execute(() -> {
        if (!answer.isDone()) { // the thread may start after the answer was given
          answer.complete(body.get());
        }
      });
    } catch (RejectedExecutionException e) {
      answer.complete(failed.apply(Reason.OVERLOADED));
    }
    return new Due<>(answer, byNanos, late);
  }

  private PublicAccessAnswer isPublic(Policy policy, ResourceType type, String resourceArn, long start, long deadlineNanos) {
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
    // Fail closed on an input that does not fit: the readers of requests refuse it with JSON pointers
    // (PolicyParser.parse(…, scope)); this holds for every other caller.
    Optional<String> unfit = arn == null ? Optional.empty() : type.arnProblem(arn);
    if (unfit.isEmpty()) {
      unfit = new ResourceScope(type, arn).problem(policy);
    }
    if (unfit.isPresent()) {
      return PublicAccessAnswer.failClosed(Reason.INVALID_INPUT, unfit.get(), Optional.empty(),
          new Timings(0, 0, 0, 0, 0, 0, micros(start)));
    }
    Query query = PublicAccess.query(policy, type, arn);
    String question = PUBLIC_ACCESS + ":" + type.name() + ":" + (arn == null ? "*" : arn);
    return answer(policy, type, arn, query, question, start, deadlineNanos);
  }

  /** Race {@code query} and check its witness against {@code policy}: separate so a test can pass a wrong pair. */
  PublicAccessAnswer answer(Policy policy, ResourceType type, String arn, Query query, String question, long start,
      long deadlineNanos) {
    CheckAnswer a = check(question, query, policy, whyNotPublic(policy, type, arn), start, deadlineNanos);
    return new PublicAccessAnswer(a.passed() ? PublicAccessAnswer.Result.NOT_PUBLIC : PublicAccessAnswer.Result.PUBLIC,
        a.reason(), a.solver(), a.witness(), a.witnessText(), a.grants(), a.timings(), a.cached(), a.detail());
  }

  /**
   * Why a request the evaluator allows is no witness of public access, or null when it is one. The
   * witness must come from a stranger, by the plain-Java reference (PublicMeaning), not only be allowed:
   * a witness from someone the policy names would mean the encoder's idea of "stranger" is wrong. When
   * the caller names the resource, the witness is about it (and, for a bucket, its objects).
   */
  private static Function<Request, String> whyNotPublic(Policy policy, ResourceType type, String arn) {
    return w -> {
      if (arn != null && !w.resource().equals(arn)
          && !type.childPrefix(arn).map(w.resource()::startsWith).orElse(false)) {
        return "the witness is about another resource than " + arn + ": " + w.resource();
      }
      return PublicMeaning.whyNotStranger(policy, w, type);
    };
  }

  /**
   * A public-access witness found elsewhere (the audit's answer for a per-account variant of this policy,
   * mapped to its accounts), confirmed by the same checks as a solver's witness: the reference evaluator
   * ALLOWs it and it is a stranger's request about the resource. The answer is PUBLIC, SOLVED (by
   * {@code solver}), marked cached; empty when the witness fails a check (then decide the policy afresh).
   */
  public Optional<PublicAccessAnswer> confirmPublic(Policy policy, ResourceType type, String arn, Request witness,
      Optional<SolverId> solver) {
    long start = System.nanoTime();
    Decision decision = Evaluator.evaluate(policy, witness);
    if (decision.outcome() != Outcome.ALLOW || whyNotPublic(policy, type, arn).apply(witness) != null) {
      return Optional.empty();
    }
    String text = WitnessText.describe(witness);
    List<Grant> grants = new ArrayList<>();
    for (int i : decision.matchedAllows()) {
      grants.add(Grant.of(i, policy.statements().get(i).sid(), text));
    }
    return Optional.of(new PublicAccessAnswer(PublicAccessAnswer.Result.PUBLIC, Reason.SOLVED, solver, Optional.of(witness), text,
        grants, new Timings(0, 0, 0, 0, 0, micros(start), micros(start)), true, ""));
  }

  // ------------------------------------------------------------------ questions on the difference primitive

  /**
   * Does {@code proposed} allow a request that {@code existing} does not (IAM Access Analyzer's
   * CheckNoNewAccess)? PASS is proved; FAIL comes with the witness and the statements of {@code proposed}
   * that allow it, or with the reason there is no definite answer.
   *
   * @param type when not null, only requests for actions of the type's service count
   */
  public CheckAnswer noNewAccess(Policy existing, Policy proposed, ResourceType type, Duration deadline) {
    long start = System.nanoTime();
    return counted(NO_NEW_ACCESS, () -> difference(NO_NEW_ACCESS, proposed, existing, Scope.of(type), start,
        start + deadline.toNanos()), start);
  }

  /**
   * Does {@code policy} allow any of {@code actions} on any of {@code resources} (IAM Access Analyzer's
   * CheckAccessNotGranted)? An empty list means "any". PASS is proved; FAIL has a witness or a reason.
   */
  public CheckAnswer accessNotGranted(Policy policy, ResourceType type, List<String> actions, List<String> resources,
      Duration deadline) {
    long start = System.nanoTime();
    return counted(ACCESS_NOT_GRANTED, () -> difference(ACCESS_NOT_GRANTED, policy, null,
        Scope.of(type).withActions(actions, resources), start, start + deadline.toNanos()), start);
  }

  /**
   * Can a principal outside {@code ownerAccount} be allowed anything by {@code policy} (anonymous, another
   * account's identity, a federated user of another provider; not AWS service principals)? PASS is proved;
   * FAIL names the outside principal in its witness, or gives the reason there is no definite answer.
   */
  public CheckAnswer crossAccount(Policy policy, ResourceType type, String ownerAccount, Duration deadline) {
    long start = System.nanoTime();
    return counted(CROSS_ACCOUNT, () -> difference(CROSS_ACCOUNT, policy, null, Scope.of(type).outside(ownerAccount),
        start, start + deadline.toNanos()), start);
  }

  /**
   * How permissive {@code first} is next to {@code second}: two checks, run at once, each with the whole
   * deadline. Fail closed (see {@link ComparisonAnswer}).
   */
  public ComparisonAnswer compare(Policy first, Policy second, ResourceType type, Duration deadline) {
    long start = System.nanoTime();
    long deadlineNanos = start + deadline.toNanos();
    CompletableFuture<CheckAnswer> reverse = CompletableFuture.supplyAsync(
        () -> guarded(() -> difference(COMPARE, second, first, Scope.of(type), start, deadlineNanos), start), directions);
    CheckAnswer forward = guarded(() -> difference(COMPARE, first, second, Scope.of(type), start, deadlineNanos), start);
    CheckAnswer backward = reverse.join();
    ComparisonAnswer answer = ComparisonAnswer.of(forward, backward, micros(start));
    Counter.builder("hornbeam.answers").tag("question", COMPARE)
        .tag("result", answer.relation().name().toLowerCase(Locale.ROOT))
        .tag("reason", answer.reason().name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
    return answer;
  }

  /**
   * Who outside {@code zone} has access under {@code policy} ({@link FindingsSearch}): findings that
   * together cover every allowed request from outside (proved), each with a witness; fail closed: what is
   * not decided by the deadline is one undecided finding.
   *
   * @param resourceArn the resource the policy is attached to, or null for any resource of the type
   */
  public FindingsAnswer findings(Policy policy, ResourceType type, String resourceArn, Zone zone, Duration deadline) {
    long start = System.nanoTime();
    FindingsAnswer answer = FindingsSearch.run(this, policy, type, resourceArn, zone, start + deadline.toNanos());
    Counter.builder("hornbeam.answers").tag("question", FINDINGS)
        .tag("result", answer.findings().isEmpty() ? "none" : "some")
        .tag("reason", answer.coverage().name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
    return answer;
  }

  /**
   * One coverage question ({@link Coverage}): a request from outside {@code zone}, for the resource, that
   * every {@code required} policy allows and no {@code excluded} one does. PASS is proved (no such request);
   * FAIL with SOLVED has a witness checked by the reference evaluator against every policy and the zone's
   * Java twin ({@link Zone#isOutside}); any other FAIL is no definite answer. Not counted in the answer
   * metrics: {@link dev.hornbeam.portfolio.findings.FindingsSearch} counts whole searches.
   */
  public CheckAnswer coverage(Policy subject, List<Policy> required, List<Policy> excluded, ResourceType type,
      String resourceArn, Zone zone, long deadlineNanos) {
    long start = System.nanoTime();
    return guarded(() -> {
      Query query = Coverage.query(subject, required, excluded, type, resourceArn, zone);
      List<Policy> read = new ArrayList<>(required);
      read.addAll(excluded);
      Set<String> mentioned = PolicyKeys.mentioned(read);
      String service = type.service() + ":";
      return check(FINDINGS + ":" + type.name(), query, required.get(0), w -> {
        String unreal = Realistic.problem(w, mentioned);
        if (unreal != null) {
          return "the witness is no request AWS could send: " + unreal;
        }
        for (Policy p : required) {
          if (Evaluator.evaluate(p, w).outcome() != Outcome.ALLOW) {
            return "a required policy does not allow the witness " + WitnessText.describe(w);
          }
        }
        for (Policy p : excluded) {
          if (Evaluator.evaluate(p, w).outcome() == Outcome.ALLOW) {
            return "an excluded policy allows the witness " + WitnessText.describe(w);
          }
        }
        if (!w.action().toLowerCase(Locale.ROOT).startsWith(service)) {
          return "the witness's action is not one of " + service + "*";
        }
        if (resourceArn != null && !w.resource().equals(resourceArn)
            && type.childPrefix(resourceArn).map(c -> !w.resource().startsWith(c)).orElse(true)) {
          return "the witness is for another resource: " + w.resource();
        }
        return Zone.isOutside(zone, subject, w, type) ? null
            : "the witness's caller is inside " + Zone.describe(zone) + ": " + WitnessText.describe(w);
      }, start, deadlineNanos);
    }, start);
  }

  /** A request in {@code scope} that {@code allowing} allows and {@code other} (if any) does not. */
  private CheckAnswer difference(String name, Policy allowing, Policy other, Scope scope, long start, long deadlineNanos) {
    Query query = Difference.query(allowing, other, scope);
    List<Policy> read = new ArrayList<>();
    read.add(allowing);
    if (other != null) {
      read.add(other);
    }
    Set<String> mentioned = PolicyKeys.mentioned(read);
    boolean identity = PrincipalKind.identityPolicies(read);
    return check(name + ":" + (scope.type() == null ? "*" : scope.type().name()), query, allowing, w -> {
      String unreal = Realistic.problem(w, mentioned);
      if (unreal != null) {
        return "the witness is no request AWS could send: " + unreal;
      }
      if (identity && !PrincipalKind.of(w.principal()).orElseThrow().carriesIdentityPolicies()) {
        return "identity policies are not evaluated for the witness's caller: " + WitnessText.describe(w);
      }
      if (other != null && Evaluator.evaluate(other, w).outcome() == Outcome.ALLOW) {
        return "the other policy also allows the witness " + WitnessText.describe(w);
      }
      return scope.contains(w) ? null : "the witness is outside the question's scope: " + WitnessText.describe(w);
    }, start, deadlineNanos);
  }

  private CheckAnswer counted(String question, Supplier<CheckAnswer> body, long start) {
    CheckAnswer answer = guarded(body, start);
    Counter.builder("hornbeam.answers").tag("question", question)
        .tag("result", answer.verdict().name().toLowerCase(Locale.ROOT))
        .tag("reason", answer.reason().name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
    return answer;
  }

  private static CheckAnswer guarded(Supplier<CheckAnswer> body, long start) {
    try {
      return body.get();
    } catch (RuntimeException | StackOverflowError e) {
      return CheckAnswer.failClosed(Reason.ERROR, "internal error: " + e, Optional.empty(),
          new Timings(0, 0, 0, 0, 0, 0, micros(start)));
    }
  }

  /**
   * Race {@code query} (SAT = the check fails). A SAT witness must be ALLOWed by {@code granting} (whose
   * allowing statements are the grants) and pass {@code problem} (null = right, else why not). Gaps,
   * time-outs, unknowns, errors and overload give FAIL.
   */
  private CheckAnswer check(String question, Query query, Policy granting, Function<Request, String> problem,
      long start, long deadlineNanos) {
    long encode = micros(start);
    if (!query.exact()) {
      // The encoding is not exact for this policy: neither SAT nor UNSAT could be trusted.
      return CheckAnswer.failClosed(Reason.UNKNOWN, "the policy uses what the encoder cannot express exactly: "
          + String.join("; ", query.gaps()), Optional.empty(), new Timings(encode, 0, 0, 0, 0, 0, micros(start)));
    }
    Portfolio.Solved solved = portfolio.solve(question, query.problem(), query::text, deadlineNanos);
    RaceResult race = solved.result();
    Optional<Leg> won = solved.cached() ? Optional.empty() : race.winningLeg();
    long queue = won.map(Leg::queueMicros).orElse(0L);
    long solver = won.map(Leg::solverMicros).orElse(0L);
    long ipc = won.map(l -> Math.max(0, l.roundTripMicros() - l.solverMicros())).orElse(0L);
    switch (race.outcome()) {
      case UNSAT:
        return new CheckAnswer(CheckAnswer.Verdict.PASS, Reason.SOLVED, race.winner(), Optional.empty(), "", List.of(),
            new Timings(encode, queue, solver, ipc, 0, 0, micros(start)), solved.cached(), "");
      case SAT:
        break;
      default:
        Reason failed = switch (race.outcome()) {
          case TIMEOUT -> Reason.TIMEOUT;
          case UNKNOWN -> Reason.UNKNOWN;
          case OVERLOADED -> Reason.OVERLOADED;
          default -> Reason.ERROR;
        };
        return CheckAnswer.failClosed(failed, race.detail(), Optional.empty(), timings(encode, start));
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
    Decision decision = Evaluator.evaluate(granting, witness);
    String wrong = decision.outcome() != Outcome.ALLOW
        ? "the reference evaluator says " + decision.outcome() + " to the witness " + WitnessText.describe(witness)
        : problem.apply(witness);
    if (wrong != null) {
      return witnessFailure(question, query, race, wrong, encode, start);
    }
    // The solver's witness is right; make it one AWS could receive (a catalogued action in AWS's spelling,
    // a resource that action accepts), keeping only changes that pass the same checks.
    witness = Witnesses.polish(witness, r -> Evaluator.evaluate(granting, r).outcome() == Outcome.ALLOW
        && problem.apply(r) == null);
    decision = Evaluator.evaluate(granting, witness);
    long check = micros(checkStart);
    String text = WitnessText.describe(witness);
    List<Grant> grants = new ArrayList<>();
    for (int i : decision.matchedAllows()) {
      grants.add(Grant.of(i, granting.statements().get(i).sid(), text));
    }
    return new CheckAnswer(CheckAnswer.Verdict.FAIL, Reason.SOLVED, race.winner(), Optional.of(witness),
        text, grants, new Timings(encode, queue, solver, ipc, decode, check, micros(start)), solved.cached(), "");
  }

  private CheckAnswer witnessFailure(String question, Query query, RaceResult race, String why, long encode, long start) {
    witnessFailures.increment();
    portfolio.forget(question, query.problem(), query.text());
    Path kept = portfolio.keep("witness-failure", "; " + why.replace('\n', ' ') + "\n" + query.text());
    return CheckAnswer.failClosed(Reason.ERROR, "witness check failed (" + race.winner().map(s -> s.key()).orElse("?")
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
    directions.shutdownNow();
    timed.shutdownNow();
    portfolio.close();
  }
}
