package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Estates;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit job survives a service restart: stopped mid-run (the Flink job cancelled, its checkpoints kept), it resumes from its
 * newest checkpoint and finishes, each resource once.
 */
class AuditRestartTest {
  @TempDir Path data;

  @Test
  void aJobStoppedWithTheServiceResumesWhenItStartsAgain() throws Exception {
    Path estate = data.resolve("estate.ndjson");
    int n = Estates.write(estate, 200, 6); // large enough to be stopped mid-run (the native backend decides ~1,000 a second)
    Map<String, Object> properties = Map.of("hornbeam.audit.data-dir", data.resolve("jobs").toString(), "micronaut.server.port", -1,
        "hornbeam.portfolio.workers-per-solver", 1);
    String location;
    Path jobDir;
    try (ApplicationContext first = ApplicationContext.run(properties);
        EmbeddedServer server = first.getBean(EmbeddedServer.class).start();
        HttpClient client = HttpClient.create(server.getURL())) {
      Http http = new Http(client, first.getBean(JsonMapper.class));
      Http.Reply r = http.send(HttpRequest.POST("/v1/audits", Files.readString(estate)).contentType("application/x-ndjson"));
      assertEquals(202, r.status(), r.body());
      location = r.headers().get("Location").get(0);
      jobDir = data.resolve("jobs").resolve(location.substring(location.lastIndexOf('/') + 1));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (committed(jobDir) < 20 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } // the service stops mid-job
    long before = committed(jobDir);
    assertTrue(before >= 20 && before < n, "stopped mid-run: " + before + " of " + n);
    assertTrue(Files.readString(jobDir.resolve("job.json")).contains("\"RUNNING\""), Files.readString(jobDir.resolve("job.json")));
    try (ApplicationContext second = ApplicationContext.run(properties);
        EmbeddedServer server = second.getBean(EmbeddedServer.class).start();
        HttpClient client = HttpClient.create(server.getURL())) {
      Http http = new Http(client, second.getBean(JsonMapper.class));
      long deadline = System.nanoTime() + 180_000_000_000L;
      Http.Reply status = http.get(location);
      while (!"DONE".equals(status.json().get("state")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = http.get(location);
      }
      assertEquals("DONE", status.json().get("state"), status.body());
      assertEquals(n, ((Number) status.json().get("done")).intValue());
    }
    List<String> findings = Files.readAllLines(jobDir.resolve("findings.ndjson"));
    Set<String> keys = new HashSet<>();
    for (String line : findings) {
      assertTrue(keys.add(line.replaceAll("^.*?\"arn\":\"([^\"]+)\".*$", "$1")), "once: " + line);
    }
    assertEquals(n, keys.size());
    assertTrue(Files.readString(jobDir.resolve("run.json")).contains("\"resumed\":1"), Files.readString(jobDir.resolve("run.json")));
  }

  @Test
  void anInputChangedWhileTheServiceWasDownIsAuditedAfreshNotAnsweredFromTheOldCheckpoints() throws Exception {
    Path inputs = Files.createDirectories(data.resolve("inputs"));
    Path estate = inputs.resolve("estate.ndjson");
    // Large enough that the first run is stopped before it ends (the native backend decides ~1,000 a second).
    int n = Estates.write(estate, 250, 6);
    Map<String, Object> properties = Map.of("hornbeam.audit.data-dir", data.resolve("jobs").toString(), "micronaut.server.port", -1,
        "hornbeam.portfolio.workers-per-solver", 1, "hornbeam.audit.input-dir", inputs.toString());
    String location;
    Path jobDir;
    try (ApplicationContext first = ApplicationContext.run(properties);
        EmbeddedServer server = first.getBean(EmbeddedServer.class).start();
        HttpClient client = HttpClient.create(server.getURL())) {
      Http http = new Http(client, first.getBean(JsonMapper.class));
      Http.Reply r = http.send(HttpRequest.POST("/v1/audits", "{\"path\":\"estate.ndjson\"}").contentType("application/json"));
      assertEquals(202, r.status(), r.body());
      location = r.headers().get("Location").get(0);
      jobDir = data.resolve("jobs").resolve(location.substring(location.lastIndexOf('/') + 1));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (committed(jobDir) < 10 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertTrue(committed(jobDir) >= 10);
    assertTrue(committed(jobDir) < n, "the first run was stopped before its end (the test's premise)");
    // Every private principal becomes public, each at its same line and index.
    Files.writeString(estate, Files.readString(estate).replaceAll("\\{\"AWS\":\"arn:aws:iam::\\d{12}:role/app\\d+\"\\}", "\"*\""));
    try (ApplicationContext second = ApplicationContext.run(properties);
        EmbeddedServer server = second.getBean(EmbeddedServer.class).start();
        HttpClient client = HttpClient.create(server.getURL())) {
      Http http = new Http(client, second.getBean(JsonMapper.class));
      long deadline = System.nanoTime() + 180_000_000_000L;
      Http.Reply status = http.get(location);
      while (!"DONE".equals(status.json().get("state")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = http.get(location);
      }
      assertEquals("DONE", status.json().get("state"), status.body());
      assertEquals(n, ((Number) status.json().get("publicCount")).intValue(), "every resource is public now: " + status.body());
    }
  }

  /** Findings the job's sink has committed: the lines of its finished part files (in-progress files are hidden, {@code .part-…}). */
  static long committed(Path jobDir) throws java.io.IOException {
    Path findings = jobDir.resolve("flink").resolve("findings");
    if (!Files.isDirectory(findings)) {
      return 0;
    }
    long n = 0;
    try (java.util.stream.Stream<Path> s = Files.list(findings)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        try {
          n += Files.readAllLines(p).size();
        } catch (java.nio.file.NoSuchFileException e) {
          // renamed meanwhile
        }
      }
    }
    return n;
  }
}
