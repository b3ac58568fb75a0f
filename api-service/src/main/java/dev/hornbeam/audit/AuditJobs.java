package dev.hornbeam.audit;

import dev.hornbeam.audit.flink.FlinkAudit;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.service.Json;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit jobs of the HTTP service ({@code /v1/audits}). Each job lives in its own directory under the data
 * directory ({@code hornbeam.audit.data-dir}): {@code job.json} (state), the input when it came in the
 * request body, the Flink job's directory ({@code flink/}: checkpoints and output) and the reports. Jobs run one at a
 * time, each the same Flink job as {@code hornbeam audit} ({@link dev.hornbeam.audit.flink.FlinkAudit}) on one embedded
 * MiniCluster the service keeps from its first job to its stop, checked with the service's {@link PolicyChecker} (no
 * worker processes per job). A service restart picks up every job that was queued or running and
 * resumes it from its newest checkpoint (stopping the service cancels the running job, keeping its checkpoints) — unless an input's content changed since
 * (its {@link AuditFingerprint}), in which case the job is audited afresh, never answered from old findings.
 *
 * <p>Bounds: at most {@code hornbeam.audit.max-queued} jobs QUEUED or RUNNING (more is {@link Full}, HTTP 429);
 * finished jobs (DONE or FAILED) are deleted once older than {@code hornbeam.audit.retention}, and the oldest
 * are deleted when more than {@code hornbeam.audit.max-kept} are kept. Every failure, an {@link Error}
 * included, ends the job FAILED with a reason; messages never show the server's absolute paths.
 */
@Singleton
public class AuditJobs {
  private static final Logger LOG = LoggerFactory.getLogger(AuditJobs.class);

  /** Counts of a finished (or failed) job, kept in {@code job.json}. */
  @Serdeable
  public record Counts(long done, long total, long publicCount, long invalid, long unreadable) {}

  /** A job's state on disk; {@code shown} is how its inputs are named to clients (never a server path). */
  @Serdeable
  public record Job(String id, String state, List<String> inputs, @Nullable String format, String createdAt,
      @Nullable String finishedAt, @Nullable String error, @Nullable List<String> shown, @Nullable Counts counts) {
    Job with(String newState, @Nullable String finished, @Nullable String why, @Nullable Counts c) {
      return new Job(id, newState, inputs, format, createdAt, finished, why, shown, c);
    }
  }

  /**
   * What {@code GET /v1/audits/{id}} shows. {@code total} is null while it is not known yet (QUEUED, or RUNNING
   * before the first pass over the input has counted it); {@code unreadable} counts the bad records found so
   * far (the same list {@code summary.json} reports as {@code badRecords}).
   */
  @Serdeable
  public record Status(String id, String state, long done, @Nullable Long total, long publicCount, long invalid, long unreadable,
      String createdAt, @Nullable String finishedAt, @Nullable String error) {}

  /** Too many jobs queued or running (HTTP 429). */
  public static final class Full extends RuntimeException {
    Full(String message) {
      super(message);
    }
  }

  private final Path dataDir;
  private final Optional<Path> inputDir;
  private final PolicyChecker checker;
  private final Duration deadline;
  private final long maxRecordBytes;
  private final int maxQueued;
  private final int maxKept;
  private final Duration retention;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "audit-jobs");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();

  public AuditJobs(PolicyChecker checker,
      @Value("${hornbeam.audit.data-dir:hornbeam-data/audits}") String dataDir,
      @Value("${hornbeam.audit.input-dir:}") String inputDir,
      @Value("${hornbeam.audit.deadline:10s}") Duration deadline,
      @Value("${hornbeam.audit.max-record-bytes:33554432}") long maxRecordBytes,
      @Value("${hornbeam.audit.max-queued:16}") int maxQueued,
      @Value("${hornbeam.audit.max-kept:200}") int maxKept,
      @Value("${hornbeam.audit.retention:7d}") Duration retention) throws IOException {
    this.checker = checker;
    this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
    this.inputDir = inputDir.isBlank() ? Optional.empty() : Optional.of(Path.of(inputDir).toRealPath());
    this.deadline = deadline;
    this.maxRecordBytes = maxRecordBytes;
    this.maxQueued = Math.max(1, maxQueued);
    this.maxKept = Math.max(1, maxKept);
    this.retention = retention;
    Files.createDirectories(this.dataDir);
    sweep();
    resumeUnfinished();
  }

  /** A job on an input sent in the request body (kept in the job's directory). */
  public Job submitBody(InputStream body, String format) throws IOException {
    admit();
    String id = newId();
    Path dir = dataDir.resolve(id);
    Files.createDirectories(dir);
    Path input = dir.resolve("input." + (format.equals("config") ? "json" : "ndjson"));
    try (InputStream in = body) {
      Files.copy(in, input, StandardCopyOption.REPLACE_EXISTING);
    }
    return submit(id, input, format, "request body");
  }

  /** A job on a file or directory inside the configured input directory — never an arbitrary server path. */
  public Job submitPath(String relative, @Nullable String format) throws IOException {
    Path root = inputDir.orElseThrow(() -> new IllegalArgumentException(
        "audits of server paths are off: set hornbeam.audit.input-dir, or send the input in the body"));
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root) || !Files.exists(resolved) || !resolved.toRealPath().startsWith(root)) {
      throw new IllegalArgumentException("\"" + relative + "\" is not a file or directory inside the input directory");
    }
    Path real = resolved.toRealPath();
    if (!Files.isDirectory(real) && !Files.isRegularFile(real)) {
      throw new IllegalArgumentException("\"" + relative + "\" is not a regular file or a directory (a FIFO, socket or device is never read)");
    }
    admit();
    return submit(newId(), real, format, root.relativize(real).toString());
  }

  /** Deletes expired jobs, then refuses a new one when the queue is full. */
  private synchronized void admit() throws IOException {
    sweep();
    long active = 0;
    for (Job j : jobs()) {
      active += j.state().equals("QUEUED") || j.state().equals("RUNNING") ? 1 : 0;
    }
    if (active >= maxQueued) {
      throw new Full(active + " audits are queued or running, the most hornbeam.audit.max-queued allows; try again when one has finished");
    }
  }

  private Job submit(String id, Path input, @Nullable String format, String shown) throws IOException {
    try {
      Inputs.open(input, Optional.ofNullable(format), maxRecordBytes); // fails now, with a clear message, if unusable
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(hide(e.getMessage(), input, shown));
    }
    Files.createDirectories(dataDir.resolve(id));
    Job job = new Job(id, "QUEUED", List.of(input.toString()), format, Instant.now().toString(), null, null, List.of(shown), null);
    save(job);
    executor.execute(() -> run(job));
    return job;
  }

  /** Every job on disk (unreadable job files are skipped). */
  private List<Job> jobs() throws IOException {
    List<Job> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path d : dirs.sorted().toList()) {
        try {
          load(d.getFileName().toString()).ifPresent(out::add);
        } catch (IOException | RuntimeException e) {
          LOG.warn("audit job directory {} is unreadable: {}", d.getFileName(), e.toString());
        }
      }
    }
    return out;
  }

  /** Deletes finished jobs past the retention, then the oldest finished ones beyond {@code max-kept}. */
  private synchronized void sweep() throws IOException {
    Instant cutoff = Instant.now().minus(retention);
    List<Job> finished = new ArrayList<>();
    for (Job j : jobs()) {
      if (j.state().equals("DONE") || j.state().equals("FAILED")) {
        finished.add(j);
      }
    }
    finished.sort(java.util.Comparator.comparing(j -> j.finishedAt() == null ? j.createdAt() : j.finishedAt()));
    int keep = maxKept;
    for (int i = 0; i < finished.size(); i++) {
      Job j = finished.get(i);
      Instant at = Instant.parse(j.finishedAt() == null ? j.createdAt() : j.finishedAt());
      if (at.isBefore(cutoff) || finished.size() - i > keep) {
        LOG.info("deleting audit job {} ({})", j.id(), at.isBefore(cutoff) ? "past hornbeam.audit.retention" : "beyond hornbeam.audit.max-kept");
        delete(dataDir.resolve(j.id()));
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A message with the server's paths replaced by what the client knows ({@code shown}, the data directory hidden). */
  private String hide(@Nullable String message, @Nullable Path input, String shown) {
    if (message == null) {
      return "unknown error";
    }
    String m = message;
    if (input != null) {
      m = m.replace(input.toString(), shown);
    }
    if (inputDir.isPresent()) {
      m = m.replace(inputDir.get().toString() + "/", "").replace(inputDir.get().toString(), "<input-dir>");
    }
    return m.replace(dataDir.toString(), "<data-dir>");
  }

  public Optional<Status> status(String id) throws IOException {
    Optional<Job> job = load(id);
    if (job.isEmpty()) {
      return Optional.empty();
    }
    Job j = job.get();
    Progress p = progress.get(id);
    if (p != null && j.state().equals("RUNNING")) {
      return Optional.of(new Status(j.id(), j.state(), p.done(), p.total(), p.publicSoFar(), p.invalid(), p.bad(), j.createdAt(),
          j.finishedAt(), j.error()));
    }
    Counts c = j.counts();
    if (c != null) {
      return Optional.of(new Status(j.id(), j.state(), c.done(), c.total(), c.publicCount(), c.invalid(), c.unreadable(), j.createdAt(),
          j.finishedAt(), j.error()));
    }
    return Optional.of(new Status(j.id(), j.state(), 0, null, 0, 0, 0, j.createdAt(), j.finishedAt(), j.error()));
  }

  /** A finished job's report file ({@code summary.json}, {@code summary.csv}, …). */
  public Optional<Path> report(String id, String name) throws IOException {
    Optional<Job> job = load(id);
    if (job.isEmpty() || !job.get().state().equals("DONE")) {
      return Optional.empty();
    }
    Path file = dataDir.resolve(id).resolve(name);
    return Files.exists(file) ? Optional.of(file) : Optional.empty();
  }

  public Optional<Job> load(String id) throws IOException {
    if (!id.matches("[a-z0-9-]{1,64}")) {
      return Optional.empty();
    }
    Path file = dataDir.resolve(id).resolve("job.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), Job.class));
  }

  private void run(Job job) {
    Path dir = dataDir.resolve(job.id());
    String shown = job.shown() == null ? "input" : String.join(", ", job.shown());
    try {
      save(job.with("RUNNING", null, null, null));
      List<Path> paths = job.inputs().stream().map(Path::of).toList();
      // The same audit as hornbeam audit: the Flink job on an embedded MiniCluster (one per job, stopped with it),
      // checked with the service's checker. A changed input (its fingerprint) is audited afresh, never answered
      // from the job's old checkpoints.
      FlinkAudit.Options options = FlinkAudit.Options.of(paths, dir)
          .withChecks(job.format(), maxRecordBytes, deadline.toMillis(), "auto", true) // the strategy is the service checker's own
          .withParallelism(parallelism()).withRestart(true)
          .withNames(job.shown() == null ? List.of("input") : job.shown(), "job " + job.id(), "hornbeam");
      FlinkAudit.Outcome outcome;
      try {
        outcome = FlinkAudit.run(options, checker, cluster(), new FlinkAudit.Listener() {
          @Override
          public void progress(Progress p, boolean last) {
            progress.put(job.id(), p);
          }

          @Override
          public void note(String text) {
            LOG.info("audit job {}: {}", job.id(), text);
          }
        });
      } catch (FlinkAudit.ChangedInput e) {
        throw new IllegalArgumentException(shown + " changed while it was audited; submit the audit again once it is stable");
      }
      save(job.with("DONE", Instant.now().toString(), null, new Counts(outcome.resources(), outcome.resources(), outcome.publicCount(),
          outcome.invalid(), outcome.bad().size())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the service is stopping: the job stays RUNNING and resumes on restart
    } catch (Throwable e) { // an Error (OutOfMemoryError, …) too: a job never stays RUNNING for ever
      String why;
      if (e instanceof IllegalArgumentException) {
        why = hide(e.getMessage(), null, shown);
      } else {
        why = hide(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null, shown);
      }
      LOG.warn("audit job {} failed: {}", job.id(), why);
      Progress p = progress.get(job.id());
      Counts counts = p == null ? null : new Counts(p.done(), p.total(), p.publicSoFar(), p.invalid(), p.bad());
      try {
        save(job.with("FAILED", Instant.now().toString(), why, counts));
      } catch (IOException | RuntimeException ignored) {
        // the state stays RUNNING; it is resumed on restart
      }
    } finally {
      progress.remove(job.id());
    }
  }

  /** The MiniCluster every job runs on, started with the first (jobs run one at a time, on the executor's thread). */
  private volatile @Nullable dev.hornbeam.audit.flink.EmbeddedCluster cluster;

  /**
   * One MiniCluster for the service's jobs, kept from the first job to the service's stop: a job does not pay a
   * cluster's start (seconds), and jobs run one at a time on it. Its temporary directories are under the data directory.
   */
  private dev.hornbeam.audit.flink.EmbeddedCluster cluster() throws IOException {
    if (cluster == null) {
      cluster = dev.hornbeam.audit.flink.EmbeddedCluster.start(dataDir.resolve(".flink-tmp"), parallelism());
    }
    return cluster;
  }

  private int parallelism() {
    return checker.portfolio().config().workersPerSolver() + 1;
  }

  private void resumeUnfinished() throws IOException {
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path d : dirs.sorted().toList()) {
        Optional<Job> job = load(d.getFileName().toString());
        if (job.isPresent() && (job.get().state().equals("QUEUED") || job.get().state().equals("RUNNING"))) {
          LOG.info("resuming audit job {}", job.get().id());
          executor.execute(() -> run(job.get()));
        }
      }
    }
  }

  private void save(Job job) throws IOException {
    Path dir = dataDir.resolve(job.id());
    Path tmp = dir.resolve("job.json.tmp");
    Files.writeString(tmp, Json.mapper().writeValueAsString(job), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("job.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Stops the running job before the checker closes (this bean depends on it, so it goes first). */
  @PreDestroy
  void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    if (cluster != null) {
      try {
        cluster.close();
      } catch (IOException e) {
        LOG.warn("the audit jobs' MiniCluster did not stop cleanly: {}", e.toString());
      }
    }
  }
}
