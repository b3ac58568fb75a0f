package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.policy.eval.Request;
import java.util.List;
import java.util.Map;

/**
 * One question in the formula layer, its SMT-LIB 2.6 script, and what is needed to read its answer.
 *
 * @param problem the formulas every backend reads
 * @param text the whole script, {@code (set-logic ALL)} to {@code (check-sat)}; deterministic: the same
 *     policy and question give the same text
 * @param gaps what the encoder could not express exactly; when non-empty, a SAT/UNSAT answer of this
 *     script must not be trusted (the caller answers UNKNOWN, which fails closed)
 */
public record Query(Problem problem, String text, List<String> gaps, WitnessDecoder decoder) {
  public Query {
    gaps = List.copyOf(gaps);
  }

  /** The question, its text printed once for the solvers that read SMT-LIB. */
  public Query(Problem problem, List<String> gaps, WitnessDecoder decoder) {
    this(problem, SmtLib.script(problem), gaps, decoder);
  }

  public boolean exact() {
    return gaps.isEmpty();
  }

  /** The request a model describes (the model maps declared constant names to values). */
  public Request witness(Map<String, ModelValue> model) {
    return decoder.decode(model);
  }
}
