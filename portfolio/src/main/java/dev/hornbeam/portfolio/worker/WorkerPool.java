package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of warm workers of one solver. {@link #acquire} hands out an idle worker or queues the
 * caller (at most {@code maxQueue} waiting; beyond that it fails at once with
 * {@link PoolSaturatedException}, never an unbounded queue). {@link #release} takes a worker back: a
 * worker that died, was killed, served {@code recycleAfter} queries, or grew beyond the memory limit is
 * retired (killed, its directory wiped) and a replacement is started in the background, with back-off
 * when starts fail. An idle worker that dies (killed, crashed) is retired and replaced the same way, found
 * by a sweep every half second or by the {@link #acquire} that would have handed it out. Metrics (tag
 * {@code solver}): {@code hornbeam.pool.size}, {@code .busy}, {@code .queue}, the counters
 * {@code hornbeam.solver.restarts}, {@code .crashes}, {@code .kills}, and
 * {@code hornbeam.worker.retirements} (tag {@code reason}, a {@link Retirement#key()}). Every retirement
 * (kill, crash, recycle) and every start is logged at INFO with its reason; a failed start at WARN.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private final SolverId solver;
  private final int size;
  private final int maxQueue;
  private final int recycleAfter;
  private final long rssLimitBytes;
  private final WorkerFactory factory;
  private final ExecutorService starter;
  private final ScheduledExecutorService timer;
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Deque<CompletableFuture<Worker>> waiters = new ArrayDeque<>();
  private final Map<Worker, Integer> served = new HashMap<>();
  private final Counter restarts;
  private final Counter crashes;
  private final Counter kills;
  private final Map<Retirement, Counter> retirements = new java.util.EnumMap<>(Retirement.class);
  private final ScheduledFuture<?> sweep;
  private int failedStarts;
  private String lastStartProblem = "";
  private String version = "";
  private boolean closed;

  public WorkerPool(SolverId solver, int size, int maxQueue, int recycleAfter, long rssLimitBytes,
      WorkerFactory factory, ScheduledExecutorService timer, MeterRegistry registry) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be at least 1: " + size);
    }
    this.solver = solver;
    this.size = size;
    this.maxQueue = Math.max(0, maxQueue);
    this.recycleAfter = Math.max(1, recycleAfter);
    this.rssLimitBytes = rssLimitBytes;
    this.factory = factory;
    this.timer = timer;
    this.starter = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "worker-start-" + solver.key());
      t.setDaemon(true);
      return t;
    });
    String tag = solver.key();
    Gauge.builder("hornbeam.pool.size", this, p -> p.live()).tag("solver", tag)
        .description("live workers").register(registry);
    Gauge.builder("hornbeam.pool.busy", this, p -> p.busy()).tag("solver", tag)
        .description("workers on a query").register(registry);
    Gauge.builder("hornbeam.pool.queue", this, p -> p.queued()).tag("solver", tag)
        .description("queries waiting for a worker").register(registry);
    restarts = Counter.builder("hornbeam.solver.restarts").tag("solver", tag)
        .description("workers started to replace one").register(registry);
    crashes = Counter.builder("hornbeam.solver.crashes").tag("solver", tag)
        .description("workers that died or broke the protocol on their own").register(registry);
    kills = Counter.builder("hornbeam.solver.kills").tag("solver", tag)
        .description("workers killed because they did not stop in time").register(registry);
    for (Retirement r : Retirement.values()) {
      retirements.put(r, Counter.builder("hornbeam.worker.retirements").tag("solver", tag).tag("reason", r.key())
          .description("workers retired (and replaced), by reason").register(registry));
    }
    for (int i = 0; i < size; i++) {
      startOne(null, 0);
    }
    sweep = timer.scheduleWithFixedDelay(this::retireDeadIdle, 500, 500, TimeUnit.MILLISECONDS);
  }

  public SolverId solver() {
    return solver;
  }

  public int size() {
    return size;
  }

  /** Waits until every worker is up (true) or the time is over (false). */
  public boolean awaitFull(long timeout, TimeUnit unit) throws InterruptedException {
    long end = System.nanoTime() + unit.toNanos(timeout);
    synchronized (this) {
      while (live() < size) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /** Live workers, idle or busy. */
  public synchronized int live() {
    return served.size();
  }

  public synchronized int busy() {
    return served.size() - idle.size();
  }

  public synchronized int queued() {
    return (int) waiters.stream().filter(w -> !w.isDone()).count();
  }

  /** The solver version the workers reported (empty before the first is up). */
  public synchronized String version() {
    return version;
  }

  /** Why the last start failed, or empty. */
  public synchronized String lastStartProblem() {
    return lastStartProblem;
  }

  /** Process ids of the live workers (for fault tests and diagnostics). */
  public synchronized List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (Worker w : served.keySet()) {
      pids.add(w.pid());
    }
    return pids;
  }

  /**
   * A worker, now or when one is free. Cancel the future to stop waiting (a worker that arrives anyway
   * goes to the next waiter). Fails with {@link PoolSaturatedException} when the queue is full.
   */
  public CompletableFuture<Worker> acquire() {
    List<Worker> dead = new ArrayList<>();
    try {
      synchronized (this) {
        if (closed) {
          return CompletableFuture.failedFuture(new IllegalStateException("the " + solver.key() + " pool is closed"));
        }
        Worker w;
        while ((w = idle.pollFirst()) != null) {
          if (w.alive()) {
            return CompletableFuture.completedFuture(w);
          }
          dead.add(w); // died while idle: never hand it out
          served.remove(w);
          counted(Retirement.DIED_IDLE);
        }
        waiters.removeIf(CompletableFuture::isDone);
        if (waiters.size() >= maxQueue) {
          return CompletableFuture.failedFuture(new PoolSaturatedException(
              "all " + size + " " + solver.key() + " workers are busy and " + waiters.size() + " queries wait"));
        }
        CompletableFuture<Worker> waiter = new CompletableFuture<>();
        waiters.addLast(waiter);
        return waiter;
      }
    } finally {
      replace(dead);
    }
  }

  /** Retires the idle workers that have died since they were released. */
  private void retireDeadIdle() {
    List<Worker> dead = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      for (Iterator<Worker> it = idle.iterator(); it.hasNext(); ) {
        Worker w = it.next();
        if (!w.alive()) {
          it.remove();
          served.remove(w);
          counted(Retirement.DIED_IDLE);
          dead.add(w);
        }
      }
    }
    replace(dead);
  }

  /** Under the lock: counts a retirement in its metrics. */
  private void counted(Retirement why) {
    retirements.get(why).increment();
    if (why.kill()) {
      kills.increment();
    } else if (why == Retirement.CRASHED || why == Retirement.DIED_IDLE) {
      crashes.increment();
    }
  }

  /** Outside the lock: kills (idempotent; wipes their directories) and replaces workers found dead while idle. */
  private void replace(List<Worker> retired) {
    for (Worker w : retired) {
      w.kill();
      if (!isClosed()) {
        LOG.info("{} worker {} retired: {} ({}); starting a replacement", solver.key(), w.pid(),
            Retirement.DIED_IDLE.key(), Retirement.DIED_IDLE.description());
        startOne(Retirement.DIED_IDLE, 0);
      }
    }
  }

  /**
   * Gives a worker back. {@code healthy = false} when its last query ended badly (lost, killed): it is
   * retired. {@code killedForTime} counts a kill for not stopping in time (at the deadline); otherwise a
   * dead worker is a crash.
   */
  public void release(Worker worker, boolean healthy, boolean killedForTime) {
    release(worker, healthy, killedForTime ? Retirement.DEADLINE_GRACE_EXCEEDED : null, "");
  }

  /**
   * Gives a worker back. {@code healthy = false} when its last query ended badly (lost, killed): it is
   * retired. {@code killed} says why the caller killed it (null: it did not); otherwise a dead or
   * unhealthy worker is a crash. {@code detail} is added to the log line.
   */
  public void release(Worker worker, boolean healthy, Retirement killed, String detail) {
    Retirement why = null;
    boolean retire;
    synchronized (this) {
      Integer count = served.get(worker);
      if (count == null) {
        return; // already retired
      }
      served.put(worker, count + 1);
      if (killed != null) {
        why = killed;
      } else if (!healthy || !worker.alive()) {
        why = Retirement.CRASHED;
      } else if (count + 1 >= recycleAfter) {
        why = Retirement.RECYCLED;
      } else if (rssLimitBytes > 0 && worker.rssBytes() > rssLimitBytes) {
        why = Retirement.MEMORY_LIMIT;
      }
      retire = closed || why != null;
      if (retire) {
        served.remove(worker);
        if (!closed && why != null) {
          counted(why);
        }
      }
    }
    if (retire) {
      worker.kill();
      if (!isClosed()) {
        LOG.info("{} worker {} retired: {} ({}){}; starting a replacement", solver.key(), worker.pid(), why.key(),
            why.description(), detail == null || detail.isEmpty() ? "" : "; " + detail);
        startOne(why, 0);
      }
    } else {
      offer(worker);
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Hands a worker to the first live waiter, or makes it idle. */
  private void offer(Worker worker) {
    while (true) {
      CompletableFuture<Worker> waiter;
      synchronized (this) {
        if (closed) {
          break;
        }
        waiter = waiters.pollFirst();
        if (waiter == null) {
          idle.addLast(worker);
          notifyAll();
          return;
        }
      }
      if (waiter.complete(worker)) {
        return;
      }
    }
    worker.kill();
  }

  /** Starts a worker in the background; {@code replacing} says why the one it replaces left (null: a first start). */
  private void startOne(Retirement replacing, long delayMillis) {
    Runnable task = () -> {
      Worker w = null;
      long t0 = System.nanoTime();
      try {
        w = factory.start(solver);
      } catch (WorkerStartException | RuntimeException e) {
        synchronized (this) {
          failedStarts++;
          lastStartProblem = e.getMessage();
        }
      }
      if (w == null) {
        if (!isClosed()) {
          // Back-off 0.2 s, 0.4 s, … up to 10 s while starts fail.
          long next = Math.min(10_000, 200L << Math.min(6, failedStartsSoFar()));
          LOG.warn("{} worker did not start ({}); next try in {} ms", solver.key(), lastStartProblem(), next);
          startOne(replacing, next);
        }
        return;
      }
      boolean late;
      synchronized (this) {
        failedStarts = 0;
        lastStartProblem = "";
        late = closed;
        if (!late) {
          // Recycled after 75-100% of recycleAfter queries, drawn per worker: the two solvers' pools serve
          // the same races, and with equal quotas both would restart at once (no live worker for ~0.4 s).
          served.put(w, ThreadLocalRandom.current().nextInt(recycleAfter / 4 + 1));
          version = w.version();
        }
      }
      if (late) {
        w.kill();
        w.awaitGone(Duration.ofSeconds(2));
        return;
      }
      if (replacing != null) {
        restarts.increment();
      }
      LOG.info("{} worker {} up in {} ms{}", solver.key(), w.pid(), (System.nanoTime() - t0) / 1_000_000,
          replacing == null ? "" : " (restart: the one it replaces " + replacing.key() + ")");
      offer(w);
    };
    if (delayMillis > 0) {
      timer.schedule(() -> starter.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      starter.execute(task);
    }
  }

  private synchronized int failedStartsSoFar() {
    return failedStarts;
  }

  /**
   * Kills every worker and fails every waiter. Returns once the workers have exited and their directories
   * are wiped (a few seconds at most): a service usually exits right after, and then nothing would wipe
   * them (the natives, ~70 MB per worker).
   */
  @Override
  public void close() {
    List<Worker> all;
    List<CompletableFuture<Worker>> waiting;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(served.keySet());
      served.clear();
      idle.clear();
      waiting = new ArrayList<>(waiters);
      waiters.clear();
      notifyAll();
    }
    sweep.cancel(false);
    for (Worker w : all) {
      w.kill();
    }
    for (CompletableFuture<Worker> w : waiting) {
      w.completeExceptionally(new IllegalStateException("the " + solver.key() + " pool is closed"));
    }
    starter.shutdownNow();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      // Starts in flight are interrupted; they kill their process and wipe its directory themselves.
      starter.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Worker w : all) {
      w.awaitGone(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
  }
}
