package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.Faults.assertFailClosed;
import static dev.hornbeam.portfolio.Faults.assertNothingLeft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.PublicAccessAnswer.Result;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.WorkerPool;
import dev.hornbeam.policy.resource.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 questions at once on 2 cores, one real worker per solver and a small queue, while workers are
 * killed with SIGKILL now and then: every call returns (no exception), within its deadline plus
 * {@link Faults#SLACK}, with a correct SOLVED answer or a fail-closed PUBLIC; afterwards the pools are full
 * and nothing is leaked.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentFaultsTest {
  static final int CALLS = 200;

  @TempDir
  Path root;

  enum Kind { PUBLIC_READ, ACCOUNT_ONLY, VPCE_ONLY }

  /** One of the three test policies, on bucket {@code bucket}: distinct policies are distinct queries. */
  static Policy policy(Kind kind, String bucket) {
    String resource = "arn:aws:s3:::" + bucket + "/*";
    return switch (kind) {
      case PUBLIC_READ -> Policies.of(Policies.st("Allow", "\"*\"", "s3:GetObject", resource, null));
      case ACCOUNT_ONLY -> Policies.of(Policies.st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "s3:GetObject", resource, null));
      case VPCE_ONLY -> Policies.of(Policies.st("Allow", "\"*\"", "s3:GetObject", resource,
          "{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}}"));
    };
  }

  record Call(int i, Kind kind, PublicAccessAnswer answer, Throwable thrown, long millis) {}

  @Test
  void twoHundredConcurrentQuestionsWhileWorkersAreKilled() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PortfolioConfig config = Faults.real(root).workersPerSolver(1).maxQueue(16).build();
    Duration deadline = Duration.ofSeconds(3);
    List<Call> calls = new ArrayList<>();
    List<Long> killed = new ArrayList<>();
    long burst;
    try (PolicyChecker checker = PolicyChecker.start(config, registry)) {
      Portfolio portfolio = checker.portfolio();
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      // What each kind of policy is, asked one at a time with time to spare.
      Map<Kind, Result> expected = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        PublicAccessAnswer a = checker.isPublic(policy(kind, "warm-up"), ResourceType.S3_BUCKET, Duration.ofSeconds(10));
        assertEquals(Reason.SOLVED, a.reason(), a::toString);
        expected.put(kind, a.result());
      }
      assertEquals(Map.of(Kind.PUBLIC_READ, Result.PUBLIC, Kind.ACCOUNT_ONLY, Result.NOT_PUBLIC, Kind.VPCE_ONLY, Result.NOT_PUBLIC), expected);

      ConcurrentLinkedQueue<Call> done = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        int n = i % 150; // 150 distinct policies; the other 50 calls repeat one (the cache may answer)
        Kind kind = Kind.values()[n % 3];
        Policy p = policy(kind, "bucket-" + n / 3);
        int id = i;
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          long start = System.nanoTime();
          PublicAccessAnswer a = null;
          Throwable thrown = null;
          try {
            a = checker.isPublic(p, ResourceType.S3_BUCKET, deadline);
          } catch (Throwable e) {
            thrown = e;
          }
          done.add(new Call(id, kind, a, thrown, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }, "caller-" + i);
        threads.add(t);
        t.start();
      }
      // Chaos: SIGKILL a random live worker every 300 ms, three times, while the questions run.
      Thread chaos = new Thread(() -> {
        try {
          for (int k = 0; k < 3; k++) {
            Thread.sleep(300);
            List<Long> pids = new ArrayList<>();
            portfolio.pools().values().forEach(pool -> pool.pids().stream().filter(Faults::running).forEach(pids::add));
            if (!pids.isEmpty()) {
              long pid = pids.get(ThreadLocalRandom.current().nextInt(pids.size()));
              synchronized (killed) {
                killed.add(pid);
              }
              Faults.kill9(pid);
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "chaos");
      burst = System.nanoTime();
      go.countDown();
      chaos.start();
      for (Thread t : threads) {
        t.join(deadline.plus(Duration.ofSeconds(10)).toMillis());
        assertTrue(!t.isAlive(), t.getName() + " never returned");
      }
      chaos.join();
      long burstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burst);
      calls.addAll(done);
      assertEquals(CALLS, calls.size());

      Map<String, Integer> tally = new TreeMap<>();
      long slowest = 0;
      for (Call c : calls) {
        assertTrue(c.thrown() == null, () -> "call " + c.i() + " threw " + c.thrown());
        assertFailClosed(c.answer(), expected.get(c.kind()));
        assertTrue(c.millis() <= deadline.plus(Faults.SLACK).toMillis(), "call " + c.i() + " took " + c.millis() + " ms: " + c.answer());
        tally.merge(c.answer().result() + "/" + c.answer().reason() + (c.answer().cached() ? "/cached" : ""), 1, Integer::sum);
        slowest = Math.max(slowest, c.millis());
      }
      System.out.println(CALLS + " calls in " + burstMs + " ms, slowest " + slowest + " ms: " + tally + "; killed " + killed
          + "; crashes z3 " + Faults.counter(registry, "hornbeam.solver.crashes", SolverId.Z3)
          + ", cvc5 " + Faults.counter(registry, "hornbeam.solver.crashes", SolverId.CVC5)
          + "; kills z3 " + Faults.counter(registry, "hornbeam.solver.kills", SolverId.Z3)
          + ", cvc5 " + Faults.counter(registry, "hornbeam.solver.kills", SolverId.CVC5));
      assertTrue(calls.stream().anyMatch(c -> c.answer().reason() == Reason.SOLVED), "some questions are answered");

      // The pools come back to full size, without the killed workers.
      assertTrue(Faults.await(() -> portfolio.pools().values().stream().flatMap(p -> p.pids().stream()).noneMatch(killed::contains),
          Duration.ofSeconds(20)), "killed workers left the pools");
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)), "pools full again");
      // Legs stopped at their deadline finish (cancelled, or killed after the grace period).
      assertTrue(Faults.await(() -> portfolio.pools().values().stream().allMatch(p -> p.busy() == 0 && p.queued() == 0),
          Duration.ofSeconds(5)), "pools idle again");
      for (WorkerPool pool : portfolio.pools().values()) {
        assertEquals(pool.size(), pool.live());
        for (long pid : pool.pids()) {
          assertTrue(Faults.running(pid));
        }
      }
      assertTrue(Faults.await(() -> killed.stream().noneMatch(Faults::running), Duration.ofSeconds(5)));
      PublicAccessAnswer after = checker.isPublic(policy(Kind.PUBLIC_READ, "after"), ResourceType.S3_BUCKET, Duration.ofSeconds(5));
      assertEquals(Reason.SOLVED, after.reason(), after::toString);
      assertEquals(Result.PUBLIC, after.result());
    }
    assertNothingLeft(root);
  }

  /** The service shuts down (close) while questions run and wait: each still returns, fail-closed, in time. */
  @Test
  void closeWhileQuestionsRunAndWait() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String slow = Faults.resource("/queries/slow-factoring.smt2");
    Duration deadline = Duration.ofSeconds(4);
    PolicyChecker checker = PolicyChecker.start(Faults.real(root).build(), registry);
    Portfolio portfolio = checker.portfolio();
    try {
      assertTrue(portfolio.awaitReady(Duration.ofSeconds(30)));
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        Thread t = new Thread(() -> {
          long start = System.nanoTime();
          try {
            if (n < 2) { // the slow query: keeps the workers busy
              var r = portfolio.solve("slow-" + n, slow, start + deadline.toNanos()).result();
              seen.add(r.outcome() + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
              if (r.outcome().definite()) {
                problems.add("slow query " + n + ": " + r);
              }
            } else { // questions waiting for a worker
              PublicAccessAnswer a = checker.isPublic(policy(Kind.ACCOUNT_ONLY, "closing-" + n), ResourceType.S3_BUCKET, deadline);
              seen.add(a.result() + "/" + a.reason() + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
              if (a.reason() == Reason.SOLVED ? a.result() != Result.NOT_PUBLIC : a.result() != Result.PUBLIC) {
                problems.add("question " + n + ": " + a);
              }
            }
          } catch (Throwable e) {
            problems.add("call " + n + " threw " + e);
          }
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          if (ms > deadline.plus(Faults.SLACK).toMillis()) {
            problems.add("call " + n + " took " + ms + " ms");
          }
        });
        threads.add(t);
        t.start();
      }
      assertTrue(Faults.await(() -> portfolio.pools().values().stream().allMatch(p -> p.busy() == p.size()), Duration.ofSeconds(5)));
      Thread.sleep(300);
      long t0 = System.nanoTime();
      checker.close();
      System.out.println("close took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      for (Thread t : threads) {
        t.join(deadline.plus(Duration.ofSeconds(5)).toMillis());
        assertTrue(!t.isAlive(), "a call never returned");
      }
      System.out.println("calls across close: " + seen);
      assertTrue(problems.isEmpty(), problems::toString);
      // Closed: a new question fails closed at once.
      PublicAccessAnswer late = checker.isPublic(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, deadline);
      Faults.assertFailClosed(late, Result.NOT_PUBLIC);
    } finally {
      checker.close();
    }
    assertNothingLeft(root);
  }
}
