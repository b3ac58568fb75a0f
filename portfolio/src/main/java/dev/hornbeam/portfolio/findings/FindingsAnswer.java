package dev.hornbeam.portfolio.findings;

import dev.hornbeam.policy.findings.Zone;
import java.util.List;

/**
 * Who outside the zone has access.
 *
 * @param coverage PROVED: every request from outside the zone that the policy allows is in some finding
 *     (the solver proved it); UNDECIDED: the last finding is undecided and stands for what is not proved
 * @param findings the findings; each but an undecided one has a witness
 * @param found findings before the set cover dropped those the others cover
 * @param queries solver questions asked
 * @param micros wall time
 * @param detail why the coverage is undecided, or empty
 */
public record FindingsAnswer(Zone zone, Coverage coverage, List<Finding> findings, int found, int queries, long micros,
    String detail) {
  public enum Coverage { PROVED, UNDECIDED }

  public FindingsAnswer {
    findings = List.copyOf(findings);
  }

  /** Whether someone outside the zone may have access (a finding, or an undecided search: fail closed). */
  public boolean hasAccess() {
    return !findings.isEmpty();
  }
}
