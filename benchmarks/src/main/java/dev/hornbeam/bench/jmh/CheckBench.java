package dev.hornbeam.bench.jmh;

import dev.hornbeam.bench.BenchPolicies;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.policy.resource.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end in this JVM: {@link PolicyChecker#isPublic} with in-process solvers (no worker processes),
 * answer cache off — encode, race (or one solver), decode, witness check. One caller thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CheckBench {
  @Param({"small", "typical", "large"})
  public String size;

  @Param({"race", "z3", "cvc5"})
  public String strategy;

  private PolicyChecker checker;
  private Policy policy;

  @Setup
  public void setup() {
    policy = BenchPolicies.parse(BenchPolicies.json(size));
    PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS)
        .strategy(Strategy.valueOf(strategy.toUpperCase(Locale.ROOT))).cacheEntries(0).workersPerSolver(1)
        .deadline(Duration.ofSeconds(60)).build();
    checker = PolicyChecker.start(config, new SimpleMeterRegistry());
    PublicAccessAnswer a = checker.isPublic(policy, ResourceType.S3_BUCKET);
    if (a.reason() != Reason.SOLVED) {
      throw new IllegalStateException(size + " / " + strategy + ": not solved: " + a.reason() + " " + a.detail());
    }
  }

  @TearDown
  public void tearDown() {
    checker.close();
  }

  @Benchmark
  public PublicAccessAnswer isPublic() {
    return checker.isPublic(policy, ResourceType.S3_BUCKET);
  }
}
