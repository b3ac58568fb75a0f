package dev.hornbeam.service.answer;

import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.answer.PublicAccessResponse.Finding;
import dev.hornbeam.service.answer.PublicAccessResponse.TimingsMillis;
import dev.hornbeam.service.answer.PublicAccessResponse.Witness;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The answer of the checks on the difference of two request sets — {@code no-new-access},
 * {@code access-not-granted}, {@code cross-account}, and each direction of {@code /v1/compare} — modelled
 * on IAM Access Analyzer's CheckNoNewAccess / CheckAccessNotGranted: {@code result} PASS (proved) or
 * FAIL, {@code reasons} naming the statements that grant the witness, plus the witness request, the
 * solver and the timings. {@code reason} is SOLVED, or why the answer failed closed (TIMEOUT, UNKNOWN,
 * ERROR): a FAIL with no witness.
 */
@Serdeable
public record CheckResponse(String result, String reason, String message, List<Finding> reasons, @Nullable Witness witness,
    @Nullable String solver, boolean cached, TimingsMillis timings, List<PolicyProblem> warnings) {

  /** A check, and how its two answers read. */
  public enum Question {
    NO_NEW_ACCESS("The new policy grants no access that the existing policy does not (proved).",
        "The new policy grants access that the existing policy does not: "),
    ACCESS_NOT_GRANTED("The policy grants none of the given access (proved).", "The policy grants the given access: "),
    CROSS_ACCOUNT("The policy grants nothing to principals outside the owner account (proved).",
        "The policy grants access to a principal outside the owner account: "),
    FIRST_BEYOND_SECOND("The first policy grants nothing that the second does not (proved).",
        "The first policy grants what the second does not: "),
    SECOND_BEYOND_FIRST("The second policy grants nothing that the first does not (proved).",
        "The second policy grants what the first does not: ");

    private final String pass;
    private final String fail;

    Question(String pass, String fail) {
      this.pass = pass;
      this.fail = fail;
    }

    /** The answer in one sentence. */
    public String message(CheckAnswer a) {
      if (a.reason() != Reason.SOLVED) {
        return "Treated as FAIL because " + PublicAccessResponse.why(a.reason(), a.detail()) + ".";
      }
      return a.passed() ? pass : fail + a.witnessText() + ".";
    }
  }

  public static CheckResponse of(CheckAnswer a, Question question, List<PolicyProblem> warnings) {
    return new CheckResponse(a.verdict().name(), a.reason().name(), question.message(a), PublicAccessResponse.findings(a.grants()),
        a.witness().map(w -> PublicAccessResponse.witness(w, a.witnessText())).orElse(null), a.solver().map(s -> s.key()).orElse(null),
        a.cached(), TimingsMillis.of(a.timings()), warnings);
  }
}
