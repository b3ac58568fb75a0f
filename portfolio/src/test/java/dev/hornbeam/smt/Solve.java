package dev.hornbeam.smt;

import dev.hornbeam.smt.testing.Rational;
import dev.hornbeam.smt.testing.SolverHarness;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a query on both real solvers (they must agree) and returns the answer with a typed model. */
final class Solve {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  record Answer(SolverHarness.Status status, Map<String, ModelValue> model, long millis) {
    boolean sat() {
      return status == SolverHarness.Status.SAT;
    }
  }

  private Solve() {}

  static Answer both(Query q) {
    return both(q, TIMEOUT);
  }

  /** Both solvers with a time limit; one UNKNOWN and one definite answer is no disagreement. */
  static Answer both(Query q, Duration timeout) {
    lastQuery(q.text());
    SolverHarness.Result r = SolverHarness.runBoth(q.text(), timeout);
    return new Answer(r.status(), convert(r.model()), r.millis());
  }

  /**
   * Keeps the query being solved in target/last-query.smt2: if a solver hangs in-process (both can; see
   * BENCHMARKS.md), the file names the culprit.
   */
  static void lastQuery(String text) {
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target/last-query.smt2"), text);
    } catch (java.io.IOException e) {
      // best effort, for diagnosis only
    }
  }

  static Answer with(SolverHarness.Solver solver, Query q) {
    SolverHarness.Result r = SolverHarness.run(solver, q.text(), TIMEOUT);
    return new Answer(r.status(), convert(r.model()), r.millis());
  }

  static Map<String, ModelValue> convert(Map<String, Object> model) {
    Map<String, ModelValue> out = new LinkedHashMap<>();
    if (model == null) {
      return out;
    }
    model.forEach((k, v) -> {
      if (v instanceof String s) {
        out.put(k, new ModelValue.Str(s));
      } else if (v instanceof Boolean b) {
        out.put(k, new ModelValue.Bool(b));
      } else if (v instanceof Rational r) {
        out.put(k, new ModelValue.Real(r.num(), r.den()));
      } else if (v instanceof BigInteger i) {
        // Ints and bit-vectors both arrive as BigInteger; the decoder treats them alike.
        out.put(k, new ModelValue.Int(i));
      }
    });
    return out;
  }
}
