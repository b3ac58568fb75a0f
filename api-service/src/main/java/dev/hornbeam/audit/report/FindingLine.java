package dev.hornbeam.audit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One line of {@code findings.ndjson}: a resource's finding as reported (the journal's bookkeeping left out).
 * Every field is written, null and empty ones too, so each line has the same members.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record FindingLine(String account, String arn, String type, String result, String reason,
    List<PublicAccessResponse.Finding> reasons, @Nullable PublicAccessResponse.Witness witness, List<PolicyProblem> problems,
    @Nullable String solver, double solveMillis, boolean deduplicated, String source, List<String> outside,
    @Nullable String outsideCoverage) {

  static FindingLine of(Finding f) {
    return new FindingLine(f.accountId(), f.arn(), f.resourceType(), f.result(), f.reason(), f.reasons(), f.witness(),
        f.problems(), f.solver(), f.solveMillis(), f.deduplicated(), f.source(), f.outside(), f.outsideCoverage());
  }
}
