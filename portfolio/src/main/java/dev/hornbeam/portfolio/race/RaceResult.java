package dev.hornbeam.portfolio.race;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.smt.api.ModelValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one query's race ended.
 *
 * @param winner the solver whose answer was taken (only for SAT / UNSAT)
 * @param model the winner's model (only for SAT)
 * @param legs each solver's part, as it stood when the race was decided
 * @param elapsedMicros from the start of the race to its decision
 * @param detail why it is not definite (errors, unknown reasons), or empty
 */
public record RaceResult(Outcome outcome, Optional<SolverId> winner, Map<String, ModelValue> model, List<Leg> legs,
    long elapsedMicros, String detail) {
  public RaceResult {
    model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    legs = List.copyOf(legs);
  }

  /** The winning leg, if any. */
  public Optional<Leg> winningLeg() {
    return legs.stream().filter(l -> l.state() == Leg.State.WON).findFirst();
  }
}
