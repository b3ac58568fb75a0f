package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.AuditDirectory;
import dev.hornbeam.audit.AuditFingerprint;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.Progress;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.audit.Survey;
import dev.hornbeam.audit.ZoneOptions;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.audit.report.Reports;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The audit, {@code hornbeam audit} and the service's audit jobs alike, as a Flink DataStream job: {@link AuditSource}
 * (NDJSON, AWS Config, directories) → {@link CheckFunction.KeyOf} (the dedup key, in parallel) → keyBy →
 * {@link CheckFunction} (dedup as keyed state) → a {@link FileSink} rolling on every checkpoint (exactly once). Runs in
 * an embedded MiniCluster (one per run, started and stopped with it) unless a session cluster is named; the reports
 * are built from the sink's finished part files (never an in-progress one) with the report classes.
 *
 * <p>{@link #run} does all of an audit: takes {@code out} ({@link AuditDirectory#lock}: one audit per directory), reads
 * every input once (an input none of whose records can be read is refused, {@link Unusable}), ties {@code out} to the
 * run's identity ({@link AuditFingerprint}: the inputs' content and the options that change answers, the zone of trust
 * among them; {@code run.json}, refused with {@link AuditDirectory.Changed} or cleared on restart), runs or resumes the
 * job, checks that no input changed meanwhile, and writes the reports.
 *
 * <p>Directory {@code out}: {@code run.json}, {@code flink/fingerprint} (the identity again, beside the checkpoints),
 * {@code flink/checkpoints/<job>/chk-N}, {@code flink/findings/} (part files, each line a self-checking line of the
 * run, {@link Journal#line}), {@code flink/done}; {@code .flink-tmp} (the embedded MiniCluster's temporary directories
 * while it runs, {@link EmbeddedCluster}); {@code journal.ndjson} (the finished part files in order) and the reports. A run started again
 * resumes from the newest complete checkpoint, found here. A finished output whose lines do not all verify, or that
 * misses resources, is never reported from: the run is audited afresh.
 */
public final class FlinkAudit {
  static final String WORK = AuditDirectory.WORK;
  static final String FINGERPRINT = "fingerprint";
  static final String CHECKPOINTS = "checkpoints";
  static final String FINDINGS = "findings";
  static final String DONE = "done";
  /**
   * The embedded MiniCluster's temporary directories (working directory, blobs, I/O, shuffle, web UI), under {@code out}
   * beside the job's directory (which a restart may empty while the MiniCluster starts).
   */
  static final String TMP = ".flink-tmp";

  static Path tmp(Path out) {
    return out.resolve(TMP);
  }

  /**
   * Whether this run starts its own MiniCluster: not on a session cluster, and not under Flink's own client
   * ({@code flink run}), whose execution environment is not a local one.
   */
  private static boolean embedded(Options o) {
    return o.cluster() == null && StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
  }
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  private FlinkAudit() {}

  /**
   * @param format ndjson, config or dir, or null to detect per input
   * @param workersPerSolver solver workers per solver in the checker (embedded: the one checker the run starts when it
   *     is given none; on a cluster: each subtask's); null: the portfolio's default
   * @param parallelism subtasks of the check (the source reads the inputs in order, on one subtask); embedded, the
   *     checks in flight on the shared checker
   * @param restart discard a run of other inputs or changed content in {@code out} and audit afresh (else it is refused)
   * @param cluster {@code host:port} of a session cluster's REST endpoint, or null for the embedded MiniCluster
   * @param jar the jar shipped to a session cluster (null: the jar this class was loaded from)
   * @param shown the inputs as the reports and messages name them (null: as given)
   * @param outName how {@code out} is named in messages ({@code --out DIR}, {@code job ID})
   * @param version Hornbeam's version, for the reports
   */
  public record Options(List<Path> inputs, @Nullable String format, long maxRecordBytes, long deadlineMillis, @Nullable Integer workersPerSolver,
      String strategy, boolean dedup, int parallelism, Path out, boolean restart, Duration checkpointInterval, @Nullable String cluster,
      @Nullable Path jar, @Nullable Zone.Organization zone, @Nullable List<String> shown, String outName, String version) {
    public Options {
      inputs = List.copyOf(inputs);
      shown = shown == null ? null : List.copyOf(shown);
    }

    public static Options of(List<Path> inputs, Path out) {
      return new Options(inputs, null, Inputs.DEFAULT_MAX_RECORD_BYTES, 10_000, null, "auto", true,
          Runtime.getRuntime().availableProcessors(), out, false, Duration.ofSeconds(1), null, null, null, null, "--out " + out, "hornbeam");
    }

    public Options withParallelism(int p) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, p, out, restart, checkpointInterval,
          cluster, jar, zone, shown, outName, version);
    }

    public Options withWorkers(@Nullable Integer w) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, w, strategy, dedup, parallelism, out, restart, checkpointInterval,
          cluster, jar, zone, shown, outName, version);
    }

    public Options withRestart(boolean r) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, r, checkpointInterval,
          cluster, jar, zone, shown, outName, version);
    }

    /** The zone of trust: an organization, or null for each resource's own account (the default). */
    public Options withZone(@Nullable Zone.Organization z) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, checkpointInterval,
          cluster, jar, z, shown, outName, version);
    }

    public Options withCheckpointInterval(Duration d) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, d,
          cluster, jar, zone, shown, outName, version);
    }

    /** How the reading and the checks are done: format, record bound, deadline, strategy, dedup. */
    public Options withChecks(@Nullable String f, long maxRecord, long deadline, String strat, boolean dd) {
      return new Options(inputs, f, maxRecord, deadline, workersPerSolver, strat, dd, parallelism, out, restart, checkpointInterval,
          cluster, jar, zone, shown, outName, version);
    }

    /** A session cluster's REST endpoint ({@code host:port}), or null for the embedded MiniCluster. */
    public Options withCluster(@Nullable String c) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, checkpointInterval,
          c, jar, zone, shown, outName, version);
    }

    /** How the inputs and {@code out} are named in reports and messages, and the version the reports give. */
    public Options withNames(@Nullable List<String> s, String o, String v) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, checkpointInterval,
          cluster, jar, zone, s, o, v);
    }

    /** The options that change answers (the same whoever runs the audit, so the identities agree). */
    public Map<String, String> identity() {
      return ZoneOptions.identity(Map.of("format", format == null ? "auto" : format, "deadlineMillis", Long.toString(deadlineMillis),
          "maxRecordBytes", Long.toString(maxRecordBytes)), zone);
    }

    List<String> names() {
      return shown != null ? shown : inputs.stream().map(Path::toString).toList();
    }
  }

  /**
   * What a run did.
   *
   * @param outside resources not public but shared outside their zone of trust
   * @param restoredFrom the checkpoint the job resumed from, or null
   * @param ranJob false when the job had finished in an earlier run (only the reports were written)
   * @param seconds this call's time; {@code jobSeconds} the job's own (Flink's net runtime, 0 when it did not run)
   */
  public record Outcome(String identity, long resources, long publicCount, long invalid, long outside, List<BadRecord> bad,
      @Nullable Path restoredFrom, boolean ranJob, double seconds, double jobSeconds) {}

  /** An input changed while it was audited: the findings are not reported (CLI exit 2). */
  public static final class ChangedInput extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ChangedInput(String message) {
      super(message);
    }
  }

  /** Inputs none of whose records can be read (CLI exit 2): one problem per such input, naming it. */
  public static final class Unusable extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    Unusable(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** What a run tells while it runs: its progress, and notes for the user (resumed, audited afresh, …). */
  @FunctionalInterface
  public interface Listener {
    /** Every {@link #PROGRESS_EVERY} while the job runs, and once at the end ({@code last}: every resource, the reports' counts). */
    void progress(Progress p, boolean last);

    default void note(String text) {}
  }

  /** Runs (or resumes) the audit and writes the reports into {@code out}. */
  public static Outcome run(Options o) throws Exception {
    return run(o, null, (p, last) -> { });
  }

  public static Outcome run(Options o, Listener listener) throws Exception {
    return run(o, null, listener);
  }

  /** The checkpoint interval once every input has been read (the job's tail). */
  static final Duration TAIL_CHECKPOINTS = Duration.ofMillis(200);

  /** How often a running job's progress is read from the sink's directory. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /**
   * Runs (or resumes) the audit and writes the reports into {@code out}, telling {@code listener} the progress while the
   * job runs (every {@link #PROGRESS_EVERY}, from the sink's output: {@link SinkProgress}) and once at the end.
   *
   * @param checker embedded, the checker every check subtask uses (the caller's: the service's); null starts one for
   *     the run from the options ({@code strategy}, {@code workersPerSolver}) and closes it at the end. Unused on a cluster.
   * @throws IllegalArgumentException {@code out} is a file, or busy ({@link AuditDirectory.Busy}), or holds another audit
   *     ({@link AuditDirectory.Changed}); an input cannot be opened, or is {@link Unusable}
   * @throws ChangedInput an input changed while it was audited
   * @throws InterruptedException the thread was interrupted: the job is cancelled, its checkpoints kept (resumed next time)
   */
  public static Outcome run(Options o, @Nullable PolicyChecker checker, Listener listener) throws Exception {
    return run(o, checker, null, listener);
  }

  /**
   * As {@link #run(Options, PolicyChecker, Listener)}, on {@code shared} (a MiniCluster the caller keeps for its runs and
   * closes) when it has the slots the run needs; else on the run's own.
   */
  public static Outcome run(Options o, @Nullable PolicyChecker checker, @Nullable EmbeddedCluster shared, Listener listener) throws Exception {
    long start = System.nanoTime();
    List<AuditInput> opened = new ArrayList<>();
    List<String> names = o.names();
    for (Path p : o.inputs()) {
      opened.add(Inputs.open(p, Optional.ofNullable(o.format()), o.maxRecordBytes()));
    }
    try (AuditDirectory.Lock lock = AuditDirectory.lock(o.out(), o.outName())) {
      // One pass: an input none of whose records can be read is refused, naming it; the unreadable records go to the reports.
      List<String> problems = new ArrayList<>();
      List<BadRecord> bad = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < opened.size(); i++) {
        long[] n = {0};
        List<BadRecord> unreadable = new ArrayList<>();
        opened.get(i).read(r -> n[0]++, unreadable::add);
        Survey survey = new Survey(names.get(i), n[0], unreadable.size(), unreadable.isEmpty() ? null : unreadable.get(0));
        if (survey.unusable()) {
          problems.add(survey.problem(names.get(i)));
        }
        total += n[0];
        bad.addAll(unreadable);
      }
      if (!problems.isEmpty()) {
        throw new Unusable(problems);
      }
      // The inputs are usable: the run's own MiniCluster starts now, beside the fingerprint, the directory's checks and
      // the checker's start (a refused run then pays little for it).
      try (EmbeddedCluster own = embedded(o) && (shared == null || shared.slots() < o.parallelism())
          ? EmbeddedCluster.start(tmp(o.out()), o.parallelism()) : null) {
        return audit(o, checker, own != null ? own : embedded(o) ? shared : null, listener, start, names, total, bad);
      }
    }
  }

  private static Outcome audit(Options o, @Nullable PolicyChecker checker, @Nullable EmbeddedCluster cluster, Listener listener, long start,
      List<String> names, long total, List<BadRecord> bad) throws Exception {
    {
      AuditFingerprint fingerprint = AuditFingerprint.of(o.inputs(), o.identity(), o.maxRecordBytes());
      List<String> absolute = o.inputs().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
      // A directory of other inputs or changed content is refused, or cleared (its job directory with it) on restart.
      AuditDirectory.Run run = AuditDirectory.open(o.out(), absolute, o.format(), fingerprint,
          o.restart() ? AuditDirectory.OnChange.RESTART : AuditDirectory.OnChange.REFUSE, o.outName());
      Path work = o.out().resolve(WORK);
      // run.json is the authority; a job directory of another identity beside it (left by an older version) is discarded.
      Path recorded = work.resolve(FINGERPRINT);
      boolean stale = Files.exists(work)
          && !(Files.exists(recorded) && Files.readString(recorded, StandardCharsets.UTF_8).trim().equals(fingerprint.value()));
      prepare(work, fingerprint.value(), stale);
      CompletableFuture<PolicyChecker> ownChecker = null;
      CompletableFuture<PolicyChecker> sharedChecker = null;
      String token = null;
      Map<String, String> versions = new LinkedHashMap<>();
      try {
        if (o.cluster() == null) {
          if (checker == null) {
            // Started beside the MiniCluster (each takes a second or more): the check subtasks wait for it in open().
            ownChecker = new CompletableFuture<>();
            CompletableFuture<PolicyChecker> starting = ownChecker;
            Thread t = new Thread(() -> {
              try {
                starting.complete(startChecker(o));
              } catch (Throwable e) {
                starting.completeExceptionally(e);
              }
            }, "audit-checker-start");
            t.setDaemon(true);
            t.start();
            sharedChecker = ownChecker;
          } else {
            sharedChecker = CompletableFuture.completedFuture(checker);
          }
          token = LocalCheckers.register(sharedChecker);
        }
        Job job = job(o, cluster, work, fingerprint, total, bad.size(), token, listener);
        long[] counts = finish(o, work, fingerprint, total);
        if (counts == null) {
          // Lines of the finished output that do not verify (damaged, edited, another run's) or resources missing from
          // it: never reported from. The output is discarded and the inputs audited afresh.
          listener.note(damagedNote);
          AuditDirectory.deleteTree(work);
          prepare(work, fingerprint.value(), false);
          job = job(o, cluster, work, fingerprint, total, bad.size(), token, listener);
          counts = finish(o, work, fingerprint, total);
          if (counts == null) {
            throw new IllegalStateException("the audit's output does not verify right after the job wrote it");
          }
        }
        if (!AuditFingerprint.of(o.inputs(), o.identity(), o.maxRecordBytes()).equals(fingerprint)) {
          throw new ChangedInput("an input changed while it was audited; the findings are not reported."
              + " Run again with --restart once the inputs are stable");
        }
        if (sharedChecker != null) {
          sharedChecker.get(60, TimeUnit.SECONDS).portfolio().versions().forEach((SolverId id, String v) -> versions.put(id.key(), v));
        }
        long resumed = job.resumed() < 0 ? counts[0] : Math.min(job.resumed(), counts[0]);
        listener.progress(new Progress(counts[0], counts[0], counts[1], counts[2], bad.size(), resumed, 0), true);
        Reports.write(o.out(), fingerprint.value(), bad, new RunInfo(names, run.startedAt(), Instant.now().toString(), o.version(), versions,
            run.resumed()));
        AuditDirectory.finish(o.out(), run);
        return new Outcome(fingerprint.value(), counts[0], counts[1], counts[2], counts[3], List.copyOf(bad), job.restoredFrom(), job.ran(),
            (System.nanoTime() - start) / 1e9, job.seconds());
      } finally {
        if (token != null) {
          LocalCheckers.remove(token);
        }
        if (ownChecker != null) {
          try {
            ownChecker.get(60, TimeUnit.SECONDS).close();
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // it never started: nothing to close
          }
        }
      }
    }
  }

  private static final String damagedNote = "the audit's finished output holds lines that do not verify and are not trusted"
      + " (damaged, edited or of another run), or misses resources; it is discarded and the inputs are audited afresh";

  /** The checker an embedded run starts when it is given none. */
  private static PolicyChecker startChecker(Options o) {
    PortfolioConfig.Builder config = PortfolioConfig.defaults().toBuilder();
    config.strategy(Strategy.fromKey(o.strategy()).orElseThrow(() -> new IllegalArgumentException("unknown strategy " + o.strategy())));
    if (o.workersPerSolver() != null) {
      config.workersPerSolver(o.workersPerSolver());
    }
    return PolicyChecker.start(config.build(), new SimpleMeterRegistry());
  }

  /** What running (or not running) the job did: {@code resumed} findings committed before it started (-1: it did not run). */
  private record Job(@Nullable Path restoredFrom, boolean ran, double seconds, long resumed) {}

  /** Runs the job unless it finished in an earlier run, resuming from the newest complete checkpoint. */
  private static Job job(Options o, @Nullable EmbeddedCluster cluster, Path work, AuditFingerprint fingerprint, long total, long bad,
      @Nullable String token, Listener listener) throws Exception {
    if (Files.exists(work.resolve(DONE))) {
      return new Job(null, false, 0, -1);
    }
    Path restore = newestCheckpoint(work.resolve(CHECKPOINTS)).orElse(null);
    if (restore == null && Files.exists(work.resolve(FINDINGS))) {
      // Without a checkpoint nothing in the sink's directory belongs to the state the job starts from (a run killed
      // after its job finished, which discards its checkpoints, and before it wrote "done"): the job starts afresh.
      AuditDirectory.deleteTree(work.resolve(FINDINGS));
    }
    if (restore != null) {
      listener.note("resumed from checkpoint " + restore.getFileName() + " of an earlier run");
    }
    String name = "hornbeam audit " + fingerprint.value().substring(0, 12);
    if (o.cluster() != null) {
      refuseWhileRunning(o.cluster(), name, o.out());
    }
    StreamExecutionEnvironment env = environment(o, work, restore);
    build(env, o, work, fingerprint.value(), token);
    SinkProgress watch = new SinkProgress(work.resolve(FINDINGS), total, bad);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> {
      try {
        listener.progress(watch.poll(), false);
      } catch (IOException | RuntimeException e) {
        // progress is for the eye: a directory read that failed is tried again on the next tick
      }
    }, 0, PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    double seconds;
    try {
      JobClient client;
      if (cluster != null) {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        if (restore != null) {
          graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restore.toUri().toString(), false));
        }
        client = cluster.submit(graph);
      } else {
        try {
          client = env.executeAsync(name); // a session cluster, or the environment of Flink's own client (flink run)
        } catch (Exception e) {
          if (discarded(restore)) {
            return vanished(o, cluster, work, fingerprint, total, bad, token, listener, restore);
          }
          throw e;
        }
      }
      try {
        seconds = client.getJobExecutionResult().get().getNetRuntime() / 1000.0;
      } catch (java.util.concurrent.ExecutionException e) {
        if (discarded(restore)) {
          return vanished(o, cluster, work, fingerprint, total, bad, token, listener, restore);
        }
        throw e;
      } catch (InterruptedException e) {
        // Stopped (the service shuts down): the job is cancelled, its checkpoints kept, and resumed next time.
        try {
          client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // it ended on its own meanwhile, or the cluster is gone
        }
        throw e;
      }
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(10, TimeUnit.SECONDS);
    }
    write(work.resolve(DONE), fingerprint.value());
    // A finished run is never resumed (DONE): its part files are the result. Its checkpoints are not deleted here:
    // Flink discards a finished job's checkpoints itself, after the job's result is out (its cleanup runs on), and
    // deleting them beside it made the JobMaster fail its own cleanup ("Error while shutting down checkpoint
    // services", logged at ERROR). What is left is empty directories, removed with the run (--restart, retention).
    return new Job(restore, true, seconds, watch.resumed());
  }

  /**
   * The checkpoint chosen to resume from was discarded by the cluster between the choice and the job's start (seen: a
   * job cancelled as it committed its last findings, its subsumed checkpoint removed just after it was listed): the
   * job runs again from the newest checkpoint that is left, or afresh. Each retry follows a checkpoint that vanished,
   * so they end.
   */
  private static Job vanished(Options o, @Nullable EmbeddedCluster cluster, Path work, AuditFingerprint fingerprint, long total, long bad,
      @Nullable String token, Listener listener, Path restore) throws Exception {
    listener.note("checkpoint " + restore.getFileName() + " was discarded before the job could start from it; looking again");
    return job(o, cluster, work, fingerprint, total, bad, token, listener);
  }

  /** Whether the checkpoint the job was to resume from is gone (its {@code _metadata} removed by the cluster). */
  private static boolean discarded(@Nullable Path restore) {
    return restore != null && !Files.exists(restore.resolve("_metadata"));
  }

  /** {@code host:port} of a session cluster's REST endpoint, split. */
  private static String[] hostPort(String cluster) {
    return cluster.split(":", 2);
  }

  /**
   * Refuses to submit while the session cluster still runs a job of this run (same name: same inputs' fingerprint),
   * as it does after the client that submitted it was killed: a second job resumed beside it would write the same
   * resources' lines into the same directory. The user cancels it ({@code flink cancel ID}) or lets it finish and runs
   * again; a cluster that cannot be asked is an error, not a go-ahead.
   */
  static void refuseWhileRunning(String cluster, String name, Path out) throws Exception {
    String[] hostPort = hostPort(cluster);
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, hostPort[0]);
    conf.set(RestOptions.PORT, Integer.parseInt(hostPort[1]));
    try (RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance())) {
      for (JobStatusMessage job : client.listJobs().get(60, TimeUnit.SECONDS)) {
        if (job.getJobName().equals(name) && !job.getJobState().isGloballyTerminalState()) {
          throw new AuditDirectory.Busy("the cluster at " + cluster + " still runs this audit's job " + job.getJobId() + " (" + name + ", "
              + job.getJobState() + "), probably left by a client that was stopped; it writes into " + out + ". Wait for it to end or"
              + " cancel it (flink cancel " + job.getJobId() + "), then run again");
        }
      }
    }
  }

  /**
   * Writes {@code journal.ndjson} from the finished part files and counts it: {resources, public, invalid, outside}; or
   * null when a line does not verify or a resource is missing (the caller audits afresh).
   */
  private static long @Nullable [] finish(Options o, Path work, AuditFingerprint fingerprint, long expected) throws IOException {
    Path journal = o.out().resolve(Journal.FILE);
    Path tmp = o.out().resolve(Journal.FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      for (Path part : finishedParts(work.resolve(FINDINGS))) {
        try (InputStream in = Files.newInputStream(part)) {
          in.transferTo(out);
        }
      }
    }
    Files.move(tmp, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long[] counts = new long[4];
    long[] damaged = {0};
    Journal.read(journal, fingerprint.value(), f -> {
      counts[0]++;
      if (f.result().equals("PUBLIC")) {
        counts[1]++;
      } else if (f.result().equals("INVALID")) {
        counts[2]++;
      } else if (f.result().equals("NOT_PUBLIC") && f.outsideAccess()) {
        counts[3]++;
      }
    }, d -> damaged[0]++);
    return damaged[0] > 0 || counts[0] != expected ? null : counts;
  }

  /**
   * Ties {@code work} to the run's identity: a new directory gets the fingerprint before any checkpoint; one
   * holding another identity (or none) is refused. {@code restart} empties it first (as {@code hornbeam audit --restart}).
   */
  static void prepare(Path work, String identity, boolean restart) throws IOException {
    Path file = work.resolve(FINGERPRINT);
    if (restart && Files.exists(work)) {
      AuditDirectory.deleteTree(work);
    }
    if (Files.exists(work)) {
      String recorded = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
      if (!identity.equals(recorded)) {
        throw new ChangedInput(work + " holds a run of other inputs or options (" + (recorded == null ? "no fingerprint" : "fingerprint "
            + recorded.substring(0, Math.min(12, recorded.length()))) + ", now " + identity.substring(0, 12)
            + "); its checkpoints are not resumed. Run again with --restart to discard it and audit afresh");
      }
    }
    Files.createDirectories(work);
    if (!Files.exists(file)) {
      write(file, identity);
    }
  }

  /** The newest complete checkpoint ({@code chk-N} with its {@code _metadata}) under {@code checkpoints}, across jobs. */
  static Optional<Path> newestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> chks = Files.list(job)) {
          chks.filter(c -> CHK.matcher(c.getFileName().toString()).matches()).filter(c -> {
            Path meta = c.resolve("_metadata");
            try {
              return Files.isRegularFile(meta) && Files.size(meta) > 0;
            } catch (IOException e) {
              return false;
            }
          }).forEach(found::add);
        }
      }
    }
    return found.stream().max(Comparator.<Path>comparingLong(c -> {
      Matcher m = CHK.matcher(c.getFileName().toString());
      m.matches();
      return Long.parseLong(m.group(1));
    }).thenComparingLong(c -> {
      try {
        return Files.getLastModifiedTime(c.resolve("_metadata")).toMillis();
      } catch (IOException e) {
        return 0;
      }
    }));
  }

  /** The sink's finished part files, by name: in-progress and pending files (hidden, {@code .part-…}) are never read. */
  static List<Path> finishedParts(Path findings) throws IOException {
    if (!Files.isDirectory(findings)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(findings)) {
      return s.filter(p -> {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && name.startsWith("part-") && name.endsWith(".ndjson") && Files.isRegularFile(p);
      }).sorted().toList();
    }
  }

  static StreamExecutionEnvironment environment(Options o, Path work, @Nullable Path restore) {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    // The interval while inputs are read; once every input is read (the source says it has no backlog), checkpoints come
    // at most every 200 ms, so the final checkpoints that commit the last part files do not wait a whole interval each.
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG, o.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval().compareTo(TAIL_CHECKPOINTS) < 0 ? o.checkpointInterval() : TAIL_CHECKPOINTS);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    // The check is slow and the source fast: aligned barriers would wait behind every buffered record (measured:
    // the first checkpoint of a 10,000-resource run came after 17 s, once the buffers had drained). Unaligned
    // checkpoints store the records in flight with the checkpoint instead.
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve(CHECKPOINTS).toUri().toString());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, o.parallelism());
    if (restore != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.toUri().toString());
    }
    if (o.cluster() == null) {
      // Embedded, a failed task fails the run: started again, it resumes from the newest checkpoint. On a session
      // cluster the cluster's restart strategy applies (restart-strategy.* in its config.yaml): a lost TaskManager's
      // tasks restart from the newest checkpoint on the slots left, within the same job.
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      // The MiniCluster's temporary directories go under --out (by default they are /tmp/minicluster_*, blobStore-*,
      // flink-io-*, flink-netty-shuffle-*, flink-web-*, …): a killed run leaves nothing behind elsewhere, and the
      // next run in --out removes what it left.
      String tmp = tmp(o.out()).toAbsolutePath().toString();
      conf.set(CoreOptions.TMP_DIRS, tmp);
      conf.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, tmp);
      conf.set(BlobServerOptions.STORAGE_DIRECTORY, tmp);
      conf.set(WebOptions.TMP_DIR, tmp);
      return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }
    String[] hostPort = hostPort(o.cluster());
    Path jar = o.jar() != null ? o.jar() : Path.of(jarOf(FlinkAudit.class));
    return StreamExecutionEnvironment.createRemoteEnvironment(hostPort[0], Integer.parseInt(hostPort[1]), conf, jar.toString());
  }

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void build(StreamExecutionEnvironment env, Options o, Path work, String identity, @Nullable String localChecker) {
    env.setParallelism(o.parallelism());
    env.setMaxParallelism(128);
    TypeInformation<ResourceRecord> records = TypeInformation.of(ResourceRecord.class);
    FileSink<String> sink = FileSink.forRowFormat(new org.apache.flink.core.fs.Path(work.resolve(FINDINGS).toUri()),
            new SimpleStringEncoder<String>("UTF-8"))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".ndjson").build())
        .build();
    env.fromSource(new AuditSource(o.inputs(), o.format(), o.maxRecordBytes()), WatermarkStrategy.noWatermarks(), "audit inputs", records)
        .setParallelism(1).uid("audit-inputs")
        .rebalance()
        .map(new CheckFunction.KeyOf(o.dedup())).returns(TypeInformation.of(Work.class)).uid("dedup-key").name("dedup key")
        .keyBy(Work::key, Types.STRING)
        .process(new CheckFunction(identity, o.deadlineMillis(), o.strategy(), o.workersPerSolver(), o.dedup(), o.zone(), localChecker))
        .returns(Types.STRING).uid("check").name("check")
        .sinkTo(sink).uid("findings").name("findings");
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Flink and Pekko log at INFO by the service's logback.xml: warnings only for a command-line audit. */
  public static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext c) {
      for (String name : List.of("org.apache.flink", "org.apache.pekko", "org.apache.flink.shaded")) {
        c.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
      }
      // Warnings every bounded run gives: checkpoints declined by finishing tasks, or skipped for the next one in the
      // job's tail (200 ms apart), the sink committers' metric names, no Hadoop delegation tokens, no log file for the web UI.
      for (String name : List.of("org.apache.flink.runtime.checkpoint.CheckpointFailureManager", "org.apache.flink.metrics.MetricGroup",
          "org.apache.flink.streaming.runtime.io.checkpointing.SingleCheckpointBarrierHandler",
          "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager", "org.apache.flink.runtime.webmonitor.WebMonitorUtils")) {
        c.getLogger(name).setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }
}
