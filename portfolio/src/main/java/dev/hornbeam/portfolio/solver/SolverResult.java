package dev.hornbeam.portfolio.solver;

import dev.hornbeam.smt.api.ModelValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One solver's answer to one script.
 *
 * @param model declared constants (unquoted names) and their values; empty unless SAT
 * @param micros the solver's own time: parse, check and model read
 * @param cancelled the check was told to stop before it ended. Such an answer is never used: cvc5's
 *     cooperative cancel ends the check with a spurious UNSAT.
 * @param note why an UNKNOWN is unknown (e.g. {@code timeout}, {@code canceled}), else empty
 */
public record SolverResult(Status status, Map<String, ModelValue> model, long micros, boolean cancelled, String note) {
  public SolverResult {
    Objects.requireNonNull(status, "status");
    model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    note = note == null ? "" : note;
  }

  /** A SAT or UNSAT that may be used: definite and not given after a cancel. */
  public boolean usable() {
    return status.definite() && !cancelled;
  }
}
