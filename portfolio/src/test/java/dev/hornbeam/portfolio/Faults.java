package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import dev.hornbeam.portfolio.worker.WorkerMain;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the fault tests share: configurations with real or fake workers, the fail-closed check, and
 * process listings (worker processes are found by the {@code hornbeam-solver-worker} marker in their
 * command line, read from {@code /proc/<pid>/cmdline}).
 *
 * <p>Class path of the workers: {@link WorkerLaunch#defaults()} takes {@code java.class.path}. Under
 * surefire (forked, manifest-only booter jar) that property holds the full test class path, the same as
 * {@code surefire.test.class.path}: surefire sets it before the tests run. {@link #classpath()} prefers
 * the surefire property when present so that a booter jar in {@code java.class.path} (another launcher)
 * cannot hide the test classes from the children.
 */
final class Faults {
  /** The slack over the caller's deadline that the tests allow. */
  static final Duration SLACK = Duration.ofSeconds(1);

  static final Set<Reason> FAIL_CLOSED = EnumSet.of(Reason.TIMEOUT, Reason.UNKNOWN, Reason.ERROR, Reason.OVERLOADED);

  private Faults() {}

  static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /**
   * Real workers under {@code root}, one per solver, the given race and JVM options. The race strategy:
   * these tests are about the workers and the race (under {@code auto} the native backend would answer
   * before any worker is asked).
   */
  static PortfolioConfig.Builder real(Path root) {
    WorkerLaunch launch = WorkerLaunch.defaults().withTempRoot(root);
    launch = new WorkerLaunch(launch.java(), classpath(), launch.mainClass(), launch.heapMb(), launch.nativeMemoryMb(),
        launch.jvmOptions(), launch.tempRoot());
    return PortfolioConfig.defaults().toBuilder()
        .strategy(dev.hornbeam.portfolio.race.Strategy.RACE)
        .launch(launch)
        .workersPerSolver(1)
        .workerStartTimeout(Duration.ofSeconds(30))
        .failedQueries(root.resolve("failed-queries"));
  }

  /** {@link FakeWorker}s under {@code root}; {@code options} such as {@code -Dhornbeam.fake=hang}. */
  static PortfolioConfig.Builder fake(Path root, String... options) {
    PortfolioConfig.Builder b = real(root);
    WorkerLaunch launch = b.build().launch().withMainClass(FakeWorker.class.getName()).withHeapMb(64)
        .withJvmOptions(List.of(options));
    return b.launch(launch);
  }

  /** Fail closed: a correct SOLVED answer, or PUBLIC for TIMEOUT / UNKNOWN / ERROR / OVERLOADED. */
  static void assertFailClosed(PublicAccessAnswer a, PublicAccessAnswer.Result expectedIfSolved) {
    if (a.reason() == Reason.SOLVED) {
      assertEquals(expectedIfSolved, a.result(), () -> "a wrong solved answer: " + a);
    } else {
      assertEquals(PublicAccessAnswer.Result.PUBLIC, a.result(), () -> "not fail-closed: " + a);
      assertTrue(FAIL_CLOSED.contains(a.reason()), () -> "not a fail-closed reason: " + a);
    }
  }

  static void assertWithin(long startNanos, Duration deadline, String what) {
    long took = System.nanoTime() - startNanos;
    assertTrue(took <= deadline.plus(SLACK).toNanos(),
        what + " took " + TimeUnit.NANOSECONDS.toMillis(took) + " ms, deadline " + deadline.toMillis() + " ms");
  }

  static double counter(MeterRegistry registry, String name, SolverId solver) {
    Counter c = registry.find(name).tag("solver", solver.key()).counter();
    return c == null ? 0 : c.count();
  }

  // ---- processes ----

  /** The command line of a process, or empty if it is gone (a zombie has none either). */
  static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Running, i.e. present and neither a zombie nor dead (an orphan's zombie may wait for a reaper). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X' && state != 'x';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Worker processes of this machine whose command line names {@code root} (their temp root). */
  static List<Long> workersUnder(Path root) {
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.map(ProcessHandle::pid)
          .filter(pid -> {
            String c = cmdline(pid);
            return c.contains(WorkerMain.MARKER) && c.contains(root.toString()) && running(pid);
          })
          .collect(Collectors.toList());
    }
  }

  /** Worker processes among this JVM's descendants. */
  static List<Long> descendantWorkers() {
    try (Stream<ProcessHandle> d = ProcessHandle.current().descendants()) {
      return d.map(ProcessHandle::pid)
          .filter(pid -> cmdline(pid).contains(WorkerMain.MARKER) && running(pid))
          .collect(Collectors.toList());
    }
  }

  /** The worker's own temp directory, from {@code -Djava.io.tmpdir=} in its command line (ProcessWorker.directory()). */
  static Path workerDir(long pid) {
    for (String arg : cmdline(pid).split(" ")) {
      if (arg.startsWith("-Djava.io.tmpdir=")) {
        return Path.of(arg.substring("-Djava.io.tmpdir=".length()));
      }
    }
    throw new AssertionError("no -Djava.io.tmpdir in the command line of " + pid + ": " + cmdline(pid));
  }

  /** The worker directories left under {@code root}. */
  static List<Path> workerDirs(Path root) {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("hornbeam-worker-")).collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  /** {@code kill -9 pid}, with the real command. */
  static void kill9(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).redirectErrorStream(true).start();
    try (InputStream in = kill.getInputStream()) {
      in.readAllBytes();
    }
    assertTrue(kill.waitFor(5, TimeUnit.SECONDS), "kill -9 " + pid + " did not return");
  }

  static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Worker pid → its directory, for every live worker of the portfolio. */
  static Map<Long, Path> workers(Portfolio portfolio) {
    Map<Long, Path> dirs = new LinkedHashMap<>();
    for (SolverId id : SolverId.workers()) {
      for (long pid : portfolio.pools().get(id).pids()) {
        dirs.put(pid, workerDir(pid));
      }
    }
    return dirs;
  }

  /**
   * After a fault: every pool is back to full size with new workers, the old ones are gone and their
   * directories wiped.
   */
  static void assertRecovered(Portfolio portfolio, Map<Long, Path> before, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    // The old workers leave the pools (a killed one only after the race's grace period) ...
    assertTrue(await(() -> portfolio.pools().values().stream().flatMap(p -> p.pids().stream()).noneMatch(before::containsKey),
        timeout), () -> "old workers still in the pools: " + portfolio.pools().values().stream().flatMap(p -> p.pids().stream()).toList()
            + ", before: " + before.keySet());
    // ... and new ones fill them again.
    for (WorkerPool pool : portfolio.pools().values()) {
      assertTrue(pool.awaitFull(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS),
          () -> "the " + pool.solver().key() + " pool has " + pool.live() + " of " + pool.size()
              + " workers; last start problem: " + pool.lastStartProblem());
      assertEquals(pool.size(), pool.live());
    }
    Map<Long, Path> after = workers(portfolio);
    for (long pid : after.keySet()) {
      assertTrue(running(pid), "pool lists worker " + pid + " but it is not running");
    }
    assertTrue(await(() -> before.keySet().stream().noneMatch(Faults::running), Duration.ofSeconds(5)),
        () -> "old workers still running: " + before.keySet().stream().filter(Faults::running).toList());
    assertTrue(await(() -> before.values().stream().noneMatch(Files::exists), Duration.ofSeconds(5)),
        () -> "old worker directories left: " + before.values().stream().filter(Files::exists).toList());
    for (long pid : before.keySet()) {
      assertFalse(after.containsKey(pid), "worker " + pid + " should have been replaced");
    }
    assertNotEquals(0, after.size());
  }

  /** After close: no worker process of this test left (by listing), no worker directory left. */
  static void assertNothingLeft(Path root) throws InterruptedException {
    boolean clean = await(() -> workersUnder(root).isEmpty() && descendantWorkers().isEmpty() && workerDirs(root).isEmpty(),
        Duration.ofSeconds(5));
    if (!clean) {
      List<String> left = new ArrayList<>();
      for (long pid : workersUnder(root)) {
        left.add(pid + ": " + cmdline(pid));
      }
      for (long pid : descendantWorkers()) {
        left.add("descendant " + pid);
      }
      fail("leaked after close: processes " + left + ", directories " + workerDirs(root));
    }
  }

  static String resource(String name) {
    try (InputStream in = Faults.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
