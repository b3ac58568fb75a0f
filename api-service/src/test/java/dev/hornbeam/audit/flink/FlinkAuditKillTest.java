package dev.hornbeam.audit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Estates;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.report.Reports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded job in a child JVM, killed with SIGKILL at a random point after its first checkpoint and started
 * again with the same arguments: it resumes from the newest complete checkpoint it finds, and the result equals an
 * uninterrupted run's, each resource once, no in-progress part file read; the killed run's temporary directories are
 * under --out only and the finished run removes them. A changed input never resumes.
 */
class FlinkAuditKillTest {
  @TempDir Path dir;

  Path lastLog;
  /** The last child's java.io.tmpdir. */
  Path lastTmp;

  /** A child JVM running the embedded job; its output goes to {@link #lastLog}. */
  Process start(Path input, Path out, String... more) throws IOException {
    lastLog = dir.resolve("log-" + System.nanoTime() + ".txt");
    Path tmp = dir.resolve("tmp-" + System.nanoTime());
    Files.createDirectories(tmp);
    lastTmp = tmp;
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), FlinkAuditMain.class.getName(),
        input.toString(), "--out", out.toString(), "--workers", "1", "--parallelism", "2", "--checkpoint-interval", "300"));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(lastLog.toFile()).start();
  }

  static Optional<Path> checkpoint(Path out) throws IOException {
    return FlinkAudit.newestCheckpoint(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.CHECKPOINTS));
  }

  /** Findings committed so far: the lines of the sink's finished part files. */
  static long committed(Path out) throws IOException {
    long n = 0;
    for (Path part : FlinkAudit.finishedParts(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.FINDINGS))) {
      try {
        n += Files.readAllLines(part).size();
      } catch (java.nio.file.NoSuchFileException e) {
        // renamed meanwhile
      }
    }
    return n;
  }

  /**
   * Starts a run and kills it (SIGKILL; its solver workers must end on their own) at a random point after a checkpoint:
   * once a random share (up to half) of the {@code n} resources is committed, which needs a completed checkpoint, and a
   * random 0–200 ms later. The point follows the job's progress, not the clock, so it falls mid-run on a busy machine
   * and on an idle one alike.
   */
  Optional<Path> killAfterCheckpoint(Path input, Path out, int n, Random random) throws Exception {
    long target = 1 + random.nextInt(n / 2);
    Process p = start(input, out);
    Set<ProcessHandle> workers = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (p.isAlive() && committed(out) < target && System.nanoTime() < deadline) {
      p.descendants().forEach(workers::add);
      Thread.sleep(5);
    }
    long wait = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(200));
    while (p.isAlive() && System.nanoTime() < wait) {
      p.descendants().forEach(workers::add);
      Thread.sleep(5);
    }
    assertTrue(p.isAlive(), "still running when killed");
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long done = committed(out);
    for (ProcessHandle w : workers) {
      w.onExit().orTimeout(15, TimeUnit.SECONDS).handle((x, e) -> null).join();
      assertTrue(!w.isAlive() || w.info().command().isEmpty(), "solver worker " + w.pid() + " ended with its job");
    }
    Optional<Path> now = checkpoint(out);
    assertTrue(now.isPresent() && done >= target && done < n && !Files.exists(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.DONE)),
        "killed after a checkpoint, before the job finished: " + now + ", " + done + " of " + n + " committed");
    System.out.println("killed after " + now.get().getFileName() + " with " + done + " of " + n + " committed");
    return now;
  }

  static long inProgress(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.FINDINGS))) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
    }
  }

  @Test
  void killedAfterACheckpointAndStartedAgainItEqualsAnUninterruptedRun() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    // Each account also holds two per-account variants (one dedup key each): decided once in the whole run only when
    // the keyed state of decided answers is restored with the checkpoint.
    int n = Estates.write(input, 200, 2) + FlinkAuditTest.withVariants(input);
    // The uninterrupted run in this JVM (the same job and options as the child's; one JVM start less on a busy machine).
    Path reference = dir.resolve("reference");
    FlinkAudit.Outcome whole = FlinkAudit.run(options(input, reference));
    assertTrue(whole.publicCount() > 0, "public resources found");
    Map<String, FlinkAuditTest.Answer> expected = FlinkAuditTest.parts(reference, whole.identity());
    assertEquals(n, expected.size());

    Path out = dir.resolve("killed");
    long seed = System.nanoTime();
    System.out.println("kill point seed " + seed);
    Random random = new Random(seed);
    Optional<Path> killedAt = killAfterCheckpoint(input, out, n, random);
    long leftInProgress = inProgress(out);
    // The embedded MiniCluster keeps its temporary directories (working directory, blobs, I/O and shuffle spill, web
    // UI) under --out, not in java.io.tmpdir: the killed run leaves nothing there, and the next run removes them.
    Path tmp = FlinkAudit.tmp(out);
    List<String> left = names(tmp);
    assertTrue(left.stream().anyMatch(name -> name.startsWith("minicluster_")), "the MiniCluster's working directory is under --out: " + left);
    assertEquals(List.of(), names(lastTmp).stream().filter(name -> !name.startsWith("hornbeam-worker-")).toList(),
        "nothing of Flink's in java.io.tmpdir");
    Process last = start(input, out);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, last.exitValue(), Files.readString(lastLog));
    assertFalse(Files.exists(tmp), "a finished run removes the temporary directories: " + names(tmp));
    assertEquals(List.of(), names(lastTmp).stream().filter(name -> !name.startsWith("hornbeam-worker-")).toList(),
        "nothing of Flink's in java.io.tmpdir");
    // Progress on stderr as hornbeam audit prints it, ending at the total with the findings of the killed run.
    assertTrue(Files.readString(lastLog).matches("(?s).*audit: " + n + "/" + n + " resources, .* \\(\\d+ from an earlier run\\)\n.*"),
        Files.readString(lastLog));
    assertTrue(Files.readString(lastLog).contains("resumed from checkpoint " + killedAt.get().getFileName() + " "), "resumed: " + Files.readString(lastLog));
    Map<String, FlinkAuditTest.Answer> actual = FlinkAuditTest.parts(out, identity(out));
    assertEquals(expected, actual, "same answers as the uninterrupted run, each resource once (killed after " + killedAt
        + "; in-progress files left by the kill: " + leftInProgress + ")");
    Map<String, dev.hornbeam.audit.Finding> findings = FlinkAuditTest.findings(out, identity(out));
    assertEquals(1, FlinkAuditTest.decidedVariants(findings, ":::data-"), "the decided answer came back with the checkpoint");
    assertEquals(1, FlinkAuditTest.decidedVariants(findings, ":jobs"), "the decided answer came back with the checkpoint");
    List<String> report = Files.readAllLines(out.resolve(Reports.FINDINGS));
    assertEquals(n, report.size());
    assertEquals(n, report.stream().map(l -> l.replaceAll("^.*?\"arn\":\"([^\"]+)\".*$", "$1")).distinct().count());
    assertEquals(n, Files.readAllLines(out.resolve(Journal.FILE)).size(), "only finished part files were read");
    System.out.println("killed after " + killedAt.get().getFileName() + ", in-progress files left: " + leftInProgress);
  }

  @Test
  void aChangedInputNeverResumesFromTheOldRun() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 150, 4);
    Path out = dir.resolve("out");
    killAfterCheckpoint(input, out, n, new Random());
    String before = identity(out);
    // One policy changes: same size, same line count.
    String text = Files.readString(input, StandardCharsets.UTF_8);
    Files.writeString(input, text.replaceFirst("\"Sid\":\"S0of0\"", "\"Sid\":\"S0of9\""), StandardCharsets.UTF_8);
    Process refused = start(input, out);
    assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, refused.exitValue(), "refused");
    assertTrue(Files.readString(lastLog).contains("changed since it started"), Files.readString(lastLog));
    assertTrue(checkpoint(out).isPresent(), "the old run is left as it was");
    assertFalse(Files.exists(out.resolve(Reports.FINDINGS)));
    FlinkAudit.Outcome restarted = FlinkAudit.run(options(input, out).withRestart(true));
    assertTrue(restarted.restoredFrom() == null, "audited afresh, not resumed from " + restarted.restoredFrom());
    String identity = identity(out);
    assertFalse(identity.equals(before));
    assertEquals(n, FlinkAuditTest.parts(out, identity).size(), "each resource once, every line of the new run");
  }

  static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The options the child JVMs run with. */
  static FlinkAudit.Options options(Path input, Path out) {
    return FlinkAudit.Options.of(List.of(input), out).withWorkers(1).withParallelism(2).withCheckpointInterval(java.time.Duration.ofMillis(300));
  }

  static String identity(Path out) throws IOException {
    return Files.readString(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.FINGERPRINT)).trim();
  }
}
