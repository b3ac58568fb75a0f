package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.Faults.assertFailClosed;
import static dev.hornbeam.portfolio.Faults.assertNothingLeft;
import static dev.hornbeam.portfolio.Faults.assertRecovered;
import static dev.hornbeam.portfolio.Faults.assertWithin;
import static dev.hornbeam.portfolio.Faults.await;
import static dev.hornbeam.portfolio.Faults.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.PublicAccessAnswer.Result;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.WorkerPool;
import dev.hornbeam.policy.resource.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Single faults, one portfolio each: real workers killed (kill -9) mid-query or while idle, or frozen
 * (kill -STOP); fake workers ({@link FakeWorker}) where a real one cannot misbehave on demand: they hang
 * ignoring cancel, stop reading their stdin, write garbage, crash, exit at start-up or are slow to start.
 * Each test checks the answer is fail-closed and within
 * the caller's deadline (plus {@link Faults#SLACK}), that the pools come back to full size with new
 * processes, and that after close no worker process or directory is left.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerFaultsTest {
  static final String SLOW = Faults.resource("/queries/slow-factoring.smt2");

  @TempDir
  Path root;

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Runs the slow query in the background until every pool has its worker busy on it. */
  private static CompletableFuture<RaceResult> slowQueryRunning(Portfolio portfolio, long deadlineNanos) throws InterruptedException {
    CompletableFuture<RaceResult> result = CompletableFuture.supplyAsync(() -> portfolio.solve("slow", SLOW, deadlineNanos).result());
    assertTrue(await(() -> portfolio.pools().values().stream().allMatch(p -> p.busy() == p.size()), Duration.ofSeconds(5)),
        "the slow query did not reach every worker");
    Thread.sleep(300); // well inside the check
    assertTrue(!result.isDone(), () -> "the slow query ended early: " + result.join());
    return result;
  }

  @Test
  void killNineBothRealWorkersMidQuery() throws Exception {
    try (PolicyChecker checker = PolicyChecker.start(Faults.real(root).build(), registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      Map<Long, Path> before = Faults.workers(portfolio);
      Duration deadline = Duration.ofSeconds(8);
      long start = System.nanoTime();
      CompletableFuture<RaceResult> running = slowQueryRunning(portfolio, start + deadline.toNanos());
      long killed = System.nanoTime();
      for (long pid : before.keySet()) {
        Faults.kill9(pid);
      }
      RaceResult r = running.get(deadline.plus(Faults.SLACK).toMillis(), TimeUnit.MILLISECONDS);
      long noticed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println("kill -9 both mid-query: " + r.outcome() + " " + noticed + " ms after the kill; " + r.detail());
      assertEquals(Outcome.ERROR, r.outcome(), r::toString);
      assertTrue(r.legs().stream().allMatch(l -> l.state() == Leg.State.ERROR), r::toString);
      assertTrue(noticed < 3_000, "the race noticed the dead workers only after " + noticed + " ms");
      assertWithin(start, deadline, "the race");
      for (SolverId id : SolverId.workers()) {
        assertEquals(1.0, counter(registry, "hornbeam.solver.crashes", id), id + " crashes");
      }
      long t0 = System.nanoTime();
      assertRecovered(portfolio, before, Duration.ofSeconds(20));
      System.out.println("pools full again after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      // The new workers answer.
      PublicAccessAnswer a = checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, Duration.ofSeconds(5));
      assertEquals(Reason.SOLVED, a.reason(), a::toString);
      assertEquals(Result.PUBLIC, a.result());
    }
    assertNothingLeft(root);
  }

  /** Killed while idle: the pool notices without a query, and the next query does not get the corpse. */
  @Test
  void killNineIdleRealWorkers() throws Exception {
    try (PolicyChecker checker = PolicyChecker.start(Faults.real(root).build(), registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      Map<Long, Path> before = Faults.workers(portfolio);
      for (long pid : before.keySet()) {
        Faults.kill9(pid);
      }
      long t0 = System.nanoTime();
      assertRecovered(portfolio, before, Duration.ofSeconds(20));
      System.out.println("idle workers killed: pools full again after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      for (SolverId id : SolverId.workers()) {
        assertEquals(1.0, counter(registry, "hornbeam.solver.crashes", id), id + " crashes");
      }
      // Killed just before a question: the question waits for the replacement instead of failing.
      before = Faults.workers(portfolio);
      for (long pid : before.keySet()) {
        Faults.kill9(pid);
      }
      Thread.sleep(100);
      Duration deadline = Duration.ofSeconds(10);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, deadline);
      assertWithin(start, deadline, "isPublic");
      System.out.println("asked right after the kill: " + a.reason() + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
      assertEquals(Reason.SOLVED, a.reason(), a::toString);
      assertEquals(Result.PUBLIC, a.result());
      assertRecovered(portfolio, before, Duration.ofSeconds(20));
    }
    assertNothingLeft(root);
  }

  @Test
  void killNineOneRealWorkerMidQueryTheOtherTimesOut() throws Exception {
    try (PolicyChecker checker = PolicyChecker.start(Faults.real(root).build(), registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      Map<Long, Path> before = Faults.workers(portfolio);
      Duration deadline = Duration.ofSeconds(2);
      long start = System.nanoTime();
      CompletableFuture<RaceResult> running = slowQueryRunning(portfolio, start + deadline.toNanos());
      long z3 = portfolio.pools().get(SolverId.Z3).pids().get(0);
      ProcessHandle.of(z3).orElseThrow().destroyForcibly(); // SIGKILL as well
      RaceResult r = running.get(deadline.plus(Faults.SLACK).toMillis(), TimeUnit.MILLISECONDS);
      assertWithin(start, deadline, "the race");
      System.out.println("kill -9 z3 mid-query: " + r);
      assertEquals(Outcome.TIMEOUT, r.outcome(), r::toString);
      assertEquals(1.0, counter(registry, "hornbeam.solver.crashes", SolverId.Z3));
      // cvc5 was told to stop at the deadline: it stops through its API or is killed after the grace period.
      assertRecovered(portfolio, Map.of(z3, before.get(z3)), Duration.ofSeconds(20));
      assertTrue(await(() -> portfolio.pools().get(SolverId.CVC5).busy() == 0, Duration.ofSeconds(3)));
      System.out.println("cvc5 after the deadline: kills " + counter(registry, "hornbeam.solver.kills", SolverId.CVC5));
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(20)));
      PublicAccessAnswer a = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, Duration.ofSeconds(5));
      assertEquals(Reason.SOLVED, a.reason(), a::toString);
      assertEquals(Result.NOT_PUBLIC, a.result());
    }
    assertNothingLeft(root);
  }

  /**
   * Real workers frozen mid-query ({@code kill -STOP}): they ignore the cancel like a solver stuck in native
   * code, and do not even read their stdin. TIMEOUT at the deadline, SIGKILL after the grace period.
   */
  @Test
  void realWorkersFrozenMidQueryAreKilledAfterTheGracePeriod() throws Exception {
    try (PolicyChecker checker = PolicyChecker.start(Faults.real(root).build(), registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      Map<Long, Path> before = Faults.workers(portfolio);
      Duration deadline = Duration.ofSeconds(2);
      long start = System.nanoTime();
      CompletableFuture<RaceResult> running = slowQueryRunning(portfolio, start + deadline.toNanos());
      for (long pid : before.keySet()) {
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start();
        assertEquals(0, stop.waitFor());
      }
      RaceResult r = running.get(deadline.plus(Faults.SLACK).toMillis(), TimeUnit.MILLISECONDS);
      assertWithin(start, deadline, "the race");
      assertEquals(Outcome.TIMEOUT, r.outcome(), r::toString);
      assertTrue(await(() -> counter(registry, "hornbeam.solver.kills", SolverId.Z3) == 1
          && counter(registry, "hornbeam.solver.kills", SolverId.CVC5) == 1, Duration.ofSeconds(3)),
          "each frozen worker is killed once after the grace period");
      assertRecovered(portfolio, before, Duration.ofSeconds(20));
      PublicAccessAnswer a = checker.isPublic(Policies.VPCE_ONLY, ResourceType.S3_BUCKET, Duration.ofSeconds(5));
      assertEquals(Reason.SOLVED, a.reason(), a::toString);
      assertEquals(Result.NOT_PUBLIC, a.result());
    }
    assertNothingLeft(root);
  }

  @Test
  void hangingWorkersTimeOutAndAreKilledAfterTheGracePeriod() throws Exception {
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake=hang").grace(Duration.ofMillis(200)).build();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(20)));
      Map<Long, Path> before = Faults.workers(portfolio);
      Duration deadline = Duration.ofSeconds(1);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, deadline);
      assertWithin(start, deadline, "isPublic");
      assertFailClosed(a, Result.NOT_PUBLIC);
      assertEquals(Reason.TIMEOUT, a.reason(), a::toString);
      assertTrue(await(() -> counter(registry, "hornbeam.solver.kills", SolverId.Z3) == 1
          && counter(registry, "hornbeam.solver.kills", SolverId.CVC5) == 1, Duration.ofSeconds(3)),
          "each hanging worker is killed once after the grace period");
      assertEquals(0.0, counter(registry, "hornbeam.solver.crashes", SolverId.Z3));
      assertRecovered(portfolio, before, Duration.ofSeconds(10));
    }
    assertNothingLeft(root);
  }

  @Test
  void aHangingZ3DoesNotHoldUpCvc5() throws Exception {
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake.z3=hang", "-Dhornbeam.fake.cvc5=real").build();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      long z3 = portfolio.pools().get(SolverId.Z3).pids().get(0);
      Path z3Dir = Faults.workerDir(z3);
      Duration deadline = Duration.ofSeconds(5);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, deadline);
      assertWithin(start, deadline, "isPublic");
      assertEquals(Reason.SOLVED, a.reason(), a::toString);
      assertEquals(Result.PUBLIC, a.result());
      assertEquals(SolverId.CVC5, a.solver().orElseThrow());
      // The losing z3 leg ignored its cancel: killed after the grace period, then replaced.
      assertTrue(await(() -> counter(registry, "hornbeam.solver.kills", SolverId.Z3) == 1, Duration.ofSeconds(3)));
      assertRecovered(portfolio, Map.of(z3, z3Dir), Duration.ofSeconds(10));
    }
    assertNothingLeft(root);
  }

  /**
   * A frozen worker does not read its stdin: a query larger than the pipe buffer cannot be written. The
   * caller must still get its answer by the deadline, and the worker must still be killed and replaced.
   */
  @Test
  void aFrozenWorkerThatReadsNothingCannotBlockTheCaller() throws Exception {
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake=deaf").build();
    try (Portfolio portfolio = Portfolio.start(config, registry)) {
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(20)));
      Map<Long, Path> before = Faults.workers(portfolio);
      // ~1 MB: far more than a pipe holds (64 KB).
      String big = ";" + "x".repeat(1_000) + "\n";
      String script = big.repeat(1_000) + SLOW;
      Duration deadline = Duration.ofSeconds(1);
      long start = System.nanoTime();
      CompletableFuture<RaceResult> result = CompletableFuture.supplyAsync(() -> portfolio.solve("big", script, start + deadline.toNanos()).result());
      RaceResult r;
      try {
        r = result.get(deadline.plus(Faults.SLACK).toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("the caller is still blocked " + deadline.plus(Faults.SLACK).toMillis() + " ms after its call", e);
      }
      assertWithin(start, deadline, "solve");
      assertTrue(r.outcome() == Outcome.TIMEOUT || r.outcome() == Outcome.ERROR, r::toString);
      assertRecovered(portfolio, before, Duration.ofSeconds(10));
      // A second query on the replacements ends the same way, by its deadline.
      long s2 = System.nanoTime();
      RaceResult r2 = CompletableFuture.supplyAsync(() -> portfolio.solve("big", script, s2 + deadline.toNanos()).result())
          .get(deadline.plus(Faults.SLACK).toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(r2.outcome() == Outcome.TIMEOUT || r2.outcome() == Outcome.ERROR, r2::toString);
    }
    assertNothingLeft(root);
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "bad-length", "wrong-id", "crash-mid-query"})
  void aBrokenAnswerIsAnErrorAndTheWorkerIsReplaced(String mode) throws Exception {
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake=" + mode).build();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(20)));
      Map<Long, Path> before = Faults.workers(portfolio);
      Duration deadline = Duration.ofSeconds(3);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, deadline);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println(mode + ": " + a.reason() + " after " + took + " ms: " + a.detail());
      assertFailClosed(a, Result.NOT_PUBLIC);
      assertEquals(Reason.ERROR, a.reason(), a::toString);
      assertTrue(took < deadline.toMillis(), "a broken worker is noticed at once, not at the deadline: " + took + " ms");
      for (SolverId id : SolverId.workers()) {
        assertEquals(1.0, counter(registry, "hornbeam.solver.crashes", id), id + " crashes");
        assertEquals(0.0, counter(registry, "hornbeam.solver.kills", id), id + " kills");
      }
      assertRecovered(portfolio, before, Duration.ofSeconds(10));
    }
    assertNothingLeft(root);
  }

  @Test
  void workersThatExitAtStartUpAreRetriedWithBackOff() throws Exception {
    Path log = root.resolve("starts.log");
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake=exit-at-start", "-Dhornbeam.fake.log=" + log).build();
    long t0 = System.nanoTime();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      // A question while no worker can start: it waits for a worker, then times out.
      Duration deadline = Duration.ofSeconds(1);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, deadline);
      assertWithin(start, deadline, "isPublic");
      assertFailClosed(a, Result.NOT_PUBLIC);
      assertEquals(Reason.TIMEOUT, a.reason(), a::toString);
      Thread.sleep(Math.max(0, 2_500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
      List<String> starts = Files.readAllLines(log);
      System.out.println("start attempts in 2.5 s: " + starts.size());
      for (WorkerPool pool : portfolio.pools().values()) {
        assertEquals(0, pool.live());
        assertTrue(pool.lastStartProblem().contains("exit code 3"), pool.lastStartProblem());
        long attempts = starts.stream().filter(l -> l.contains(" " + pool.solver().key() + " ")).count();
        // Back-off 0.4 s, 0.8 s, 1.6 s, …: about 3 in 2.5 s. A spinning restart makes dozens.
        assertTrue(attempts >= 2 && attempts <= 5, pool.solver().key() + " start attempts in 2.5 s: " + attempts);
      }
      // Failed starts leave no process (one may be starting right now: it exits within a moment).
      assertTrue(await(() -> Faults.workersUnder(root).isEmpty(), Duration.ofSeconds(2)), "failed starts leave no process");
    }
    int afterClose = Files.readAllLines(log).size();
    Thread.sleep(1_500);
    assertEquals(afterClose, Files.readAllLines(log).size(), "no start after close");
    assertNothingLeft(root);
  }

  @Test
  void aWorkerSlowToSayHelloIsKilledAtTheStartTimeout() throws Exception {
    Path log = root.resolve("starts.log");
    PortfolioConfig config = Faults.fake(root, "-Dhornbeam.fake=slow-hello", "-Dhornbeam.fake.delayMs=30000",
        "-Dhornbeam.fake.log=" + log).workerStartTimeout(Duration.ofMillis(800)).build();
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(await(() -> portfolio.pools().values().stream().allMatch(p -> p.lastStartProblem().contains("did not say hello")),
          Duration.ofSeconds(5)), "start timeout noticed");
      Duration deadline = Duration.ofMillis(500);
      long start = System.nanoTime();
      PublicAccessAnswer a = checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, deadline);
      assertWithin(start, deadline, "isPublic");
      assertEquals(Reason.TIMEOUT, a.reason(), a::toString);
      // The timed-out starts were killed: at most one start in flight per pool.
      List<String> starts = Files.readAllLines(log);
      List<Long> alive = Faults.workersUnder(root);
      assertTrue(alive.size() <= 2, "started " + starts.size() + ", still running " + alive);
    }
    assertNothingLeft(root);
  }
}
