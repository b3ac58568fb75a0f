package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hornbeam audit} as a real process, killed with SIGKILL at random points and started again with
 * the same arguments: the final report has every resource exactly once, with the answers of an
 * uninterrupted run.
 */
class AuditKillIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("api-service/target/hornbeam.jar");

  @TempDir Path dir;

  static Process audit(Path input, Path out) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
        "audit", input.toString(), "--out", out.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  static Map<String, String> results(Path findings) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(findings)) {
      String key = line.replaceAll("^.*?\"arn\":\"([^\"]+)\".*$", "$1"); // ARNs are unique in the estate
      String result = line.replaceAll("^.*?\"result\":\"([A-Z_]+)\".*$", "$1");
      assertTrue(out.put(key, result) == null, "key twice in the report: " + key);
    }
    return out;
  }

  @Test
  void killedAtRandomPointsAndResumedEachResourceIsReportedOnce() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 40, 6);
    Path reference = dir.resolve("reference");
    Process whole = audit(input, reference);
    assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "uninterrupted run finished");
    assertEquals(1, whole.exitValue(), "public resources found");
    Map<String, String> expected = results(reference.resolve("findings.ndjson"));
    assertEquals(n, expected.size());

    Path out = dir.resolve("killed");
    Random random = new Random(4);
    List<Long> killedAt = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      long target = lines(out.resolve(Journal.FILE)) + 10 + random.nextInt(40);
      Process p = audit(input, out);
      Set<ProcessHandle> workers = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (p.isAlive() && lines(out.resolve(Journal.FILE)) < target && System.nanoTime() < deadline) {
        p.descendants().forEach(workers::add);
        Thread.sleep(5);
      }
      if (!p.isAlive()) {
        break; // finished before the kill point
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hook runs
      p.waitFor(30, TimeUnit.SECONDS);
      killedAt.add(lines(out.resolve(Journal.FILE)));
      for (ProcessHandle w : workers) {
        w.onExit().orTimeout(15, TimeUnit.SECONDS).handle((x, e) -> null).join();
        assertTrue(!w.isAlive() || w.info().command().isEmpty(), "worker " + w.pid() + " ended with its audit");
      }
    }
    assertTrue(killedAt.size() >= 2, "killed mid-run: " + killedAt);
    Process last = audit(input, out);
    assertTrue(last.waitFor(300, TimeUnit.SECONDS));
    assertEquals(1, last.exitValue());
    Map<String, String> actual = results(out.resolve("findings.ndjson"));
    assertEquals(expected, actual, "same answers as the uninterrupted run, each resource once (killed at " + killedAt + ")");
    assertEquals(n, lines(out.resolve(Journal.FILE)), "the journal holds each resource once");
  }
}
