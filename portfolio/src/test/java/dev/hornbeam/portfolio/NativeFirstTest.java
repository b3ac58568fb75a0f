package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.FormulaSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategies that ask the in-JVM backend first (issue 15): its definite answer returns, its UNKNOWN
 * or failure hands the question to the race, and a confirmed UNSAT that the race finds SAT is counted,
 * kept and logged. The in-JVM backend is scripted here; the race is real (Z3 and cvc5 on threads).
 */
class NativeFirstTest {
  @TempDir
  Path failed;

  /** x > 1 over the integers: SAT. */
  static final NumberFormula.Var X = new NumberFormula.Var("x", NumberFormula.Kind.INT);
  static final Problem SAT = new Problem.Builder().declare(X)
      .assertThat(new NumberFormula.Compare(NumberFormula.Op.GT, X, new NumberFormula.Const(BigDecimal.ONE, NumberFormula.Kind.INT)))
      .build("x > 1");

  record Scripted(Function<Problem, SolverResult> answer) implements FormulaSolver {
    @Override
    public SolverId id() {
      return SolverId.NATIVE;
    }

    @Override
    public String version() {
      return "scripted";
    }

    @Override
    public SolverResult decide(Problem problem, long timeoutMillis, CancelFlag cancel) {
      return answer.apply(problem);
    }
  }

  static SolverResult answer(Status s, Map<String, ModelValue> model, String note) {
    return new SolverResult(s, model, 7, false, note);
  }

  private Portfolio start(Strategy strategy, FormulaSolver formulas, SimpleMeterRegistry registry) throws Exception {
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).workersPerSolver(1)
        .strategy(strategy).nativeFirst(Duration.ofMillis(50), 1.0).failedQueries(failed).cacheEntries(0).build();
    Portfolio p = new Portfolio(config, registry, formulas);
    assertTrue(p.awaitReady(Duration.ofSeconds(60)));
    return p;
  }

  private static RaceResult solve(Portfolio p, Problem problem) {
    return p.solve("q", problem, SmtLib.script(problem), System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).result();
  }

  @Test
  void aDefiniteNativeAnswerReturnsWithoutARace() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, ModelValue> model = Map.of("x", new ModelValue.Int(BigInteger.TWO));
    try (Portfolio p = start(Strategy.AUTO, new Scripted(q -> answer(Status.SAT, model, "")), registry)) {
      RaceResult r = solve(p, SAT);
      assertEquals(Outcome.SAT, r.outcome());
      assertEquals(SolverId.NATIVE, r.winner().orElseThrow());
      assertEquals(model, r.model());
      assertEquals(1, r.legs().size());
      assertEquals(1.0, registry.counter("hornbeam.solver.wins", "solver", "native").count());
      assertEquals(0.0, registry.counter("hornbeam.solver.wins", "solver", "z3").count()
          + registry.counter("hornbeam.solver.wins", "solver", "cvc5").count());
    }
  }

  @Test
  void anUnknownOrAFailureHandsTheQuestionToTheRace() throws Exception {
    for (FormulaSolver formulas : new FormulaSolver[] {new Scripted(q -> answer(Status.UNKNOWN, Map.of(), "UNSUPPORTED: ite")),
        new Scripted(q -> {
          throw new IllegalStateException("a bug");
        })}) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Portfolio p = start(Strategy.AUTO, formulas, registry)) {
        RaceResult r = solve(p, SAT);
        assertEquals(Outcome.SAT, r.outcome());
        assertTrue(r.winner().orElseThrow().kind() == SolverId.Kind.WORKER, r.toString());
        assertEquals(SolverId.NATIVE, r.legs().get(0).solver());
        assertEquals(Leg.State.UNKNOWN, r.legs().get(0).state());
        assertEquals(1.0, registry.counter("hornbeam.solver.unknowns", "solver", "native").count());
      }
    }
  }

  @Test
  void underTheNativeStrategyAnUnknownIsTheAnswer() throws Exception {
    try (Portfolio p = start(Strategy.NATIVE, new Scripted(q -> answer(Status.UNKNOWN, Map.of(), "BUDGET: 50 ms")),
        new SimpleMeterRegistry())) {
      RaceResult r = solve(p, SAT);
      assertEquals(Outcome.UNKNOWN, r.outcome());
      assertTrue(r.detail().contains("BUDGET"), r.detail());
      assertTrue(p.ready());
    }
  }

  @Test
  void aNativeUnsatTheRaceFindsSatIsADisagreementKeptAndCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Portfolio p = start(Strategy.AUTO, new Scripted(q -> answer(Status.UNSAT, Map.of(), "")), registry)) {
      RaceResult r = solve(p, SAT);
      assertEquals(Outcome.UNSAT, r.outcome(), "the native answer is returned at once");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.counter("hornbeam.race.disagreements").count() < 1 && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertEquals(1.0, registry.counter("hornbeam.race.disagreements").count());
      try (Stream<Path> kept = Files.list(failed)) {
        Path file = kept.filter(f -> f.getFileName().toString().startsWith("disagreement-")).findFirst().orElseThrow();
        String text = Files.readString(file);
        assertTrue(text.startsWith("; native said UNSAT"), text);
        assertTrue(text.contains("(assert (> x 1))"), text);
      }
    }
  }

  @Test
  void aSearchOutOfBudgetGoesOnBesideTheRaceAndItsAnswerIsTaken() throws Exception {
    // First call: out of budget; the second (beside the race) decides. The race gets a script no solver
    // accepts, so only the native search can answer.
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Map<String, ModelValue> model = Map.of("x", new ModelValue.Int(BigInteger.TWO));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Portfolio p = start(Strategy.AUTO, new Scripted(q -> calls.incrementAndGet() == 1
        ? answer(Status.UNKNOWN, Map.of(), "BUDGET: time ran out after 9000 branches") : answer(Status.SAT, model, "")), registry)) {
      RaceResult r = p.solve("q", SAT, "(check-sat", System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).result();
      assertEquals(Outcome.SAT, r.outcome(), r.toString());
      assertEquals(SolverId.NATIVE, r.winner().orElseThrow());
      assertEquals(2, calls.get());
      assertEquals(Leg.State.UNKNOWN, r.legs().get(0).state());
    }
  }

  @Test
  void confirmationsNeverCrowdOutALiveQuestion() throws Exception {
    // 200 native UNSATs queue 200 confirmations; the pools take at most 4 waiters each. A live question the
    // native backend cannot answer must still reach the race (it was OVERLOADED before the backlog).
    Problem live = new Problem.Builder().declare(X)
        .assertThat(new NumberFormula.Compare(NumberFormula.Op.GT, X, new NumberFormula.Const(BigDecimal.TEN, NumberFormula.Kind.INT)))
        .build("x > 10");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).workersPerSolver(1)
        .maxQueue(4).strategy(Strategy.AUTO).nativeFirst(Duration.ofMillis(50), 1.0).failedQueries(failed).cacheEntries(0).build();
    try (Portfolio p = new Portfolio(config, registry, new Scripted(q -> q == live
        ? answer(Status.UNKNOWN, Map.of(), "UNSUPPORTED: scripted") : answer(Status.UNSAT, Map.of(), "")))) {
      assertTrue(p.awaitReady(Duration.ofSeconds(60)));
      for (int i = 0; i < 200; i++) {
        assertEquals(Outcome.UNSAT, solve(p, SAT).outcome());
      }
      assertTrue(p.confirmationsPending() > 1, "confirmations wait in the backlog");
      RaceResult r = solve(p, live);
      assertEquals(Outcome.SAT, r.outcome(), r.toString());
      assertTrue(p.awaitConfirmations(Duration.ofSeconds(120)));
      assertEquals(200.0, registry.counter("hornbeam.native.confirmations", "result", "disagree").count(),
          "every confirmation ran (x > 1 is SAT: each one disagrees)");
    }
  }

  @Test
  void theTextIsPrintedOnlyWhenTheRaceNeedsIt() throws Exception {
    java.util.concurrent.atomic.AtomicInteger printed = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<String> text = () -> {
      printed.incrementAndGet();
      return SmtLib.script(SAT);
    };
    Map<String, ModelValue> model = Map.of("x", new ModelValue.Int(BigInteger.TWO));
    // confirm fraction 0: a native SAT needs no text at all.
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS).workersPerSolver(1)
        .strategy(Strategy.AUTO).nativeFirst(Duration.ofMillis(50), 0.0).failedQueries(failed).cacheEntries(100).build();
    try (Portfolio p = new Portfolio(config, new SimpleMeterRegistry(), new Scripted(q -> answer(Status.SAT, model, "")))) {
      assertTrue(p.awaitReady(Duration.ofSeconds(60)));
      assertEquals(Outcome.SAT, p.solve("q", SAT, text, System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).result().outcome());
      assertEquals(0, printed.get(), "decided from the formulas, cached by them");
      assertTrue(p.solve("q", SAT, text, System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).cached());
      assertEquals(0, printed.get());
    }
    try (Portfolio p = new Portfolio(config, new SimpleMeterRegistry(), new Scripted(q -> answer(Status.UNKNOWN, Map.of(), "UNSUPPORTED: x")))) {
      assertTrue(p.awaitReady(Duration.ofSeconds(60)));
      assertEquals(Outcome.SAT, p.solve("q", SAT, text, System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).result().outcome());
      assertEquals(1, printed.get(), "printed once, for the race");
    }
  }
}
