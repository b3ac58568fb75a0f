package dev.hornbeam.audit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Estates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hornbeam.jar submitted to a Flink session cluster (a standalone job manager and task manager started
 * here from the same jar's Flink classes) with {@code --cluster}: the job runs there, its solver workers start from the
 * submitted jar, and the findings equal the embedded job's.
 */
class FlinkSessionClusterIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("api-service/target/hornbeam.jar");

  @TempDir Path dir;
  final List<Process> cluster = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : cluster) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Process java(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp-" + name)), "-cp", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  @Test
  void theSameJarRunsTheAuditOnASessionCluster() throws Exception {
    int rest = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("config.yaml"), String.join("\n",
        "jobmanager.rpc.address: localhost", "jobmanager.rpc.port: " + freePort(), "jobmanager.bind-host: localhost",
        "taskmanager.bind-host: localhost", "taskmanager.host: localhost", "rest.port: " + rest, "rest.address: localhost",
        "rest.bind-address: localhost", "jobmanager.memory.process.size: 800m", "taskmanager.numberOfTaskSlots: 2",
        "parallelism.default: 2", "taskmanager.cpu.cores: 2", "taskmanager.memory.task.heap.size: 256m",
        "taskmanager.memory.managed.size: 32m", "taskmanager.memory.network.min: 64m", "taskmanager.memory.network.max: 64m",
        "taskmanager.memory.framework.heap.size: 128m", "taskmanager.memory.framework.off-heap.size: 128m",
        "taskmanager.memory.task.off-heap.size: 0m", "taskmanager.memory.jvm-metaspace.size: 256m",
        "taskmanager.memory.jvm-overhead.min: 192m", "taskmanager.memory.jvm-overhead.max: 192m", ""));
    cluster.add(java("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf.toString()));
    cluster.add(java("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString()));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String overview = "";
    while (!overview.contains("\"taskmanagers\":1") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      try {
        overview = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + "/overview")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        // not up yet
      }
    }
    assertTrue(overview.contains("\"taskmanagers\":1"), "the session cluster is up: " + overview);

    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 100, 6);
    Path out = dir.resolve("cluster");
    Process client = java("client", FlinkAuditMain.class.getName(), input.toString(), "--out", out.toString(), "--cluster", "localhost:" + rest,
        "--workers", "1");
    assertTrue(client.waitFor(180, TimeUnit.SECONDS));
    assertEquals(1, client.exitValue(), Files.readString(dir.resolve("client.log")));
    String taskManagerLog = Files.readString(dir.resolve("taskmanager.log"));
    assertTrue(taskManagerLog.contains("worker") && taskManagerLog.contains(" up in "), "the solver workers started on the task manager");

    FlinkAudit.Outcome embedded = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), dir.resolve("embedded")).withWorkers(1).withParallelism(2));
    Map<String, FlinkAuditTest.Answer> expected = FlinkAuditTest.parts(dir.resolve("embedded"), embedded.identity());
    assertEquals(n, expected.size());
    assertEquals(expected, FlinkAuditTest.parts(out, embedded.identity()));
  }
}
