package dev.hornbeam.portfolio.findings;

import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.findings.Cube;
import java.util.List;
import java.util.Optional;

/**
 * One finding: the requests of its cubes from outside the zone, some of which the policy allows. Most
 * findings are one cube; findings that differ only in their actions are merged into one (as Access Analyzer
 * lists a principal's actions in one finding), a union of cubes.
 *
 * @param exact proved: the policy allows every request of the cubes from outside the zone (else the cube
 *     also holds requests it does not allow: the finding is then a cell of the policy's atoms that is
 *     not all allowed, or the proof ran out of time)
 * @param undecided the search ran out of time or had no definite answer: this finding stands for all outside
 *     access not covered by the others (everything, when there are none), not proved to exist
 * @param witness a request of the cube from outside the zone that the policy allows (checked by the
 *     reference evaluator); empty only for an undecided finding
 * @param statements the indexes of the policy's statements that allow the witness
 * @param words the finding in plain words
 */
public record Finding(List<Cube> cubes, boolean exact, boolean undecided, Optional<Request> witness, String witnessText,
    List<Integer> statements, Described described, String words) {
  public Finding {
    cubes = List.copyOf(cubes);
    statements = List.copyOf(statements);
  }

  /** Whether {@code r} is in the finding (in one of its cubes). */
  public boolean contains(Request r, String version) {
    return cubes.stream().anyMatch(c -> c.contains(r, version));
  }
}
