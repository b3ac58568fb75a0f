package dev.hornbeam.portfolio;

import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.portfolio.solver.SolverId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a yes/no check whose "bad" side has a witness: no new access, access not granted,
 * cross-account access, and one direction of a comparison.
 *
 * @param verdict PASS (no such request: proved) or FAIL (a witness, or no definite answer)
 * @param reason SOLVED, or why the answer failed closed; PASS only with SOLVED
 * @param witness the request that makes the check fail (FAIL and SOLVED only), checked by the reference
 *     evaluator
 * @param witnessText the witness in plain words, or empty
 * @param grants the statements of the granting policy that allow the witness
 * @param detail for a fail-closed answer, what went wrong; else empty
 */
public record CheckAnswer(Verdict verdict, Reason reason, Optional<SolverId> solver, Optional<Request> witness,
    String witnessText, List<Grant> grants, Timings timings, boolean cached, String detail) {

  public enum Verdict { PASS, FAIL }

  public CheckAnswer {
    Objects.requireNonNull(verdict);
    Objects.requireNonNull(reason);
    if (verdict == Verdict.PASS && reason != Reason.SOLVED) {
      throw new IllegalArgumentException("PASS needs a solved answer, not " + reason);
    }
    grants = List.copyOf(grants);
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /** A fail-closed answer: FAIL for {@code reason}, with no witness. */
  static CheckAnswer failClosed(Reason reason, String detail, Optional<SolverId> solver, Timings timings) {
    return new CheckAnswer(Verdict.FAIL, reason, solver, Optional.empty(), "", List.of(), timings, false, detail);
  }
}
