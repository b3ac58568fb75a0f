package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.Faults.assertNothingLeft;
import static dev.hornbeam.portfolio.Faults.await;
import static dev.hornbeam.portfolio.Faults.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service is killed (SIGKILL) while its workers run: a worker halts as soon as its stdin ends, so none
 * may outlive the service by more than a few seconds, whether busy on a query or still loading its solver;
 * and each wipes its own temp directory (the service that would have wiped it is dead).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServiceKillTest {
  @TempDir
  Path root;

  Process service;

  @AfterEach
  void stopService() throws Exception {
    if (service != null && service.isAlive()) {
      service.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    // Should a test fail half-way, leave no workers behind either.
    for (long pid : Faults.workersUnder(root)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private BufferedReader startService(String mode) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:+UseSerialGC", "-cp", Faults.classpath(), ServiceMain.class.getName(), root.toString(), mode);
    service = new ProcessBuilder(command).redirectError(root.resolve("service.log").toFile()).start();
    return new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
  }

  private String awaitLine(BufferedReader out, String prefix, Duration timeout) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        for (String l; (l = out.readLine()) != null; ) {
          System.out.println("service: " + l);
          if (l.startsWith(prefix)) {
            return l;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String l = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(l != null, () -> "the service ended without " + prefix + "; its log: " + log());
    return l;
  }

  private String log() {
    try {
      return Files.readString(root.resolve("service.log"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  private static List<Long> descendantsOf(long pid) {
    return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).collect(Collectors.toList())).orElse(List.of());
  }

  /** Kills the service and checks that the workers and their directories are gone within 5 s. */
  private void killServiceAndCheck(Map<Long, Path> workers) throws Exception {
    long t0 = System.nanoTime();
    Faults.kill9(service.pid());
    assertTrue(service.waitFor(5, TimeUnit.SECONDS), "the service did not die");
    boolean exited = await(() -> workers.keySet().stream().noneMatch(Faults::running), Duration.ofSeconds(5));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(exited, () -> "workers outlived the service: "
        + workers.keySet().stream().filter(Faults::running).map(p -> p + " " + Faults.cmdline(p)).toList());
    boolean wiped = await(() -> workers.values().stream().noneMatch(Files::exists), Duration.ofSeconds(5));
    System.out.println("workers " + workers.keySet() + " exited " + ms + " ms after the service was killed; dirs wiped: " + wiped);
    assertTrue(wiped, () -> "worker directories left behind: " + workers.values().stream().filter(Files::exists).toList());
    assertNothingLeft(root);
  }

  @Test
  void workersOnAQueryExitWhenTheServiceIsKilled() throws Exception {
    BufferedReader out = startService("busy");
    String[] pids = awaitLine(out, "PIDS", Duration.ofSeconds(40)).split(" ");
    awaitLine(out, "BUSY", Duration.ofSeconds(20));
    Map<Long, Path> workers = new LinkedHashMap<>();
    for (int i = 1; i < pids.length; i++) {
      long pid = Long.parseLong(pids[i]);
      assertTrue(running(pid));
      assertTrue(descendantsOf(service.pid()).contains(pid), "worker " + pid + " is a child of the service");
      workers.put(pid, Faults.workerDir(pid));
    }
    assertEquals(2, workers.size());
    killServiceAndCheck(workers);
  }

  /** A service that closes its portfolio and exits at once leaves no worker and no directory behind. */
  @Test
  void closeThenExitLeavesNothingBehind() throws Exception {
    BufferedReader out = startService("close");
    String[] pids = awaitLine(out, "PIDS", Duration.ofSeconds(40)).split(" ");
    Map<Long, Path> workers = new LinkedHashMap<>();
    for (int i = 1; i < pids.length; i++) {
      long pid = Long.parseLong(pids[i]);
      workers.put(pid, Faults.workerDir(pid));
    }
    awaitLine(out, "CLOSED", Duration.ofSeconds(20));
    assertTrue(service.waitFor(10, TimeUnit.SECONDS), "the service did not exit");
    assertEquals(0, service.exitValue());
    assertTrue(workers.keySet().stream().noneMatch(Faults::running), "workers outlived the service");
    // Nothing is left to wipe the directories once the service has exited: they must be gone already.
    assertTrue(workers.values().stream().noneMatch(Files::exists),
        () -> "worker directories left behind: " + workers.values().stream().filter(Files::exists).toList());
    assertNothingLeft(root);
  }

  @Test
  void workersStillLoadingExitWhenTheServiceIsKilled() throws Exception {
    BufferedReader out = startService("starting");
    awaitLine(out, "STARTING", Duration.ofSeconds(20));
    // The workers are found by listing: the service does not know them before their hello.
    assertTrue(await(() -> descendantsOf(service.pid()).stream().filter(p -> Faults.cmdline(p).contains(root.toString())).count() == 2,
        Duration.ofSeconds(10)), "two workers starting");
    Map<Long, Path> workers = new LinkedHashMap<>();
    for (long pid : new ArrayList<>(Faults.workersUnder(root))) {
      workers.put(pid, Faults.workerDir(pid));
    }
    assertEquals(2, workers.size());
    killServiceAndCheck(workers);
  }
}
