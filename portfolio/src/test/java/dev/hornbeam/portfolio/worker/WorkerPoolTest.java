package dev.hornbeam.portfolio.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker processes in a pool: identity, directories, recycling, memory caps. */
class WorkerPoolTest {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
  private static final String SAT = "(set-logic ALL)\n(declare-const x Int)\n(assert (> x 41))\n(check-sat)\n";

  @TempDir
  Path temp;

  @AfterAll
  static void stopTimer() {
    TIMER.shutdownNow();
  }

  private static Worker take(WorkerPool pool) throws Exception {
    return pool.acquire().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aWorkerIsAMarkedChildProcessWithItsOwnDirectoryWipedWhenItEnds() throws Exception {
    WorkerLaunch launch = WorkerLaunch.defaults().withTempRoot(temp);
    ProcessWorker w = ProcessWorker.start(launch, SolverId.CVC5, Duration.ofSeconds(30));
    try {
      String command = ProcessHandle.of(w.pid()).orElseThrow().info().commandLine().orElse("");
      assertTrue(command.contains(WorkerMain.MARKER), command);
      assertTrue(ProcessHandle.current().children().anyMatch(p -> p.pid() == w.pid()), "a child of this JVM");
      assertTrue(w.directory().startsWith(temp) && Files.isDirectory(w.directory()));
      assertTrue(command.contains("-Djava.io.tmpdir=" + w.directory()), command);
      assertTrue(w.version().startsWith("cvc5 1."), w.version());
      SolverResult r = w.solve(SAT, 5_000).get(30, TimeUnit.SECONDS);
      assertEquals(Status.SAT, r.status());
      assertTrue(((dev.hornbeam.smt.api.ModelValue.Int) r.model().get("x")).value().intValue() > 41);
    } finally {
      w.kill();
    }
    assertTrue(ProcessHandle.of(w.pid()).map(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).join()).isPresent()
        || ProcessHandle.of(w.pid()).isEmpty());
    for (int i = 0; i < 50 && Files.exists(w.directory()); i++) {
      Thread.sleep(100);
    }
    assertFalse(Files.exists(w.directory()), "directory wiped after the worker ended");
  }

  @Test
  void aWorkerIsRecycledAfterItsQuota() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkerLaunch launch = WorkerLaunch.defaults().withTempRoot(temp);
    try (WorkerPool pool = new WorkerPool(SolverId.Z3, 1, 4, 3, 0, ProcessWorker.factory(launch, Duration.ofSeconds(30)), TIMER, registry)) {
      assertTrue(pool.awaitFull(30, TimeUnit.SECONDS));
      long first = pool.pids().get(0);
      for (int i = 0; i < 3; i++) {
        Worker w = take(pool);
        assertEquals(first, w.pid());
        assertEquals(Status.SAT, w.solve(SAT, 5_000).get(30, TimeUnit.SECONDS).status());
        pool.release(w, true, false);
      }
      Worker next = take(pool); // waits for the replacement
      assertNotEquals(first, next.pid());
      pool.release(next, true, false);
      assertEquals(1.0, registry.counter("hornbeam.solver.restarts", "solver", "z3").count());
      assertEquals(0.0, registry.counter("hornbeam.solver.crashes", "solver", "z3").count());
      assertTrue(ProcessHandle.of(first).isEmpty() || !ProcessHandle.of(first).get().isAlive()
          || ProcessHandle.of(first).get().onExit().orTimeout(5, TimeUnit.SECONDS).join() != null);
    }
  }

  @Test
  void aWorkerAboveItsMemoryLimitIsReplaced() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // 1 byte: every worker is over the limit after its first query.
    try (WorkerPool pool = new WorkerPool(SolverId.CVC5, 1, 4, 1_000, 1,
        ProcessWorker.factory(WorkerLaunch.defaults().withTempRoot(temp), Duration.ofSeconds(30)), TIMER, registry)) {
      assertTrue(pool.awaitFull(30, TimeUnit.SECONDS));
      Worker w = take(pool);
      assertTrue(w.rssBytes() > 10 << 20, "RSS is read from /proc: " + w.rssBytes());
      w.solve(SAT, 5_000).get(30, TimeUnit.SECONDS);
      pool.release(w, true, false);
      assertTrue(pool.awaitFull(30, TimeUnit.SECONDS));
      assertNotEquals(List.of(w.pid()), pool.pids());
    }
  }

  @Test
  void workersRunUnderAnAddressSpaceLimit() throws Exception {
    ProcessWorker w = ProcessWorker.start(WorkerLaunch.defaults().withTempRoot(temp).withNativeMemoryMb(3_072),
        SolverId.Z3, Duration.ofSeconds(30));
    try {
      String limits = Files.readString(Path.of("/proc", Long.toString(w.pid()), "limits"));
      String line = limits.lines().filter(l -> l.startsWith("Max address space")).findFirst().orElseThrow();
      assertTrue(line.contains(Long.toString(3_072L << 20)), line);
      assertEquals(Status.SAT, w.solve(SAT, 5_000).get(30, TimeUnit.SECONDS).status());
    } finally {
      w.kill();
    }
  }

  @Test
  void aWorkerThatCannotStartWithinItsLimitSaysWhy() {
    // 64 MB of address space is far too little for a JVM: the start fails with the worker's own words.
    WorkerStartException e = org.junit.jupiter.api.Assertions.assertThrows(WorkerStartException.class,
        () -> ProcessWorker.start(WorkerLaunch.defaults().withTempRoot(temp).withNativeMemoryMb(64), SolverId.Z3, Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("z3 worker") && e.getMessage().contains("exit code"), e.getMessage());
  }
}
