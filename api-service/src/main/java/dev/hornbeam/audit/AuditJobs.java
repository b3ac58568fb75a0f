package dev.hornbeam.audit;

import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.audit.report.Reports;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.solver.SolverId;
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
import java.util.LinkedHashMap;
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
 * request body, the journal and the reports. Jobs run one at a time; a service restart picks up every job
 * that was queued or running and resumes it from its journal.
 */
@Singleton
public class AuditJobs {
  private static final Logger LOG = LoggerFactory.getLogger(AuditJobs.class);

  /** A job's state on disk. */
  @Serdeable
  public record Job(String id, String state, List<String> inputs, @Nullable String format, String createdAt,
      @Nullable String finishedAt, @Nullable String error) {
    Job with(String newState, @Nullable String finished, @Nullable String why) {
      return new Job(id, newState, inputs, format, createdAt, finished, why);
    }
  }

  /** What {@code GET /v1/audits/{id}} shows. */
  @Serdeable
  public record Status(String id, String state, long done, long total, long publicCount, long invalid, long unreadable,
      String createdAt, @Nullable String finishedAt, @Nullable String error) {}

  private final Path dataDir;
  private final Optional<Path> inputDir;
  private final PolicyChecker checker;
  private final Duration deadline;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "audit-jobs");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AuditRunner.Progress> progress = new ConcurrentHashMap<>();

  public AuditJobs(PolicyChecker checker,
      @Value("${hornbeam.audit.data-dir:hornbeam-data/audits}") String dataDir,
      @Value("${hornbeam.audit.input-dir:}") String inputDir,
      @Value("${hornbeam.audit.deadline:10s}") Duration deadline) throws IOException {
    this.checker = checker;
    this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
    this.inputDir = inputDir.isBlank() ? Optional.empty() : Optional.of(Path.of(inputDir).toRealPath());
    this.deadline = deadline;
    Files.createDirectories(this.dataDir);
    resumeUnfinished();
  }

  /** A job on an input sent in the request body (kept in the job's directory). */
  public Job submitBody(InputStream body, String format) throws IOException {
    String id = newId();
    Path dir = dataDir.resolve(id);
    Files.createDirectories(dir);
    Path input = dir.resolve("input." + (format.equals("config") ? "json" : "ndjson"));
    try (InputStream in = body) {
      Files.copy(in, input, StandardCopyOption.REPLACE_EXISTING);
    }
    return submit(id, input, format);
  }

  /** A job on a file or directory inside the configured input directory — never an arbitrary server path. */
  public Job submitPath(String relative, @Nullable String format) throws IOException {
    Path root = inputDir.orElseThrow(() -> new IllegalArgumentException(
        "audits of server paths are off: set hornbeam.audit.input-dir, or send the input in the body"));
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root) || !Files.exists(resolved) || !resolved.toRealPath().startsWith(root)) {
      throw new IllegalArgumentException("\"" + relative + "\" is not a file or directory inside the input directory");
    }
    return submit(newId(), resolved.toRealPath(), format);
  }

  private Job submit(String id, Path input, @Nullable String format) throws IOException {
    Inputs.open(input, Optional.ofNullable(format)); // fails now, with a clear message, if unusable
    Files.createDirectories(dataDir.resolve(id));
    Job job = new Job(id, "QUEUED", List.of(input.toString()), format, Instant.now().toString(), null, null);
    save(job);
    executor.execute(() -> run(job));
    return job;
  }

  public Optional<Status> status(String id) throws IOException {
    Optional<Job> job = load(id);
    if (job.isEmpty()) {
      return Optional.empty();
    }
    Job j = job.get();
    AuditRunner.Progress p = progress.get(id);
    if (p == null) {
      Path journal = dataDir.resolve(id).resolve(Journal.FILE);
      long[] counts = new long[3];
      if (Files.exists(journal)) {
        Journal.read(journal, f -> {
          counts[0]++;
          counts[1] += f.result().equals("PUBLIC") ? 1 : 0;
          counts[2] += f.result().equals("INVALID") ? 1 : 0;
        });
      }
      p = new AuditRunner.Progress(counts[0], j.state().equals("DONE") ? counts[0] : -1, counts[1], counts[2], 0, 0, 0);
    }
    return Optional.of(new Status(j.id(), j.state(), p.done(), p.total(), p.publicSoFar(), p.invalid(), p.bad(), j.createdAt(),
        j.finishedAt(), j.error()));
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
    try {
      save(job.with("RUNNING", null, null));
      List<AuditInput> inputs = new ArrayList<>();
      for (String input : job.inputs()) {
        inputs.add(Inputs.open(Path.of(input), Optional.ofNullable(job.format())));
      }
      AuditDirectory.Run run = AuditDirectory.open(dir, job.inputs(), job.format());
      AuditRunner.Outcome outcome;
      try (Journal journal = Journal.open(dir)) {
        int parallelism = checker.portfolio().config().workersPerSolver() + 1;
        outcome = new AuditRunner(checker, deadline, parallelism, true).run(inputs, journal, p -> progress.put(job.id(), p));
      }
      Map<String, String> versions = new LinkedHashMap<>();
      checker.portfolio().versions().forEach((SolverId s, String v) -> versions.put(s.key(), v));
      Reports.write(dir, outcome.bad(), new RunInfo(job.inputs(), run.startedAt(), Instant.now().toString(), "hornbeam", versions, run.resumed()));
      AuditDirectory.finish(dir, run);
      save(job.with("DONE", Instant.now().toString(), null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the service is stopping: the job stays RUNNING and resumes on restart
    } catch (IOException | RuntimeException e) {
      LOG.warn("audit job {} failed: {}", job.id(), e.toString());
      try {
        save(job.with("FAILED", Instant.now().toString(), e.getMessage()));
      } catch (IOException ignored) {
        // the state stays RUNNING; it is resumed on restart
      }
    } finally {
      progress.remove(job.id());
    }
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
  }
}
