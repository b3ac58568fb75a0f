package dev.hornbeam.audit;

import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.PolicyPrinter;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.policy.Hashes;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs an audit: streams the inputs, skips what the journal already holds, decides the rest in parallel
 * through the {@link PolicyChecker} and appends each finding to the journal as it completes. Identical
 * policies (same resource type, same ARN, same canonical policy text) are decided once per run.
 *
 * <p>Memory: the records in flight are bounded ({@code parallelism × 2}); what grows with the input is the
 * journal's key set and the dedup table (one short entry per distinct policy).
 */
public final class AuditRunner {
  /** Progress so far. {@code total} is known after the counting pass. */
  public record Progress(long done, long total, long publicSoFar, long invalid, long bad, long resumed, double perSecond) {}

  /** What a run did. */
  public record Outcome(long resources, long decidedNow, long resumed, long publicCount, long invalid, List<BadRecord> bad) {}

  private final PolicyChecker checker;
  private final Duration deadline;
  private final int parallelism;
  private final boolean dedup;
  private final Map<String, Decided> decided = new ConcurrentHashMap<>();
  private final AtomicLong sharedWitnessRejected = new AtomicLong();

  public AuditRunner(PolicyChecker checker, Duration deadline, int parallelism, boolean dedup) {
    this.checker = checker;
    this.deadline = deadline;
    this.parallelism = Math.max(1, parallelism);
    this.dedup = dedup;
  }

  private Zone.Organization organization;

  /** How often {@link #run} reports progress while it runs. */
  static final Duration REPORT_EVERY = Duration.ofMillis(200);

  /**
   * Decides every resource of the inputs not yet in the journal. {@code progress} is called every
   * {@link #REPORT_EVERY} from the start (on a timer thread: while records are still being read and
   * submitted, not only once all are), and once at the end.
   */
  public Outcome run(List<AuditInput> inputs, Journal journal, Consumer<Progress> progress) throws IOException, InterruptedException {
    return run(inputs, journal, progress, REPORT_EVERY);
  }

  Outcome run(List<AuditInput> inputs, Journal journal, Consumer<Progress> progress, Duration every)
      throws IOException, InterruptedException {
    long total = count(inputs);
    int resumed = journal.size();
    List<BadRecord> bad = new ArrayList<>();
    AtomicLong done = new AtomicLong(resumed);
    AtomicLong now = new AtomicLong();
    AtomicLong publicCount = new AtomicLong(journal.count("PUBLIC"));
    AtomicLong invalid = new AtomicLong(journal.count("INVALID"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    Semaphore inFlight = new Semaphore(parallelism * 2);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "audit");
      t.setDaemon(true);
      return t;
    });
    Runnable report = () -> {
      double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      progress.accept(new Progress(done.get(), total, publicCount.get(), invalid.get(), bad.size(), resumed, now.get() / seconds));
    };
    AtomicBoolean stopped = new AtomicBoolean();
    java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(() -> {
      try {
        report.run();
      } catch (RuntimeException e) {
        // A failing display never stops the audit.
      }
    }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    try {
      for (int i = 0; i < inputs.size(); i++) {
        AuditInput input = inputs.get(i);
        // Keys are unique within an input; two inputs may share a file name (a/estate.ndjson, b/estate.ndjson),
        // so with several inputs each key is prefixed with its input's place: one input's finding never stands
        // for another's resource.
        String prefix = inputs.size() > 1 ? (i + 1) + "|" : "";
        input.read(read -> {
          ResourceRecord record = prefix.isEmpty() ? read
              : new ResourceRecord(prefix + read.key(), read.accountId(), read.arn(), read.resourceType(), read.policy(), read.source());
          if (journal.isDone(record.key()) || failure.get() != null) {
            return;
          }
          try {
            inFlight.acquire();
          } catch (InterruptedException e) {
            stopped.set(true);
            throw new Stopped();
          }
          pool.execute(() -> {
            try {
              Finding f = decide(record);
              // A check cut short by a stop is no finding: the resource is decided again on resume.
              if (!stopped.get() && !Thread.currentThread().isInterrupted() && journal.append(f)) {
                done.incrementAndGet();
                now.incrementAndGet();
                if (f.result().equals("PUBLIC")) {
                  publicCount.incrementAndGet();
                } else if (f.result().equals("INVALID")) {
                  invalid.incrementAndGet();
                }
              }
            } catch (Throwable e) { // an Error too: the run then fails with it rather than losing the task
              failure.compareAndSet(null, e);
            } finally {
              inFlight.release();
            }
          });
        }, b -> {
          synchronized (bad) {
            bad.add(b);
          }
        });
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // the ticker reports
      }
    } catch (Stopped | InterruptedException e) {
      stopped.set(true);
      throw new InterruptedException("audit stopped; it resumes from its journal");
    } finally {
      pool.shutdownNow();
      ticker.shutdownNow();
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    }
    report.run();
    Throwable f = failure.get();
    if (f instanceof IOException io) {
      throw io;
    } else if (f != null) {
      throw new IllegalStateException("audit failed: " + f, f);
    }
    return new Outcome(total, now.get(), resumed, journal.count("PUBLIC"), journal.count("INVALID"), List.copyOf(bad));
  }

  /** Thrown through an input's reader to end it when the run is interrupted. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  /** What one input holds: its resources, its unreadable records and the first of them. */
  public record Survey(String input, long resources, long bad, @Nullable BadRecord firstBad) {
    /** An input none of whose records can be read (or that holds none) is unusable. */
    public boolean unusable() {
      return resources == 0;
    }
  }

  /** Reads every input once, counting (the check that an input is usable before an audit starts). */
  public static List<Survey> survey(List<AuditInput> inputs) throws IOException {
    List<Survey> out = new ArrayList<>();
    for (AuditInput input : inputs) {
      long[] n = new long[2];
      BadRecord[] first = new BadRecord[1];
      input.read(r -> n[0]++, b -> {
        n[1]++;
        if (first[0] == null) {
          first[0] = b;
        }
      });
      out.add(new Survey(input.describe(), n[0], n[1], first[0]));
    }
    return out;
  }

  /** Resources in all inputs (a cheap first pass, for the progress bar). */
  static long count(List<AuditInput> inputs) throws IOException {
    AtomicLong n = new AtomicLong();
    for (AuditInput input : inputs) {
      input.read(r -> n.incrementAndGet(), b -> { });
    }
    return n.get();
  }

  /**
   * The audit's zone of trust: an organization, or null for each resource's own account (the default).
   * Part of the audit's identity (a changed zone changes answers).
   */
  public AuditRunner zone(Zone.Organization organization) {
    this.organization = organization;
    return this;
  }

  /**
   * The finding for one resource: whether it is public, and who outside its zone of trust has access
   * (issue 17). Never throws for bad input: that is an INVALID finding.
   */
  Finding decide(ResourceRecord r) {
    Finding f = decidePublic(r);
    if (f.result().equals("INVALID") || r.policy() == null) {
      return f;
    }
    ResourceType type = ResourceType.ofCloudFormationName(r.resourceType()).orElseThrow();
    Zone zone = organization;
    if (zone == null) {
      if (!Zone.ACCOUNT.matcher(r.accountId()).matches()) {
        // Fail closed: without the owner's account there is no telling who is outside it.
        return f.withOutside(List.of("the resource's account \"" + r.accountId() + "\" is no 12-digit id: who outside it has"
            + " access is not decided"), "UNDECIDED");
      }
      zone = new Zone.Account(r.accountId());
    }
    ParseResult parsed = PolicyParser.parse(r.policy().getBytes(StandardCharsets.UTF_8), new ResourceScope(type, r.arn()));
    // Per-account variants share their findings as they share the public answer (AccountRenaming: the
    // outside test compares account ids for equality, which the renaming keeps), the owner account
    // renamed with the rest; their words mapped to this resource's ids.
    String key = null;
    Optional<AccountRenaming> renaming = Optional.empty();
    if (dedup && zone instanceof Zone.Account owner) {
      String printed = PolicyPrinter.print(parsed.policy());
      renaming = AccountRenaming.of(parsed.policy(), printed, r.arn());
      key = type.name() + "\n" + renaming.map(x -> "renamed\n" + x.canonical(r.arn()) + "\n" + x.canonical(printed) + "\nowner "
          + (x.names(owner.id()) ? x.canonical(owner.id()) : "unnamed")).orElse("exact\n" + r.arn() + "\n" + printed + "\nowner " + owner.id());
      SharedAccess earlier = access.get(key);
      if (earlier != null) {
        List<String> words = earlier.words();
        if (earlier.renaming() != null && renaming.isPresent()) {
          AccountRenaming to = renaming.get();
          words = words.stream().map(w -> to.fromOther(w, earlier.renaming(), earlier.owner(), owner.id())).toList();
        }
        return f.withOutside(words, earlier.coverage());
      }
    }
    FindingsAnswer a = checker.findings(parsed.policy(), type, r.arn(), zone, deadline);
    List<String> words = a.findings().stream().map(x -> x.words()).toList();
    // An undecided answer is shared too: it reports possible outside access (fail closed), and the same
    // question would run out of time again.
    if (key != null) {
      access.putIfAbsent(key, new SharedAccess(words, a.coverage().name(), renaming.orElse(null), ((Zone.Account) zone).id()));
    }
    return f.withOutside(words, a.coverage().name());
  }

  /** Findings decided for a variant: their words, the variant's renaming and owner account. */
  private record SharedAccess(List<String> words, String coverage, AccountRenaming renaming, String owner) {}

  private final java.util.concurrent.ConcurrentHashMap<String, SharedAccess> access = new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether the resource is public. Never throws for bad input: that is an INVALID finding. */
  private Finding decidePublic(ResourceRecord r) {
    Optional<ResourceType> type = ResourceType.ofCloudFormationName(r.resourceType());
    String hash = r.policy() == null ? "" : sha256(r.policy());
    if (type.isEmpty()) {
      return finding(r, "INVALID", "UNKNOWN_TYPE", List.of(), null, List.of(new PolicyProblem("type", "", "UNKNOWN_TYPE", "error",
          "resource type " + r.resourceType() + " is not one of " + ResourceType.cloudFormationNames())),
          null, 0, false, hash);
    }
    if (r.policy() == null) {
      // No resource policy: nothing in it grants access to anyone.
      return finding(r, "NOT_PUBLIC", "NO_POLICY", List.of(), null, List.of(), null, 0, false, hash);
    }
    Optional<String> arnProblem = type.get().arnProblem(r.arn());
    if (arnProblem.isPresent()) {
      return finding(r, "INVALID", "INVALID_RESOURCE_ARN", List.of(), null, List.of(new PolicyProblem("arn", "", "INVALID_RESOURCE_ARN",
          "error", arnProblem.get())), null, 0, false, hash);
    }
    ParseResult parsed = PolicyParser.parse(r.policy().getBytes(StandardCharsets.UTF_8), new ResourceScope(type.get(), r.arn()));
    PolicyInput input = PolicyInput.of("policy", false, parsed);
    if (!input.valid()) {
      return finding(r, "INVALID", "INVALID_POLICY", List.of(), null, input.problems(), null, 0, false, hash);
    }
    // Per-account variants share a key when their account ids are all the difference (AccountRenaming
    // says when that keeps the answer); otherwise only the same ARN and policy text do.
    Optional<AccountRenaming> renaming = Optional.empty();
    String dedupKey = null;
    if (dedup) {
      String printed = PolicyPrinter.print(parsed.policy());
      renaming = AccountRenaming.of(parsed.policy(), printed, r.arn());
      dedupKey = type.get().name() + "\n" + renaming.map(x -> "renamed\n" + x.canonical(r.arn()) + "\n" + x.canonical(printed))
          .orElse("exact\n" + r.arn() + "\n" + printed);
      Decided earlier = decided.get(dedupKey);
      Optional<Finding> shared = earlier == null ? Optional.empty() : share(earlier, r, type.get(), parsed, renaming, input.warnings(), hash);
      if (shared.isPresent()) {
        return shared.get();
      }
    }
    PublicAccessAnswer a = checker.isPublic(parsed.policy(), type.get(), r.arn(), deadline);
    PublicAccessResponse response = PublicAccessResponse.of(a, List.of());
    List<PolicyProblem> warnings = input.warnings();
    Finding f = finding(r, response.result(), response.reason(), response.reasons(), response.witness(), warnings, response.solver(),
        a.timings().total() / 1000.0, false, hash);
    if (dedup && a.reason() == Reason.SOLVED) {
      // Only definite answers are shared; a time-out is tried again.
      decided.putIfAbsent(dedupKey, new Decided(f, a.witness().orElse(null), renaming.orElse(null)));
    }
    return f;
  }

  /** An answer decided for an identical policy (or a per-account variant of it), and how it was named. */
  private record Decided(Finding finding, Request witness, AccountRenaming renaming) {}

  /**
   * The earlier answer for this resource: NOT_PUBLIC as it is; PUBLIC with the earlier witness mapped to
   * this resource's account ids and re-checked by the reference evaluator (empty when that check fails:
   * the resource is then decided on its own).
   */
  private Optional<Finding> share(Decided earlier, ResourceRecord r, ResourceType type, ParseResult parsed, Optional<AccountRenaming> renaming,
      List<PolicyProblem> warnings, String hash) {
    Finding e = earlier.finding();
    if (!e.result().equals("PUBLIC") || earlier.renaming() == null || renaming.isEmpty()) {
      return Optional.of(finding(r, e.result(), e.reason(), e.reasons(), e.witness(), warnings, e.solver(), 0, true, hash));
    }
    Request witness = renaming.get().fromVariant(earlier.witness(), earlier.renaming());
    // The facade's own witness check (evaluator and stranger), not a second one here.
    Optional<PublicAccessAnswer> confirmed = checker.confirmPublic(parsed.policy(), type, r.arn(), witness,
        e.solver() == null ? Optional.empty() : SolverId.fromKey(e.solver()));
    if (confirmed.isEmpty()) {
      sharedWitnessRejected.incrementAndGet();
      return Optional.empty();
    }
    PublicAccessResponse response = PublicAccessResponse.of(confirmed.get(), List.of());
    return Optional.of(finding(r, "PUBLIC", e.reason(), response.reasons(), response.witness(), warnings, e.solver(), 0, true, hash));
  }

  /** Shared PUBLIC answers whose mapped witness the evaluator did not allow (decided again instead). */
  public long sharedWitnessRejected() {
    return sharedWitnessRejected.get();
  }

  private static Finding finding(ResourceRecord r, String result, String reason, List<PublicAccessResponse.Finding> reasons,
      PublicAccessResponse.Witness witness, List<PolicyProblem> problems, String solver, double millis, boolean deduplicated, String hash) {
    return new Finding(r.key(), r.accountId(), r.arn(), r.resourceType(), result, reason, reasons, witness, problems, solver,
        Math.round(millis * 100) / 100.0, deduplicated, hash, r.source());
  }

  static String sha256(String text) {
    return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
