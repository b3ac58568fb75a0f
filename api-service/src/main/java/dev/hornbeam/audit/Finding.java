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
 */
@Serdeable
public record Finding(String key, String accountId, String arn, String resourceType, String result, String reason,
    List<PublicAccessResponse.Finding> reasons, @Nullable PublicAccessResponse.Witness witness, List<PolicyProblem> problems,
    @Nullable String solver, double solveMillis, boolean deduplicated, String policySha256, String source) {
  public Finding {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
