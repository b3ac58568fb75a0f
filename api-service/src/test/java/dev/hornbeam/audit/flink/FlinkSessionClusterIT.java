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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hornbeam.jar submitted with {@code --cluster} to a real Flink session cluster: a standalone JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and two TaskManagers ({@code TaskManagerRunner}), each a separate JVM
 * started here from the Flink classes the same jar holds (Maven-resolved; no Flink distribution). One cluster serves
 * three tests: a plain submission; a run during which one TaskManager is killed with SIGKILL after the sink has
 * committed its first findings (Flink restarts the job from its newest checkpoint on the slots left, and the findings
 * are complete, each resource once, and equal to the embedded job's); and a client killed mid-run, whose job goes on:
 * the same audit run again is refused while that job runs, and after it is cancelled resumes from its checkpoint.
 *
 * <p>Slots: two per TaskManager, job parallelism 2, spread evenly ({@code taskmanager.load-balance.mode: slots}): the two
 * check subtasks start on different TaskManagers, so the one killed holds running work, and the TaskManager left
 * still has the two slots the restarted job needs. Restart strategy: fixed delay, 1 s, at most 10 attempts (the job
 * leaves it to the cluster); heartbeats every second, so the dead TaskManager is noticed after two failed heartbeat
 * RPCs and its slots are given up within seconds rather than Flink's default 50 s. The orphan test holds its job by
 * stopping the TaskManagers (SIGSTOP) while the second client asks, and lets it go on (SIGCONT) before cancelling it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkSessionClusterIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("api-service/target/hornbeam.jar");
  static final String KILLED = "tm-killed";

  /** The cluster's and the runs' files; kept when a test failed (their logs say why). */
  Path dir;
  /** Every process started here and every descendant seen, stopped in {@link #stop} whatever happened. */
  final List<Process> started = new ArrayList<>();
  final Set<ProcessHandle> seen = new HashSet<>();
  final HttpClient http = HttpClient.newHttpClient();
  int rest;
  Process doomed;
  Process kept;
  /** The kill test's estate (the first test's is its first lines), its resources and the embedded job's answers. */
  Path estate;
  int resources;
  long embeddedPublic;
  String embeddedIdentity;
  Map<String, FlinkAuditTest.Answer> expected;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
    dir = tmp;
    rest = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("config.yaml"), String.join("\n",
        "jobmanager.rpc.address: localhost", "jobmanager.rpc.port: " + freePort(), "jobmanager.bind-host: localhost",
        "taskmanager.bind-host: localhost", "taskmanager.host: localhost", "taskmanager.rpc.port: 0", "taskmanager.data.port: 0",
        "blob.server.port: " + freePort(), "rest.port: " + rest, "rest.address: localhost", "rest.bind-address: localhost",
        "jobmanager.memory.process.size: 800m", "taskmanager.numberOfTaskSlots: 2", "taskmanager.load-balance.mode: slots",
        "parallelism.default: 2", "taskmanager.cpu.cores: 2", "taskmanager.memory.task.heap.size: 256m",
        "taskmanager.memory.managed.size: 32m", "taskmanager.memory.network.min: 64m", "taskmanager.memory.network.max: 64m",
        "taskmanager.memory.framework.heap.size: 128m", "taskmanager.memory.framework.off-heap.size: 128m",
        "taskmanager.memory.task.off-heap.size: 0m", "taskmanager.memory.jvm-metaspace.size: 256m",
        "taskmanager.memory.jvm-overhead.min: 192m", "taskmanager.memory.jvm-overhead.max: 192m",
        "restart-strategy.type: fixed-delay", "restart-strategy.fixed-delay.attempts: 10", "restart-strategy.fixed-delay.delay: 1 s",
        // A killed TaskManager is noticed within two failed heartbeat RPCs (heartbeat.rpc-failure-threshold, 2 by
        // default); the long timeout only bounds a TaskManager that stops answering without dying, as the orphan
        // test's stopped (SIGSTOP) ones do while the second client asks the cluster.
        "heartbeat.interval: 1000", "heartbeat.timeout: 30000", ""));
    java("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf.toString());
    kept = java("taskmanager-1", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString(),
        "-Dtaskmanager.resource-id=tm-kept");
    doomed = java("taskmanager-2", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString(),
        "-Dtaskmanager.resource-id=" + KILLED);
    // The embedded job's answers on the estate, while the cluster starts: the reference for both tests.
    estate = dir.resolve("estate.ndjson");
    resources = Estates.write(estate, KILL_ACCOUNTS, 1);
    resources += FlinkAuditTest.withVariants(estate);
    FlinkAudit.Outcome embedded = FlinkAudit.run(FlinkAudit.Options.of(List.of(estate), dir.resolve("embedded")).withWorkers(1)
        .withParallelism(2));
    embeddedPublic = embedded.publicCount();
    embeddedIdentity = embedded.identity();
    expected = FlinkAuditTest.parts(dir.resolve("embedded"), embedded.identity());
    assertEquals(resources, expected.size());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String overview = "";
    while (!overview.contains("\"taskmanagers\":2") && System.nanoTime() < deadline) {
      Thread.sleep(300);
      overview = get("/overview");
    }
    assertTrue(overview.contains("\"taskmanagers\":2") && overview.contains("\"slots-total\":4"), "the session cluster is up: " + overview);
  }

  @AfterAll
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(seen::add);
    }
    for (Process p : started) {
      p.destroyForcibly();
    }
    for (ProcessHandle h : seen) {
      h.destroyForcibly();
    }
    for (Process p : started) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The REST endpoint's answer, or "" while it is not up. */
  String get(String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    }
  }

  Process java(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp-" + name)), "-cp", JAR.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    started.add(p);
    return p;
  }

  Process submit(String name, Path input, Path out) throws IOException {
    return java(name, FlinkAuditMain.class.getName(), input.toString(), "--out", out.toString(), "--cluster", "localhost:" + rest,
        "--workers", "1", "--parallelism", "2", "--checkpoint-interval", "500");
  }

  @Test
  @Order(1)
  void theSameJarRunsTheAuditOnASessionCluster() throws Exception {
    // The same file name (a resource's key names it) in another directory.
    Path input = Files.createDirectories(dir.resolve("small")).resolve(estate.getFileName());
    Files.write(input, Files.readAllLines(estate).subList(0, 20));
    Path out = dir.resolve("cluster-small");
    Process client = submit("client-small", input, out);
    assertTrue(client.waitFor(180, TimeUnit.SECONDS));
    assertEquals(1, client.exitValue(), Files.readString(dir.resolve("client-small.log")));
    for (String tm : List.of("taskmanager-1", "taskmanager-2")) {
      String log = Files.readString(dir.resolve(tm + ".log"));
      assertTrue(log.contains("worker") && log.contains(" up in "), "the solver workers started on " + tm + " (slots spread evenly)");
    }
    // Each resource's answer is its own (dedup shares only equal answers): the small estate's are the big one's.
    Map<String, FlinkAuditTest.Answer> found = FlinkAuditTest.parts(out, identity(out));
    assertEquals(60, found.size());
    Map<String, FlinkAuditTest.Answer> same = new TreeMap<>();
    found.keySet().forEach(k -> same.put(k, expected.get(k)));
    assertEquals(same, found);
  }

  @Test
  @Order(2)
  void aTaskManagerKilledMidRunLosesAndRepeatsNothing() throws Exception {
    Path input = estate;
    int n = resources;
    Path out = dir.resolve("cluster-kill");
    Process client = submit("client-kill", input, out);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long committed = 0;
    // The kill point follows the job's progress: a fifth of the findings committed (some checkpoints complete, the
    // dedup state holds answers), well before the last.
    while (client.isAlive() && (committed = FlinkAuditKillTest.committed(out)) < n / 5 && System.nanoTime() < deadline) {
      doomed.descendants().forEach(seen::add);
      Thread.sleep(50);
    }
    doomed.descendants().forEach(seen::add);
    String running = jobs();
    assertTrue(committed > 0 && committed < n && running.contains("\"state\":\"RUNNING\""),
        "killed after a fifth of the findings were committed and before the last: " + committed + " of " + n + ", " + running);
    Set<ProcessHandle> orphans = new HashSet<>();
    doomed.descendants().forEach(orphans::add);
    assertTrue(!orphans.isEmpty(), "the TaskManager to be killed runs solver workers");
    doomed.destroyForcibly(); // SIGKILL
    assertTrue(doomed.waitFor(10, TimeUnit.SECONDS));
    String job = jobId(running);

    assertTrue(client.waitFor(240, TimeUnit.SECONDS), "the job finished on the TaskManager left");
    String clientLog = Files.readString(dir.resolve("client-kill.log"));
    assertEquals(1, client.exitValue(), clientLog);
    String exceptions = get("/jobs/" + job + "/exceptions");
    assertTrue(exceptions.contains(KILLED), "the job failed over from the killed TaskManager: " + exceptions);
    String overview = get("/overview");
    assertTrue(overview.contains("\"taskmanagers\":1"), "one TaskManager left: " + overview);
    long deadlineOrphans = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (orphans.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadlineOrphans) {
      Thread.sleep(100);
    }
    assertTrue(orphans.stream().noneMatch(ProcessHandle::isAlive), "the killed TaskManager's solver workers ended on their own");

    // parts() asserts every line of the finished part files is a distinct resource: exactly once.
    assertEquals(embeddedIdentity, identity(out), "the same inputs and options: the same run identity");
    assertEquals(expected, FlinkAuditTest.parts(out, embeddedIdentity));
    assertTrue(clientLog.contains("PUBLIC " + embeddedPublic + "\n"), clientLog);
  }

  // The orphaned job is held while the second client asks: the TaskManagers running it are stopped (SIGSTOP), so it
  // cannot end meanwhile (unheld, the 750-resource job ended about 5 s after its client was killed, before the second
  // client had started, and the test depended on timing). The job stays RUNNING for the JobManager: the heartbeat
  // timeout (30 s) is far longer than the second client takes.
  @Test
  @Order(3)
  void aJobLeftRunningByAKilledClientIsNotJoinedBySecondOne() throws Exception {
    Path out = dir.resolve("cluster-orphan");
    Process client = submit("client-orphan", estate, out);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (client.isAlive() && FlinkAuditKillTest.committed(out) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    String running = jobs();
    String job = jobId(running);
    client.destroyForcibly(); // SIGKILL: the job goes on without its client
    assertTrue(client.waitFor(10, TimeUnit.SECONDS));
    List<Process> taskManagers = java.util.stream.Stream.of(kept, doomed).filter(Process::isAlive).toList();
    assertTrue(!taskManagers.isEmpty(), "a TaskManager runs the job");
    String log;
    Process again;
    signal("STOP", taskManagers);
    try {
      assertTrue(get("/jobs/" + job).contains("\"state\":\"RUNNING\""), "the job outlives its client: " + jobs());
      again = submit("client-again", estate, out);
      assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the second client ended while the job was held");
      log = Files.readString(dir.resolve("client-again.log"));
      assertTrue(get("/jobs/" + job).contains("\"state\":\"RUNNING\""), "the refusal left the job alone: " + log);
    } finally {
      signal("CONT", taskManagers);
    }
    assertEquals(2, again.exitValue(), log);
    assertTrue(log.contains("still runs this audit's job " + job) && log.contains("flink cancel " + job), log);

    http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + "/jobs/" + job + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    long cancelled = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!get("/jobs/" + job).contains("\"state\":\"CANCELED\"") && System.nanoTime() < cancelled) {
      Thread.sleep(100);
    }
    Process resumed = submit("client-resumed", estate, out);
    assertTrue(resumed.waitFor(240, TimeUnit.SECONDS));
    String resumedLog = Files.readString(dir.resolve("client-resumed.log"));
    assertEquals(1, resumed.exitValue(), resumedLog);
    // Cancelled, the job kept its checkpoints (RETAIN_ON_CANCELLATION): the run goes on from one.
    assertTrue(resumedLog.contains("resumed from checkpoint"), resumedLog);
    assertEquals(expected, FlinkAuditTest.parts(out, embeddedIdentity));
  }

  /** Sends {@code signal} (STOP, CONT) to each process with kill(1). */
  static void signal(String signal, List<Process> processes) throws IOException, InterruptedException {
    for (Process p : processes) {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -" + signal + " " + p.pid());
    }
  }

  /**
   * Accounts of the estate: each with one resource whose policy no other shares and two per-account variants that
   * share their answers across accounts (mostly deduplicated, as real estates are).
   */
  static final int KILL_ACCOUNTS = 250;

  /** The run's identity, as the client recorded it beside its checkpoints (the part files' lines carry it). */
  static String identity(Path out) throws IOException {
    return Files.readString(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.FINGERPRINT)).trim();
  }

  private static final Pattern JOB = Pattern.compile("\"jid\":\"([0-9a-f]{32})\"[^}]*?\"state\":\"RUNNING\"");

  String jobs() throws InterruptedException {
    return get("/jobs/overview");
  }

  static String jobId(String overview) {
    Matcher m = JOB.matcher(overview);
    assertTrue(m.find(), "a running job: " + overview);
    return m.group(1);
  }
}
