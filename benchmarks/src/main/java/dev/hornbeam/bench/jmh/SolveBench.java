package dev.hornbeam.bench.jmh;

import dev.hornbeam.bench.BenchPolicies;
import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.SmtSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The public-access query of each policy solved in this JVM by Z3 and by cvc5 through the portfolio's
 * solver classes, as a worker does it: a fresh context per check, parse + check + model read. One thread
 * ({@code @Threads(1)}: cvc5's Java API is not thread-safe; its class holds a global lock anyway). Do not
 * run with {@code -t} above 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SolveBench {
  @Param({"small", "typical", "large"})
  public String size;

  @Param({"z3", "cvc5"})
  public String solver;

  private SmtSolver smt;
  private String text;

  @Setup
  public void setup() {
    Query q = PublicAccess.query(BenchPolicies.parse(BenchPolicies.json(size)), ResourceType.S3_BUCKET, null);
    if (!q.exact()) {
      throw new IllegalStateException(size + ": the encoding is not exact: " + q.gaps());
    }
    text = q.text();
    smt = SmtSolver.create(SolverId.valueOf(solver.toUpperCase(Locale.ROOT)));
    SolverResult r = smt.check(text, 60_000, new CancelFlag());
    if (!r.usable()) {
      throw new IllegalStateException(size + " on " + solver + ": no definite answer: " + r);
    }
  }

  @Benchmark
  public SolverResult publicAccess() {
    return smt.check(text, 60_000, new CancelFlag());
  }
}
