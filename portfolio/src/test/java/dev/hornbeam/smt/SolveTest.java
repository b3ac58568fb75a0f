package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.portfolio.worker.WorkerPool;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests' entry to the solvers: agreement, the combined answer, and a worker that does not answer. */
class SolveTest {
  @TempDir
  Path failed;

  private String previous;

  @BeforeEach
  void keepScriptsInATempDir() {
    previous = System.getProperty("hornbeam.failedQueries");
    System.setProperty("hornbeam.failedQueries", failed.toString());
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty("hornbeam.failedQueries");
    } else {
      System.setProperty("hornbeam.failedQueries", previous);
    }
  }

  private static String script(String... body) {
    return "(set-logic ALL)\n(set-option :produce-models true)\n" + String.join("\n", body) + "\n(check-sat)\n";
  }

  private static SolverResult result(Status status, Map<String, ModelValue> model, long millis) {
    return new SolverResult(status, model, millis * 1_000, false, "");
  }

  private List<Path> kept() throws Exception {
    try (var files = Files.list(failed)) {
      return files.toList();
    }
  }

  @Test
  void bothAgreeOnSatAndUnsatAndASatComesWithAModel() {
    Solve.Answer sat = Solve.both(script(
        "(declare-const |req.resource| String)",
        "(declare-const |req.size| Int)",
        "(define-fun |st0.matches| () Bool (str.in_re |req.resource| (re.++ (str.to_re \"arn:aws:s3:::b/\") (re.* re.allchar))))",
        "(assert |st0.matches|)",
        "(assert (= (str.len |req.resource|) 20))",
        "(assert (< 10 |req.size|))",
        "(assert (<= |req.size| 11))"), Solve.TIMEOUT);
    assertTrue(sat.sat());
    assertEquals(Set.of("req.resource", "req.size"), sat.model().keySet());
    assertEquals(new ModelValue.Int(BigInteger.valueOf(11)), sat.model().get("req.size"));
    String resource = ((ModelValue.Str) sat.model().get("req.resource")).value();
    assertTrue(resource.startsWith("arn:aws:s3:::b/") && resource.codePointCount(0, resource.length()) == 20, resource);

    Solve.Answer unsat = Solve.both(script(
        "(declare-const a (_ BitVec 32))",
        "(assert (= (bvand a #x000000ff) #x00000001))",
        "(assert (= (bvand a #x0000000f) #x00000002))"), Solve.TIMEOUT);
    assertEquals(Status.UNSAT, unsat.status());
    assertEquals(Map.of(), unsat.model());
  }

  @Test
  void combineTakesTheDefiniteAnswerAndTheSatModel() {
    SolverResult unknown = result(Status.UNKNOWN, Map.of(), 5);
    SolverResult sat = result(Status.SAT, Map.of("x", new ModelValue.Int(BigInteger.ONE)), 7);
    SolverResult unsat = result(Status.UNSAT, Map.of(), 9);
    Solve.Answer satAnswer = new Solve.Answer(Status.SAT, sat.model(), 7);
    assertEquals(satAnswer, Solve.combine("", unknown, sat));
    assertEquals(satAnswer, Solve.combine("", sat, unknown));
    assertEquals(new Solve.Answer(Status.UNSAT, Map.of(), 9), Solve.combine("", unsat, unknown));
    assertEquals(new Solve.Answer(Status.UNSAT, Map.of(), 9), Solve.combine("", unknown, unsat));
    assertEquals(new Solve.Answer(Status.UNKNOWN, Map.of(), 5), Solve.combine("", unknown, unknown));
  }

  @Test
  void disagreementThrowsAndWritesTheScript() throws Exception {
    String text = script("(declare-const x Int)", "(assert (> x 0))");
    SolverResult sat = result(Status.SAT, Map.of("x", new ModelValue.Int(BigInteger.ONE)), 1);
    SolverResult unsat = result(Status.UNSAT, Map.of(), 1);
    AssertionError error = assertThrows(AssertionError.class, () -> Solve.combine(text, sat, unsat));
    assertTrue(error.getMessage().contains("Z3 says SAT, cvc5 says UNSAT"), error.getMessage());
    assertTrue(error.getMessage().contains(text), error.getMessage());
    List<Path> written = kept();
    assertEquals(1, written.size());
    assertTrue(error.getMessage().contains(written.get(0).toAbsolutePath().toString()));
    assertTrue(Files.readString(written.get(0)).endsWith(text));
    assertThrows(AssertionError.class, () -> Solve.combine(text, unsat, sat));
  }

  @Test
  void aRejectedScriptFailsTheTestAndIsKept() throws Exception {
    AssertionError error = assertThrows(AssertionError.class, () -> Solve.both(script("(assert (> nope 1))"), Solve.TIMEOUT));
    assertTrue(error.getMessage().contains("rejected the script"), error.getMessage());
    assertEquals(2, kept().size(), "one file per solver");
    assertTrue(Solve.both(script("(declare-const x Int)", "(assert (> x 1))"), Solve.TIMEOUT).sat(), "workers still usable");
  }

  /** The portfolio's replacement for abandoning an in-process Z3 thread: kill the process, count UNKNOWN. */
  @Test
  void aWorkerSilentPastTheWaitIsKilledCountedUnknownAndReplaced() throws Exception {
    String slow = script(
        "(declare-const x Int)",
        "(declare-const y Int)",
        "(declare-const z Int)",
        "(assert (= (+ (* x x x) (* y y y) (* z z z)) 33))",
        "(assert (> (* x x) 1000000))");
    for (SolverId solver : SolverId.workers()) {
      WorkerPool pool = Solve.pools().get(solver);
      assertTrue(pool.awaitFull(60, TimeUnit.SECONDS));
      List<Long> before = pool.pids();
      long start = System.nanoTime();
      Solve.Answer a = Solve.with(solver, slow, Duration.ofSeconds(60), Duration.ofMillis(500));
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(Status.UNKNOWN, a.status());
      assertTrue(took < 3_000, "took " + took + " ms");
      assertTrue(pool.awaitFull(60, TimeUnit.SECONDS), "replaced");
      assertNotEquals(before, pool.pids());
      List<Path> files = kept();
      assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith(solver.key() + "-unresponsive-")), files::toString);
      assertTrue(Solve.with(solver, script("(declare-const x Int)", "(assert (> x 1))"), Solve.TIMEOUT).sat());
    }
  }
}
