package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.solver.SolverId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

/**
 * Pinned-request queries in two forms: fixed variables as definitions (what PinnedRequest emits) and as
 * declared constants with an equality each (the obvious alternative). Run with
 * {@code -Dhornbeam.bench=true}; asserts nothing about time.
 */
class PinnedFormBench {
  private static final Pattern DEFINE = Pattern.compile("\\(define-fun (\\S+) \\(\\) (String|Int|Real|Bool|\\(_ BitVec \\d+\\)) (.+)\\)");

  @Test
  void definitionsVersusEqualities() {
    assumeTrue(Boolean.getBoolean("hornbeam.bench"), "benchmark: run with -Dhornbeam.bench=true");
    List<Tuple2<Policy, Request>> cases = PolicyArbitraries.policiesWithRequests().sampleStream().limit(400).toList();
    List<String> defined = new ArrayList<>();
    List<String> equalities = new ArrayList<>();
    for (Tuple2<Policy, Request> c : cases) {
      Query q = PinnedRequest.query(c.get1(), c.get2());
      if (q.exact()) {
        defined.add(q.text());
        equalities.add(asEqualities(q.text()));
      }
    }
    for (SolverId solver : SolverId.workers()) {
      long[] a = time(solver, defined);
      long[] b = time(solver, equalities);
      System.out.printf("%s: %d queries; definitions sum %d ms (p50 %d, max %d); equalities sum %d ms (p50 %d, max %d); ratio %.1f%n",
          solver, defined.size(), sum(a), a[a.length / 2], a[a.length - 1], sum(b), b[b.length / 2], b[b.length - 1],
          (double) sum(b) / Math.max(1, sum(a)));
    }
  }

  /** The same query with each pinned definition turned back into a constant plus an equality. */
  static String asEqualities(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      Matcher m = DEFINE.matcher(line);
      if (m.matches() && !m.group(1).matches("st\\d+\\..*|allows|allowed_by_some|denied_by_some")) {
        out.append("(declare-const ").append(m.group(1)).append(' ').append(m.group(2)).append(")\n");
        out.append("(assert (= ").append(m.group(1)).append(' ').append(m.group(3)).append("))\n");
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static long[] time(SolverId solver, List<String> scripts) {
    for (String s : scripts.subList(0, Math.min(50, scripts.size()))) {
      Solve.with(solver, s, Solve.TIMEOUT); // warm-up
    }
    long[] t = new long[scripts.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = Solve.with(solver, scripts.get(i), Solve.TIMEOUT).millis();
    }
    Arrays.sort(t);
    return t;
  }

  private static long sum(long[] t) {
    return Arrays.stream(t).sum();
  }
}
