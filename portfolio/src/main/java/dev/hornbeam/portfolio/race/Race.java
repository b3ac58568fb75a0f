package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.portfolio.worker.PoolSaturatedException;
import dev.hornbeam.portfolio.worker.QueryFailedException;
import dev.hornbeam.portfolio.worker.Retirement;
import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Winner-take-all over the solver pools. The first usable SAT / UNSAT wins; an UNKNOWN waits for the
 * other solver; the deadline ends the race with TIMEOUT whatever the solvers do. Losers are told to stop
 * through their API and killed if they have not stopped after the grace period (the pool logs the kill
 * with its reason, {@link Retirement}, and starts a replacement). An answer given after a stop was asked
 * for is never used (cvc5's cooperative cancel answers a spurious UNSAT).
 *
 * <p>Metrics (tag {@code solver}): {@code hornbeam.solver.wins}, {@code hornbeam.solver.latency} (the
 * solver's own time, histogram), {@code hornbeam.solver.timeouts}, {@code hornbeam.solver.unknowns};
 * {@code hornbeam.race.disagreements} (shadow checks that found SAT against UNSAT).
 */
public final class Race {
  private final Map<SolverId, WorkerPool> pools;
  private final ScheduledExecutorService timer;
  private final RaceSettings settings;
  private final MeterRegistry registry;
  private final Counter disagreements;
  private final BiConsumer<String, String> keepQuery;

  /**
   * @param keepQuery called with (why, script) for a query worth keeping on disk (a disagreement)
   */
  public Race(Map<SolverId, WorkerPool> pools, ScheduledExecutorService timer, RaceSettings settings,
      MeterRegistry registry, BiConsumer<String, String> keepQuery) {
    this.pools = new EnumMap<>(pools);
    this.timer = timer;
    this.settings = settings;
    this.registry = registry;
    this.keepQuery = keepQuery;
    this.disagreements = Counter.builder("hornbeam.race.disagreements")
        .description("shadow checks where the solvers gave opposite answers").register(registry);
    for (SolverId id : order()) {
      if (!this.pools.containsKey(id)) {
        throw new IllegalArgumentException("strategy " + settings.describe() + " needs a " + id.key() + " pool");
      }
    }
    // Registered up front so that a scrape shows every solver's counters, zeros included.
    for (SolverId id : SolverId.values()) {
      counter("hornbeam.solver.wins", id, "answers taken from this solver");
      counter("hornbeam.solver.timeouts", id, "checks still running at the deadline");
      counter("hornbeam.solver.unknowns", id, "checks that ended unknown, not cancelled");
    }
  }

  private Counter counter(String name, SolverId solver, String description) {
    return Counter.builder(name).tag("solver", solver.key()).description(description).register(registry);
  }

  public RaceSettings settings() {
    return settings;
  }

  /** The worker backends in the order they start (none under {@link Strategy#NATIVE}). */
  public List<SolverId> order() {
    return switch (settings.strategy()) {
      case Z3 -> List.of(SolverId.Z3);
      case CVC5 -> List.of(SolverId.CVC5);
      case AUTO, RACE -> SolverId.workers();
      case NATIVE -> List.of();
      case STAGGERED -> {
        List<SolverId> order = new ArrayList<>(SolverId.workers());
        order.remove(settings.staggerFirst());
        order.add(0, settings.staggerFirst());
        yield List.copyOf(order);
      }
    };
  }

  /** Races {@code script}; the future completes by {@code deadlineNanos} (System.nanoTime) at the latest. */
  public CompletableFuture<RaceResult> run(String script, long deadlineNanos) {
    Run run = new Run(script, deadlineNanos);
    run.begin();
    return run.result;
  }

  private final class LegRun {
    final SolverId solver;
    boolean started;
    boolean finished;
    boolean stopRequested;
    boolean killed;
    boolean shadow;
    CompletableFuture<Worker> acquisition;
    Worker worker;
    long acquireStart;
    long sentAt;
    long queueMicros = -1;
    long roundTripMicros = -1;
    SolverResult answer;
    Leg.State state = Leg.State.NOT_RUN;
    String detail = "";
    ScheduledFuture<?> killTimer;
    /** When it was told to stop (System.nanoTime), and why it will be killed if it does not. */
    long stopAt;
    Retirement killReason;

    LegRun(SolverId solver) {
      this.solver = solver;
    }

    Leg snapshot() {
      Leg.State s = state;
      if (!finished && started) {
        s = stopRequested ? Leg.State.CANCELLED : s;
      }
      return new Leg(solver, s, Math.max(queueMicros, 0), answer == null ? -1 : answer.micros(), roundTripMicros, detail);
    }
  }

  private final class Run {
    final String script;
    final long deadlineNanos;
    final long startNanos = System.nanoTime();
    final CompletableFuture<RaceResult> result = new CompletableFuture<>();
    final List<LegRun> legs = new ArrayList<>();
    boolean decided;
    SolverResult winning;
    ScheduledFuture<?> deadlineTimer;
    ScheduledFuture<?> staggerTimer;

    Run(String script, long deadlineNanos) {
      this.script = script;
      this.deadlineNanos = deadlineNanos;
      for (SolverId id : order()) {
        legs.add(new LegRun(id));
      }
    }

    void begin() {
      long left = deadlineNanos - System.nanoTime();
      synchronized (this) {
        deadlineTimer = timer.schedule(this::onDeadline, Math.max(0, left), TimeUnit.NANOSECONDS);
        if (settings.strategy() == Strategy.STAGGERED) {
          staggerTimer = timer.schedule(this::startNext, settings.staggerDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
      }
      if (left <= 0) {
        onDeadline();
        return;
      }
      if (settings.strategy() == Strategy.STAGGERED) {
        start(legs.get(0));
      } else {
        for (LegRun leg : legs) {
          start(leg);
        }
      }
    }

    /** Under the lock: the first leg in start order that has not started, or null. */
    LegRun firstNotStarted() {
      for (LegRun leg : legs) {
        if (!leg.started) {
          return leg;
        }
      }
      return null;
    }

    /** Staggered: start the next leg that has not started. */
    void startNext() {
      LegRun next;
      synchronized (this) {
        if (decided) {
          return;
        }
        next = firstNotStarted();
      }
      if (next != null) {
        start(next);
      }
    }

    void start(LegRun leg) {
      CompletableFuture<Worker> acquisition;
      synchronized (this) {
        if (leg.started || (decided && !leg.shadow)) {
          return;
        }
        leg.started = true;
        leg.acquireStart = System.nanoTime();
        acquisition = pools.get(leg.solver).acquire();
        leg.acquisition = acquisition;
      }
      acquisition.whenComplete((w, ex) -> onAcquired(leg, w, ex));
    }

    void onAcquired(LegRun leg, Worker w, Throwable ex) {
      WorkerPool pool = pools.get(leg.solver);
      synchronized (this) {
        leg.queueMicros = (System.nanoTime() - leg.acquireStart) / 1_000;
        if (ex != null) {
          Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
          leg.finished = true;
          if (cause instanceof CancellationException) {
            leg.state = Leg.State.NOT_RUN;
          } else if (cause instanceof PoolSaturatedException) {
            leg.state = Leg.State.OVERLOADED;
            leg.detail = cause.getMessage();
          } else {
            leg.state = Leg.State.ERROR;
            leg.detail = String.valueOf(cause.getMessage());
          }
        } else if ((decided && !leg.shadow) || leg.stopRequested) {
          leg.finished = true;
          leg.state = Leg.State.NOT_RUN;
        } else {
          leg.worker = w;
          leg.sentAt = System.nanoTime();
          // The solver's own limit: the time left (a shadow check has its own).
          long limitMillis = leg.shadow ? settings.shadowTimeout().toMillis()
              : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - leg.sentAt));
          w.solve(script, limitMillis).whenComplete((r, e) -> onAnswer(leg, r, e));
          return;
        }
      }
      if (ex == null) {
        pool.release(w, true, false);
      }
      afterLegEnded();
    }

    void onAnswer(LegRun leg, SolverResult r, Throwable ex) {
      Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
      boolean healthy = cause == null || cause instanceof QueryFailedException;
      boolean killedForTime;
      String killed;
      RaceResult decision = null;
      synchronized (this) {
        leg.finished = true;
        leg.roundTripMicros = (System.nanoTime() - leg.sentAt) / 1_000;
        killedForTime = leg.killed;
        killed = killedForTime ? killDetail(leg) : "";
        if (leg.killTimer != null) {
          leg.killTimer.cancel(false);
        }
        if (cause != null) {
          leg.state = leg.killed ? Leg.State.KILLED : Leg.State.ERROR;
          leg.detail = String.valueOf(cause.getMessage());
        } else {
          leg.answer = r;
          latency(leg.solver, r);
          if (r.usable() && !leg.stopRequested) {
            if (!decided && System.nanoTime() - deadlineNanos > 0) {
              // The answer came after the deadline (the deadline timer had not run yet, e.g. on a loaded
              // machine): the caller was promised an answer by then, so it is a time-out, whatever it says.
              leg.state = Leg.State.LATE;
              decision = decide(Outcome.TIMEOUT, null, "no definite answer by the deadline ("
                  + leg.solver.key() + " answered late)");
            } else if (!decided) {
              leg.state = Leg.State.WON;
              decision = decide(r.status() == Status.SAT ? Outcome.SAT : Outcome.UNSAT, leg, "");
            } else {
              leg.state = Leg.State.LATE;
              if (winning != null && winning.status() != r.status()) {
                disagreements.increment();
                keepQuery.accept("disagreement", "; shadow check: " + leg.solver.key() + " says " + r.status()
                    + ", the winner said " + winning.status() + "\n" + script);
              }
            }
          } else if (r.cancelled() || leg.stopRequested) {
            leg.state = Leg.State.CANCELLED;
          } else {
            leg.state = Leg.State.UNKNOWN;
            leg.detail = r.note();
            counter("hornbeam.solver.unknowns", leg.solver, "").increment();
          }
        }
      }
      pools.get(leg.solver).release(leg.worker, healthy && !killedForTime, killedForTime ? leg.killReason : null,
          killed);
      if (decision != null) {
        result.complete(decision);
      } else {
        afterLegEnded();
      }
    }

    /** A leg ended without winning: start a waiting staggered leg, or end the race if nothing can answer. */
    void afterLegEnded() {
      LegRun next = null;
      RaceResult decision = null;
      synchronized (this) {
        if (decided) {
          return;
        }
        next = firstNotStarted();
        if (next == null && legs.stream().allMatch(l -> l.finished)) {
          boolean allOverloaded = legs.stream().allMatch(l -> l.state == Leg.State.OVERLOADED);
          boolean anyError = legs.stream().anyMatch(l -> l.state == Leg.State.ERROR || l.state == Leg.State.KILLED);
          StringBuilder why = new StringBuilder();
          for (LegRun l : legs) {
            if (!l.detail.isEmpty()) {
              why.append(why.length() == 0 ? "" : "; ").append(l.solver.key()).append(": ").append(l.detail);
            }
          }
          decision = decide(allOverloaded ? Outcome.OVERLOADED : anyError ? Outcome.ERROR : Outcome.UNKNOWN, null, why.toString());
        }
      }
      if (next != null) {
        start(next);
      } else if (decision != null) {
        result.complete(decision);
      }
    }

    void onDeadline() {
      RaceResult decision;
      synchronized (this) {
        if (decided) {
          return;
        }
        for (LegRun leg : legs) {
          if (leg.started && !leg.finished && leg.worker != null) {
            counter("hornbeam.solver.timeouts", leg.solver, "").increment();
          }
        }
        decision = decide(Outcome.TIMEOUT, null, "no definite answer by the deadline");
      }
      result.complete(decision);
    }

    /** Under the lock: the race is decided; stop or shadow the other legs. */
    RaceResult decide(Outcome outcome, LegRun winner, String detail) {
      decided = true;
      if (deadlineTimer != null) {
        deadlineTimer.cancel(false);
      }
      if (staggerTimer != null) {
        staggerTimer.cancel(false);
      }
      boolean shadow = outcome.definite() && settings.shadowFraction() > 0
          && ThreadLocalRandom.current().nextDouble() < settings.shadowFraction();
      if (winner != null) {
        winning = winner.answer;
        counter("hornbeam.solver.wins", winner.solver, "").increment();
      }
      for (LegRun leg : legs) {
        if (leg == winner || leg.finished) {
          continue;
        }
        if (!leg.started && shadow) {
          leg.shadow = true;
          start(leg);
          // fall through: now started, shadow it below
        }
        if (leg.started && shadow) {
          leg.shadow = true;
          leg.killReason = Retirement.SHADOW_TIMEOUT;
          scheduleKill(leg, settings.shadowTimeout().toNanos());
        } else if (leg.started) {
          stop(leg, winner != null ? Retirement.LOST_RACE_GRACE_EXCEEDED : Retirement.DEADLINE_GRACE_EXCEEDED);
        }
      }
      List<Leg> report = new ArrayList<>();
      for (LegRun leg : legs) {
        report.add(leg.snapshot());
      }
      return new RaceResult(outcome, Optional.ofNullable(winner).map(l -> l.solver),
          winner != null && winner.answer != null ? winner.answer.model() : Map.of(), report,
          (System.nanoTime() - startNanos) / 1_000, detail);
    }

    /** Under the lock: ask a running leg to stop; kill its worker if it has not after the grace period. */
    void stop(LegRun leg, Retirement ifKilled) {
      leg.stopRequested = true;
      leg.stopAt = System.nanoTime();
      leg.killReason = ifKilled;
      if (leg.worker == null) {
        if (leg.acquisition != null) {
          leg.acquisition.cancel(false);
        }
        return;
      }
      leg.worker.cancel();
      scheduleKill(leg, settings.grace().toNanos());
    }

    /** Under the lock: what the log says about a killed leg. */
    String killDetail(LegRun leg) {
      long now = System.nanoTime();
      return "query running " + (now - leg.sentAt) / 1_000_000 + " ms"
          + (leg.stopAt != 0 ? ", told to stop " + (now - leg.stopAt) / 1_000_000 + " ms before (grace "
              + settings.grace().toMillis() + " ms)" : ", shadow limit " + settings.shadowTimeout().toMillis() + " ms");
    }

    void scheduleKill(LegRun leg, long afterNanos) {
      leg.killTimer = timer.schedule(() -> {
        Worker w;
        synchronized (this) {
          if (leg.finished || leg.worker == null) {
            return;
          }
          leg.killed = true;
          leg.stopRequested = true;
          w = leg.worker;
        }
        w.kill(); // its answer future fails; onAnswer releases it as killed
      }, afterNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void latency(SolverId solver, SolverResult r) {
    if (r.cancelled()) {
      return;
    }
    Timer.builder("hornbeam.solver.latency").tag("solver", solver.key()).tag("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
        .description("the solver's own time per check").publishPercentileHistogram()
        .register(registry).record(r.micros(), TimeUnit.MICROSECONDS);
  }
}
