package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code PolicyChecker.within}, the timing under {@code isPublicBy} / {@code noNewAccessBy} (issue 14,
 * item 9): the answer comes by the given instant whatever the check does; a generous margin, no speed test.
 */
class TimedCheckTest {
  private static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(250);

  private static String failed(Reason r) {
    return "failed " + r;
  }

  @Test
  void aSlowCheckIsATimeOutAtTheGivenInstant() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      long by = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      Supplier<String> slow = () -> {
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "late answer";
      };
      PolicyChecker.Due<String> f = PolicyChecker.within(slow, pool, by, by, TimedCheckTest::failed);
      assertEquals("failed TIMEOUT", f.get());
      assertTrue(System.nanoTime() - by < MARGIN, "answered by the deadline");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aQueuedCheckCountsItsWaitAndDoesNotRunLate() throws Exception {
    // One thread, busy for 1 s: the check waits in the queue past its deadline.
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      one.execute(() -> {
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      AtomicBoolean ran = new AtomicBoolean();
      long by = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      PolicyChecker.Due<String> f = PolicyChecker.within(() -> {
        ran.set(true);
        return "answer";
      }, one, by, by, TimedCheckTest::failed);
      assertEquals("failed TIMEOUT", f.get());
      assertTrue(System.nanoTime() - by < MARGIN, "answered by the deadline, not after the queue");
      one.submit(() -> { }).get(5, TimeUnit.SECONDS);
      assertFalse(ran.get(), "a check whose answer was given already is not run");
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void pastTheStartOnlyTheCallerRunsItRefusalAndAFastAnswer() throws Exception {
    // The solvers' deadline has passed: the body (which can then only consult the cache) runs on the
    // calling thread, at once.
    Thread caller = Thread.currentThread();
    AtomicBoolean onCaller = new AtomicBoolean();
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    assertEquals("cached", PolicyChecker.within(() -> {
      onCaller.set(Thread.currentThread() == caller);
      return "cached";
    }, r -> {
      throw new AssertionError("no hand-off");
    }, System.nanoTime() - 1, later, TimedCheckTest::failed).get());
    assertTrue(onCaller.get());
    assertEquals("failed OVERLOADED", PolicyChecker.within(() -> "x", r -> {
      throw new RejectedExecutionException("full");
    }, later, later, TimedCheckTest::failed).get());
    assertEquals("fast", PolicyChecker.within(() -> "fast", Runnable::run, later, later, TimedCheckTest::failed).get());
  }
}
