package dev.hornbeam.audit;

import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The audit's answer for one resource: one line of {@code journal.ndjson} and {@code findings.ndjson}.
 *
 * @param key the resource's key ({@link ResourceRecord#key()})
 * @param result PUBLIC, NOT_PUBLIC or INVALID
 * @param reason SOLVED, TIMEOUT, UNKNOWN, ERROR, OVERLOADED (PUBLIC or NOT_PUBLIC), or INVALID_POLICY,
 *     UNKNOWN_TYPE (INVALID)
 * @param reasons the statements that grant public access
 * @param witness a request from a stranger the policy allows (PUBLIC and SOLVED)
 * @param problems validation problems (errors for INVALID, warnings otherwise)
 * @param solver the solver whose answer was taken, or null
 * @param solveMillis the check's time (0 when the answer was shared with an identical policy)
 * @param deduplicated the answer was taken from an identical policy decided earlier in the run
 * @param policySha256 SHA-256 of the policy text (empty when the resource has no policy)
 * @param outside who outside the zone of trust (the resource's account, or the audit's organization) has
 *     access, one finding in plain words each (issue 17); empty when nobody has, or when not decided
 * @param outsideCoverage PROVED (the findings cover all outside access) or UNDECIDED (the last finding stands
 *     for what was not decided: fail closed); null when not asked (an invalid policy, no policy)
 */
@Serdeable
public record Finding(String key, String accountId, String arn, String resourceType, String result, String reason,
    List<PublicAccessResponse.Finding> reasons, @Nullable PublicAccessResponse.Witness witness, List<PolicyProblem> problems,
    @Nullable String solver, double solveMillis, boolean deduplicated, String policySha256, String source,
    @Nullable List<String> outside, @Nullable String outsideCoverage) {
  @io.micronaut.core.annotation.Creator
  public Finding {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    problems = problems == null ? List.of() : List.copyOf(problems);
    outside = outside == null ? List.of() : List.copyOf(outside);
  }

  /** A finding with no outside access asked about. */
  public Finding(String key, String accountId, String arn, String resourceType, String result, String reason,
      List<PublicAccessResponse.Finding> reasons, PublicAccessResponse.Witness witness, List<PolicyProblem> problems,
      String solver, double solveMillis, boolean deduplicated, String policySha256, String source) {
    this(key, accountId, arn, resourceType, result, reason, reasons, witness, problems, solver, solveMillis, deduplicated,
        policySha256, source, List.of(), null);
  }

  /** This finding with the answer about access from outside the zone of trust. */
  public Finding withOutside(List<String> findings, String coverage) {
    return new Finding(key, accountId, arn, resourceType, result, reason, reasons, witness, problems, solver, solveMillis,
        deduplicated, policySha256, source, findings, coverage);
  }

  /** Someone outside the zone of trust has access, or may have (undecided: fail closed). */
  public boolean outsideAccess() {
    return !outside.isEmpty() || "UNDECIDED".equals(outsideCoverage);
  }
}
