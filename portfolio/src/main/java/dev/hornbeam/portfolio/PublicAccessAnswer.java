package dev.hornbeam.portfolio;

import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.portfolio.solver.SolverId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "is this resource policy public?".
 *
 * @param result PUBLIC or NOT_PUBLIC; NOT_PUBLIC only with reason SOLVED (an UNSAT from a solver)
 * @param reason SOLVED, or why the answer failed closed
 * @param solver the solver whose answer was taken
 * @param witness a request from a stranger that the policy allows (PUBLIC and SOLVED only), checked by the
 *     reference evaluator
 * @param witnessText the witness in plain words, or empty
 * @param grants the statements that allow the witness
 * @param cached taken from the answer cache
 * @param detail for a fail-closed answer, what went wrong; else empty
 */
public record PublicAccessAnswer(Result result, Reason reason, Optional<SolverId> solver, Optional<Request> witness,
    String witnessText, List<Grant> grants, Timings timings, boolean cached, String detail) {

  public enum Result { PUBLIC, NOT_PUBLIC }

  public PublicAccessAnswer {
    Objects.requireNonNull(result);
    Objects.requireNonNull(reason);
    if (result == Result.NOT_PUBLIC && reason != Reason.SOLVED) {
      throw new IllegalArgumentException("NOT_PUBLIC needs a solved answer, not " + reason);
    }
    grants = List.copyOf(grants);
  }

  public boolean isPublic() {
    return result == Result.PUBLIC;
  }

  /**
   * The worst of several answers for one policy checked as several (each value a deployment may give one of
   * its unknowns, {@code Deployment}): an internal error, then another fail-closed answer (a timeout, …), then
   * PUBLIC, then NOT_PUBLIC; the first of equals. So the policy is NOT_PUBLIC only when every one is.
   */
  public static int worst(List<PublicAccessAnswer> answers) {
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("no answers");
    }
    int worst = 0;
    for (int i = 1; i < answers.size(); i++) {
      if (rank(answers.get(i)) > rank(answers.get(worst))) {
        worst = i;
      }
    }
    return worst;
  }

  private static int rank(PublicAccessAnswer a) {
    if (a.reason() == Reason.ERROR) {
      return 3;
    }
    return a.reason() != Reason.SOLVED ? 2 : a.isPublic() ? 1 : 0;
  }

  /** A fail-closed answer: PUBLIC for {@code reason}, with no witness. */
  static PublicAccessAnswer failClosed(Reason reason, String detail, Optional<SolverId> solver, Timings timings) {
    return new PublicAccessAnswer(Result.PUBLIC, reason, solver, Optional.empty(), "", List.of(), timings, false, detail);
  }
}
