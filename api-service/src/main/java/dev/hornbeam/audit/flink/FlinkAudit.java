package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.AuditFingerprint;
import dev.hornbeam.audit.AuditRunner;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.audit.ZoneOptions;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.audit.report.Reports;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
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
 * The audit as a Flink DataStream job: {@link AuditSource} (the same inputs as {@link dev.hornbeam.audit.AuditRunner}) →
 * {@link CheckFunction.KeyOf} (the dedup key, in parallel) → keyBy → {@link CheckFunction} (dedup as keyed
 * state, one checker per subtask) → a {@link FileSink} rolling on every checkpoint (exactly once). Runs in an
 * embedded MiniCluster unless a session cluster is named; the reports are built from the sink's finished part
 * files (never an in-progress one) with the existing report classes.
 *
 * <p>Directory {@code out}: {@code flink/fingerprint} (the run's identity: the inputs' content and the options
 * that change answers, the zone of trust among them, {@link AuditFingerprint}), {@code flink/checkpoints/<job>/chk-N}, {@code flink/findings/}
 * (part files, each line a journal line of the run), {@code flink/tmp} (the embedded MiniCluster's temporary
 * directories while it runs), {@code flink/done}; and the reports with
 * {@code journal.ndjson}. A run started again resumes from the newest complete checkpoint, found here, and only
 * when the fingerprint beside the checkpoints is the inputs' now: with a changed input it refuses
 * ({@link ChangedInput}) unless told to restart, which discards the old run.
 */
public final class FlinkAudit {
  static final String WORK = "flink";
  static final String FINGERPRINT = "fingerprint";
  static final String CHECKPOINTS = "checkpoints";
  static final String FINDINGS = "findings";
  static final String DONE = "done";
  /** The embedded MiniCluster's temporary directories (working directory, blobs, I/O, shuffle, web UI). */
  static final String TMP = "tmp";
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  private FlinkAudit() {}

  /**
   * @param format ndjson, config or dir, or null to detect per input
   * @param workersPerSolver solver workers per solver in each subtask's checker (null: the portfolio's default)
   * @param parallelism subtasks of the check (the source reads the inputs in order, on one subtask)
   * @param cluster {@code host:port} of a session cluster's REST endpoint, or null for the embedded MiniCluster
   * @param jar the jar shipped to a session cluster (null: the jar this class was loaded from)
   */
  public record Options(List<Path> inputs, @Nullable String format, long maxRecordBytes, long deadlineMillis, @Nullable Integer workersPerSolver,
      String strategy, boolean dedup, int parallelism, Path out, boolean restart, Duration checkpointInterval, @Nullable String cluster,
      @Nullable Path jar, @Nullable Zone.Organization zone) {
    public Options {
      inputs = List.copyOf(inputs);
    }

    public static Options of(List<Path> inputs, Path out) {
      return new Options(inputs, null, Inputs.DEFAULT_MAX_RECORD_BYTES, 10_000, null, "auto", true,
          Runtime.getRuntime().availableProcessors(), out, false, Duration.ofSeconds(1), null, null, null);
    }

    public Options withParallelism(int p) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, p, out, restart, checkpointInterval,
          cluster, jar, zone);
    }

    public Options withWorkers(int w) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, w, strategy, dedup, parallelism, out, restart, checkpointInterval,
          cluster, jar, zone);
    }

    public Options withRestart(boolean r) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, r, checkpointInterval,
          cluster, jar, zone);
    }

    /** The zone of trust: an organization, or null for each resource's own account (the default). */
    public Options withZone(@Nullable Zone.Organization z) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, checkpointInterval,
          cluster, jar, z);
    }

    public Options withCheckpointInterval(Duration d) {
      return new Options(inputs, format, maxRecordBytes, deadlineMillis, workersPerSolver, strategy, dedup, parallelism, out, restart, d,
          cluster, jar, zone);
    }

    /** The options that change answers: the same as {@code hornbeam audit}'s, so the identities agree. */
    Map<String, String> identity() {
      return ZoneOptions.identity(Map.of("format", format == null ? "auto" : format, "deadlineMillis", Long.toString(deadlineMillis),
          "maxRecordBytes", Long.toString(maxRecordBytes)), zone);
    }
  }

  /**
   * What a run did.
   *
   * @param restoredFrom the checkpoint the job resumed from, or null
   * @param ranJob false when the job had finished in an earlier run (only the reports were written)
   * @param seconds this call's time; {@code jobSeconds} the job's own (Flink's net runtime, 0 when it did not run)
   */
  public record Outcome(String identity, long resources, long publicCount, long invalid, List<BadRecord> bad, @Nullable Path restoredFrom,
      boolean ranJob, double seconds, double jobSeconds) {}

  /** An input changed since the run in {@code out} started: its checkpoints are never resumed. */
  public static final class ChangedInput extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ChangedInput(String message) {
      super(message);
    }
  }

  /** Runs (or resumes) the audit and writes the reports into {@code out}. */
  public static Outcome run(Options o) throws Exception {
    return run(o, (p, last) -> { });
  }

  /** How often a running job's progress is read from the sink's directory. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /**
   * Runs (or resumes) the audit and writes the reports into {@code out}, telling {@code progress} while the job runs
   * (every {@link #PROGRESS_EVERY}, from the sink's output: {@link SinkProgress}) and once at the end ({@code last}
   * true: every resource done, the counts the reports give), as {@link dev.hornbeam.audit.ProgressLine#show} takes them.
   */
  public static Outcome run(Options o, BiConsumer<AuditRunner.Progress, Boolean> progress) throws Exception {
    long start = System.nanoTime();
    List<AuditInput> opened = new ArrayList<>();
    for (Path p : o.inputs()) {
      opened.add(Inputs.open(p, Optional.ofNullable(o.format()), o.maxRecordBytes()));
    }
    // One pass: an input none of whose records can be read is refused; the unreadable records go to the reports.
    List<BadRecord> bad = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < opened.size(); i++) {
      long[] resources = {0};
      opened.get(i).read(r -> resources[0]++, bad::add);
      if (resources[0] == 0) {
        throw new IllegalArgumentException(o.inputs().get(i) + ": no resource could be read");
      }
      total += resources[0];
    }
    AuditFingerprint fingerprint = AuditFingerprint.of(o.inputs(), o.identity(), o.maxRecordBytes());
    Path work = o.out().resolve(WORK);
    prepare(work, fingerprint.value(), o.restart());
    Path restore = null;
    boolean ran = false;
    double jobSeconds = 0;
    long resumed = -1; // findings the sink had committed before this run's job started (-1: no job ran, all of them)
    if (!Files.exists(work.resolve(DONE))) {
      restore = newestCheckpoint(work.resolve(CHECKPOINTS)).orElse(null);
      if (restore == null && Files.exists(work.resolve(FINDINGS))) {
        // Without a checkpoint nothing in the sink's directory belongs to the state the job starts from (a run killed
        // after its job finished, which discards its checkpoints, and before it wrote "done"): the job starts afresh.
        deleteTree(work.resolve(FINDINGS));
      }
      if (Files.exists(work.resolve(TMP))) {
        deleteTree(work.resolve(TMP)); // what a killed run's MiniCluster left
      }
      StreamExecutionEnvironment env = environment(o, work, restore);
      build(env, o, work, fingerprint.value());
      SinkProgress watch = new SinkProgress(work.resolve(FINDINGS), total, bad.size());
      resumed = watch.resumed();
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(() -> {
        try {
          progress.accept(watch.poll(), false);
        } catch (IOException | RuntimeException e) {
          // progress is for the eye: a directory read that failed is tried again on the next tick
        }
      }, 0, PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      try {
        jobSeconds = env.execute("hornbeam audit " + fingerprint.value().substring(0, 12)).getNetRuntime() / 1000.0;
      } finally {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
      }
      write(work.resolve(DONE), fingerprint.value());
      if (Files.exists(work.resolve(TMP))) {
        deleteTree(work.resolve(TMP));
      }
      if (Files.exists(work.resolve(CHECKPOINTS))) {
        deleteTree(work.resolve(CHECKPOINTS)); // a finished run is never resumed: its part files are the result
      }
      ran = true;
    }
    if (!AuditFingerprint.of(o.inputs(), o.identity(), o.maxRecordBytes()).equals(fingerprint)) {
      throw new ChangedInput("an input changed while it was audited; the findings are not reported. Run again with --restart once the inputs are stable");
    }
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
    long[] counts = new long[3];
    Journal.read(journal, fingerprint.value(), f -> {
      counts[0]++;
      if (f.result().equals("PUBLIC")) {
        counts[1]++;
      } else if (f.result().equals("INVALID")) {
        counts[2]++;
      }
    });
    progress.accept(new AuditRunner.Progress(counts[0], counts[0], counts[1], counts[2], bad.size(),
        resumed < 0 ? counts[0] : Math.min(resumed, counts[0]), 0), true);
    String now = Instant.now().toString();
    Reports.write(o.out(), fingerprint.value(), bad, new RunInfo(o.inputs().stream().map(Path::toString).toList(), now, now,
        "hornbeam (flink)", Map.of(), restore == null ? 0 : 1));
    return new Outcome(fingerprint.value(), counts[0], counts[1], counts[2], List.copyOf(bad), restore, ran, (System.nanoTime() - start) / 1e9, jobSeconds);
  }

  /**
   * Ties {@code work} to the run's identity: a new directory gets the fingerprint before any checkpoint; one
   * holding another identity (or none) is refused. {@code restart} empties it first (as {@code hornbeam audit --restart}).
   */
  static void prepare(Path work, String identity, boolean restart) throws IOException {
    Path file = work.resolve(FINGERPRINT);
    if (restart && Files.exists(work)) {
      deleteTree(work);
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
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
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
      String tmp = work.resolve(TMP).toAbsolutePath().toString();
      conf.set(CoreOptions.TMP_DIRS, tmp);
      conf.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, tmp);
      conf.set(BlobServerOptions.STORAGE_DIRECTORY, tmp);
      conf.set(WebOptions.TMP_DIR, tmp);
      return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }
    String[] hostPort = o.cluster().split(":", 2);
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

  static void build(StreamExecutionEnvironment env, Options o, Path work, String identity) {
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
        .process(new CheckFunction(identity, o.deadlineMillis(), o.strategy(), o.workersPerSolver(), o.dedup(), o.zone()))
        .returns(Types.STRING).uid("check").name("check")
        .sinkTo(sink).uid("findings").name("findings");
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes {@code dir} and what it holds; what vanishes meanwhile (Flink's own clean-up of a finished job) is no error. */
  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<Path>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(d);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

}
