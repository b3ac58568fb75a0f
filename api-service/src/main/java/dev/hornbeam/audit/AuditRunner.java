package dev.hornbeam.audit;

import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.policy.Hashes;
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

  private final int parallelism;
  private final boolean dedup;
  private final Decider decider;

  /**
   * The audit's zone of trust: an organization, or null for each resource's own account (the default).
   * Part of the audit's identity (a changed zone changes answers).
   */
  public AuditRunner zone(dev.hornbeam.policy.findings.Zone.Organization organization) {
    decider.zone(organization);
    return this;
  }
  private final Map<String, Decider.Decided> decided = new ConcurrentHashMap<>();

  public AuditRunner(PolicyChecker checker, Duration deadline, int parallelism, boolean dedup) {
    this.parallelism = Math.max(1, parallelism);
    this.dedup = dedup;
    this.decider = new Decider(checker, deadline);
  }

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

  /** The finding for one resource. Never throws for bad input: that is an INVALID finding. */
  Finding decide(ResourceRecord r) {
    Decider.Step step = Decider.prepare(r, dedup);
    if (step instanceof Decider.Done done) {
      return done.finding();
    }
    Decider.ToCheck c = (Decider.ToCheck) step;
    if (dedup) {
      Decider.Decided earlier = decided.get(c.dedupKey());
      Optional<Finding> shared = earlier == null ? Optional.empty() : decider.share(earlier, c);
      if (shared.isPresent()) {
        return shared.get();
      }
    }
    Decider.Checked checked = decider.check(c);
    checked.remember().ifPresent(d -> decided.putIfAbsent(c.dedupKey(), d));
    return checked.finding();
  }

  /** Shared PUBLIC answers whose mapped witness the evaluator did not allow (decided again instead). */
  public long sharedWitnessRejected() {
    return decider.sharedWitnessRejected();
  }

  static String sha256(String text) {
    return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
