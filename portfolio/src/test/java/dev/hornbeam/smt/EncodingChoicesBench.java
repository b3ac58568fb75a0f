package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.portfolio.solver.SolverId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the encoding choices on the corpus, on both solvers: the default encoding against the same
 * encoding without statement pruning and without the equality/prefix shortcuts (every pattern a
 * regex). Not a test of speed (nothing is asserted about time); it only runs with
 * {@code -Dhornbeam.bench=true} and prints the table recorded in BENCHMARKS.md.
 */
class EncodingChoicesBench {
  @Test
  void encodingChoicesOnTheCorpus() throws IOException {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    int reps = Integer.getInteger("hornbeam.bench.reps", 3);
    List<Policy> policies = new ArrayList<>();
    List<ResourceType> types = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Corpus.Entry e : Corpus.entries()) {
      if (ResourceType.fromName(e.folder()).isPresent()) {
        ParseResult r = PolicyParser.parse(e.bytes(), e.kind(), e.limits());
        if (r.isValid()) {
          policies.add(r.policy());
          types.add(ResourceType.fromName(e.folder()).orElseThrow());
          files.add(e.name());
        }
      }
    }
    Map<String, PolicyEncoder.Options> configs = new LinkedHashMap<>();
    configs.put("default", PolicyEncoder.Options.DEFAULT);
    configs.put("no-pruning", new PolicyEncoder.Options(null, true, false));
    configs.put("no-shortcuts", new PolicyEncoder.Options(null, false));
    List<String> names = new ArrayList<>(configs.keySet());
    SolverId[] solvers = SolverId.workers().toArray(SolverId[]::new);
    // medians[solver][config][query]; configs interleaved per query so that warm-up and machine noise
    // hit every configuration alike; one warm-up pass over the corpus first.
    double[][][] medians = new double[solvers.length][names.size()][policies.size()];
    for (int i = 0; i < policies.size(); i++) {
      for (SolverId solver : solvers) {
        Solve.with(solver, PublicAccess.query(policies.get(i), types.get(i), null));
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (int s = 0; s < solvers.length; s++) {
        for (int c = 0; c < names.size(); c++) {
          Query q = PublicAccess.query(policies.get(i), types.get(i), null, configs.get(names.get(c)));
          long[] t = new long[reps];
          for (int r = 0; r < reps; r++) {
            Solve.Answer a = Solve.with(solvers[s], q);
            t[r] = a.millis();
          }
          Arrays.sort(t);
          medians[s][c][i] = t[reps / 2];
        }
      }
    }
    StringBuilder table = new StringBuilder("| encoding | solver | queries | sum of medians ms | p50 ms | p90 ms | p99 ms | max ms | sum vs default |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < solvers.length; s++) {
      double base = Arrays.stream(medians[s][0]).sum();
      for (int c = 0; c < names.size(); c++) {
        double[] sorted = medians[s][c].clone();
        Arrays.sort(sorted);
        double sum = Arrays.stream(sorted).sum();
        table.append(String.format("| %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.2f |%n", names.get(c), solvers[s],
            sorted.length, sum, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1], sum / base));
      }
      Integer[] order = new Integer[policies.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      final int solver = s;
      Arrays.sort(order, (a, b) -> Double.compare(medians[solver][0][b], medians[solver][0][a]));
      table.append("slowest on ").append(solvers[s]).append(" (default): ");
      for (int k = 0; k < 5; k++) {
        table.append(files.get(order[k])).append(" ").append(medians[s][0][order[k]]).append(" ms; ");
      }
      table.append("\n");
    }
    System.out.println(table);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
