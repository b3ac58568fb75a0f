package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.policy.eval.Request;
import java.util.List;
import java.util.Map;

/**
 * One question in the formula layer, its SMT-LIB 2.6 script, and what is needed to read its answer.
 * The script is printed when first asked for ({@link #text}): a question the native backend answers from
 * the formulas never needs it.
 */
public final class Query {
  private final Problem problem;
  private final List<String> gaps;
  private final WitnessDecoder decoder;
  private volatile String text;

  /**
   * @param problem the formulas every backend reads
   * @param gaps what the encoder could not express exactly; when non-empty, a SAT/UNSAT answer of this
   *     query must not be trusted (the caller answers UNKNOWN, which fails closed)
   */
  public Query(Problem problem, List<String> gaps, WitnessDecoder decoder) {
    this.problem = problem;
    this.gaps = List.copyOf(gaps);
    this.decoder = decoder;
  }

  public Problem problem() {
    return problem;
  }

  /** The whole script, {@code (set-logic ALL)} to {@code (check-sat)}; deterministic: the same policy and question give the same text. */
  public String text() {
    String t = text;
    if (t == null) {
      t = SmtLib.script(problem);
      text = t;
    }
    return t;
  }

  public List<String> gaps() {
    return gaps;
  }

  public WitnessDecoder decoder() {
    return decoder;
  }

  public boolean exact() {
    return gaps.isEmpty();
  }

  /** The request a model describes (the model maps declared constant names to values). */
  public Request witness(Map<String, ModelValue> model) {
    return decoder.decode(model);
  }
}
