package dev.hornbeam.service.answer;

import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The attach guard's decision ({@link GuardResponse}), from what the request said and what the solvers
 * answered: ALLOW only when the policy is valid, names the resource it is attached to, and is proved not
 * public (and, when asked, proved to grant no new access); every other case is DENY with its reason. No
 * HTTP here: {@code POST /v1/guard/policy-attach} reads the request and asks the solvers, this decides.
 *
 * <p>Each method takes {@code start}, the {@link System#nanoTime()} the request arrived at, for the
 * decision's {@code latencyMillis}, and {@code policySha256}, the hash of the policy as sent.
 */
public final class GuardDecision {
  private GuardDecision() {}

  /**
   * DENY INVALID_REQUEST: {@code resourceArn} is not the ARN of a resource of the type ({@code problem}
   * says why); the policy's own problems (validated for any resource of the type) follow, so that the
   * caller sees all that is wrong at once.
   */
  public static GuardResponse invalidResourceArn(String problem, PolicyInput policy, String policySha256, long start) {
    List<PolicyProblem> problems = new ArrayList<>();
    problems.add(new PolicyProblem("resourceArn", "/resourceArn", "INVALID_RESOURCE_ARN", "error", problem));
    problems.addAll(policy.problems());
    return new GuardResponse("DENY", "INVALID_REQUEST", problem, List.of(), null, problems, null, null, policySha256, millis(start));
  }

  /** DENY INVALID_POLICY: the policy (or, with {@code current}, the current policy new access is judged against) is invalid. */
  public static GuardResponse invalidPolicy(PolicyInput policy, boolean current, String policySha256, long start) {
    String message = current ? "The current policy is invalid, so new access cannot be judged; see problems."
        : "The policy is invalid; see problems.";
    return new GuardResponse("DENY", "INVALID_POLICY", message, List.of(), null, policy.problems(), null, null, policySha256, millis(start));
  }

  /**
   * The decision from the public-access answer and, when asked for, the no-new-access answer: a proved
   * finding (public access, then new access) comes first, then why the public question stayed open, then
   * a new-access question that stayed open (DENY NEW_ACCESS, fail closed). Only both proofs ALLOW.
   *
   * @param newAccess the no-new-access answer, or null when {@code blockNewAccess} did not ask for it
   * @param warnings the policy's validation warnings
   */
  public static GuardResponse decide(PublicAccessAnswer answer, CheckAnswer newAccess, List<PolicyProblem> warnings,
      String policySha256, long start) {
    PublicAccessResponse details = PublicAccessResponse.of(answer, warnings);
    CheckResponse added = newAccess == null ? null : CheckResponse.of(newAccess, CheckResponse.Question.NO_NEW_ACCESS, warnings);
    boolean publicSolved = answer.reason() == Reason.SOLVED;
    if (publicSolved && answer.isPublic()) {
      return new GuardResponse("DENY", "PUBLIC_ACCESS", details.message(), details.reasons(), details.witness(), warnings,
          details.solver(), added, policySha256, millis(start));
    }
    if (newAccess != null && newAccess.reason() == Reason.SOLVED && !newAccess.passed()) {
      return new GuardResponse("DENY", "NEW_ACCESS", added.message(), added.reasons(), added.witness(), warnings, added.solver(),
          added, policySha256, millis(start));
    }
    if (!publicSolved) {
      return new GuardResponse("DENY", answer.reason().name(), "Denied, fail closed: " + details.message(), List.of(), null,
          warnings, details.solver(), added, policySha256, millis(start));
    }
    if (newAccess != null && !newAccess.passed()) {
      return new GuardResponse("DENY", "NEW_ACCESS", "Denied, fail closed: " + added.message(), List.of(), null, warnings,
          added.solver(), added, policySha256, millis(start));
    }
    return new GuardResponse("ALLOW", "NOT_PUBLIC", newAccess == null ? "The policy grants no public access (proved)."
        : "The policy grants no public access and no access the current policy does not (proved).", List.of(), null, warnings,
        details.solver(), added, policySha256, millis(start));
  }

  /** Milliseconds since {@code start}, to the hundredth. */
  private static double millis(long start) {
    return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
  }
}
