package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.Decider;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import dev.hornbeam.portfolio.worker.WorkerMain;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides each resource, keyed by its dedup key: with the {@link PolicyChecker} of the JVM that runs the embedded job
 * ({@link LocalCheckers}), or on a cluster one checker per parallel subtask (started in {@link #open}, closed in
 * {@link #close}); the answer decided under a key is kept in keyed state (checkpointed with the job) and shared with
 * every later resource under that key. Emits each finding as a self-checking line of the run ({@link Journal#line}).
 */
public final class CheckFunction extends KeyedProcessFunction<String, Work, String> {
  private static final long serialVersionUID = 1L;

  private final String identity;
  private final long deadlineMillis;
  private final String strategy;
  private final @Nullable Integer workersPerSolver;
  private final boolean dedup;
  /** The organization zone's id and accounts (Zone is not serializable), or null for each resource's own account. */
  private final @Nullable String orgId;
  private final @Nullable ArrayList<String> orgAccounts;
  /** The embedded run's shared checker ({@link LocalCheckers}), or null on a cluster. */
  private final @Nullable String localChecker;
  private transient PolicyChecker checker;
  private transient boolean ownChecker;
  private transient Decider decider;
  private transient ValueState<String> decided;

  public CheckFunction(String identity, long deadlineMillis, String strategy, @Nullable Integer workersPerSolver, boolean dedup,
      @Nullable Zone.Organization zone, @Nullable String localChecker) {
    this.identity = identity;
    this.localChecker = localChecker;
    this.deadlineMillis = deadlineMillis;
    this.strategy = strategy;
    this.workersPerSolver = workersPerSolver;
    this.dedup = dedup;
    this.orgId = zone == null ? null : zone.orgId();
    this.orgAccounts = zone == null ? null : new ArrayList<>(zone.accounts());
  }

  @Override
  public void open(OpenContext context) throws Exception {
    decided = getRuntimeContext().getState(new ValueStateDescriptor<>("decided", Types.STRING));
    Optional<java.util.concurrent.CompletableFuture<PolicyChecker>> shared = localChecker == null ? Optional.empty() : LocalCheckers.find(localChecker);
    if (shared.isPresent()) {
      checker = shared.get().get(60, java.util.concurrent.TimeUnit.SECONDS);
      checker.portfolio().awaitReady(Duration.ofSeconds(60));
      decider = new Decider(checker, Duration.ofMillis(deadlineMillis)).zone(orgId == null ? null : new Zone.Organization(orgId, orgAccounts));
      return;
    }
    PortfolioConfig.Builder config = PortfolioConfig.defaults().toBuilder();
    config.strategy(Strategy.fromKey(strategy).orElseThrow(() -> new IllegalArgumentException("unknown strategy " + strategy)));
    if (workersPerSolver != null) {
      config.workersPerSolver(workersPerSolver);
    }
    workerClasspath().ifPresent(cp -> {
      WorkerLaunch d = WorkerLaunch.defaults();
      config.launch(new WorkerLaunch(d.java(), cp, d.mainClass(), d.heapMb(), d.nativeMemoryMb(), d.jvmOptions(), d.tempRoot()));
    });
    checker = PolicyChecker.start(config.build(), new SimpleMeterRegistry());
    ownChecker = true;
    checker.portfolio().awaitReady(Duration.ofSeconds(60));
    decider = new Decider(checker, Duration.ofMillis(deadlineMillis)).zone(orgId == null ? null : new Zone.Organization(orgId, orgAccounts));
  }

  /**
   * On a session cluster the job's classes come from the submitted jar (a user-code class loader), not from the
   * task manager's class path, which the solver workers are started with by default: they are then started
   * with the jar the worker's class was loaded from. Embedded, the default stands.
   */
  static Optional<String> workerClasspath() {
    if (WorkerMain.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
      return Optional.empty();
    }
    try {
      java.nio.file.Path jar = java.nio.file.Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!jar.toString().contains(java.io.File.pathSeparator)) {
        return Optional.of(jar.toString());
      }
      // A task manager's blob directory is named host:port: a class path cannot hold that name, a link to it can.
      java.nio.file.Path link = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
          "hornbeam-worker-" + Integer.toHexString(jar.toString().hashCode()) + ".jar");
      if (!java.nio.file.Files.isSymbolicLink(link)) {
        try {
          java.nio.file.Files.createSymbolicLink(link, jar);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // another subtask made it
        }
      }
      return Optional.of(link.toString());
    } catch (java.net.URISyntaxException | java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void processElement(Work work, Context context, Collector<String> out) throws Exception {
    out.collect(Journal.line(identity, decide(work.record())));
  }

  private Finding decide(ResourceRecord r) throws Exception {
    Decider.Step step = Decider.prepare(r, dedup);
    if (step instanceof Decider.Done done) {
      return done.finding();
    }
    Decider.ToCheck c = (Decider.ToCheck) step;
    String earlier = dedup ? decided.value() : null;
    if (earlier != null) {
      Optional<Finding> shared = decider.share(Decider.Decided.decode(earlier), c);
      if (shared.isPresent()) {
        return shared.get();
      }
    }
    Decider.Checked checked = decider.check(c);
    if (earlier == null && checked.remember().isPresent()) {
      decided.update(checked.remember().get().encode());
    }
    return checked.finding();
  }

  @Override
  public void close() {
    if (checker != null && ownChecker) {
      checker.close();
    }
  }

  /** The key each resource is partitioned by (parses the policy: run in parallel before the shuffle). */
  public static final class KeyOf extends RichMapFunction<ResourceRecord, Work> {
    private static final long serialVersionUID = 1L;
    private final boolean dedup;

    public KeyOf(boolean dedup) {
      this.dedup = dedup;
    }

    @Override
    public Work map(ResourceRecord r) {
      if (dedup && Decider.prepare(r, true) instanceof Decider.ToCheck c) {
        return new Work(c.dedupKey(), r);
      }
      return new Work("resource\n" + r.key(), r);
    }
  }
}
