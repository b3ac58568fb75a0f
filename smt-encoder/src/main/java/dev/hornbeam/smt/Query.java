package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.policy.eval.Request;
import java.util.List;
import java.util.Map;

/**
 * One solver-neutral SMT-LIB 2.6 script plus what is needed to read its answer.
 *
 * @param text the whole script, {@code (set-logic ALL)} to {@code (check-sat)}; deterministic: the same
 *     policy and question give the same text
 * @param gaps what the encoder could not express exactly; when non-empty, a SAT/UNSAT answer of this
 *     script must not be trusted (the caller answers UNKNOWN, which fails closed)
 */
public record Query(String text, List<String> gaps, WitnessDecoder decoder) {
  public Query {
    gaps = List.copyOf(gaps);
  }

  public boolean exact() {
    return gaps.isEmpty();
  }

  /** The request a model describes (the model maps declared constant names to values). */
  public Request witness(Map<String, ModelValue> model) {
    return decoder.decode(model);
  }
}
