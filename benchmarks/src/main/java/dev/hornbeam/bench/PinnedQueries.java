package dev.hornbeam.bench;

import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.smt.PinnedRequest;
import dev.hornbeam.smt.Query;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Tuple;
import net.jqwik.engine.SourceOfRandomness;

/**
 * Pinned-request queries ("is this exact request allowed?") from the property generators
 * ({@link PolicyArbitraries#policiesWithRequests()}), drawn with a fixed seed: the same seed and count give
 * the same queries, byte for byte. jqwik generators only run inside its lifecycle; {@code sampleStream()}
 * provides one outside properties and draws from jqwik's thread-local random, which
 * {@link SourceOfRandomness#create} seeds (an engine class: the one way to seed sampling).
 */
final class PinnedQueries {
  static final String GENERATOR = "PolicyArbitraries.policiesWithRequests()";
  private PinnedQueries() {}

  /** One query: {@code name} is {@code pinned__s<seed>_<index>}. */
  record Entry(String name, long seed, int index, Policy policy, Request request, Query query) {}

  static List<Entry> generate(int count, long seed) {
    SourceOfRandomness.create(Long.toString(seed));
    List<Tuple.Tuple2<Policy, Request>> cases = PolicyArbitraries.policiesWithRequests().sampleStream().limit(count).toList();
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Tuple.Tuple2<Policy, Request> t = cases.get(i);
      out.add(new Entry(String.format("pinned__s%d_%04d", seed, i), seed, i, t.get1(), t.get2(),
          PinnedRequest.query(t.get1(), t.get2())));
    }
    return out;
  }
}
