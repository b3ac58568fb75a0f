package dev.hornbeam.policy.eval;

import java.util.List;

/**
 * The outcome plus which statements applied to the request.
 *
 * @param matchedAllows indexes of Allow statements that apply, ascending
 * @param matchedDenies indexes of Deny statements that apply, ascending
 */
public record Decision(Outcome outcome, List<Integer> matchedAllows, List<Integer> matchedDenies) {
  public Decision {
    matchedAllows = List.copyOf(matchedAllows);
    matchedDenies = List.copyOf(matchedDenies);
  }
}
