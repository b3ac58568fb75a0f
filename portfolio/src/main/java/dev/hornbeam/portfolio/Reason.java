package dev.hornbeam.portfolio;

/** Why an answer is what it is. Everything but SOLVED is a fail-closed answer. */
public enum Reason {
  /** A solver decided the question (and a SAT witness passed the evaluator's check). */
  SOLVED,
  /** No definite answer by the deadline. */
  TIMEOUT,
  /** The solvers said unknown, or the encoding could not express the policy exactly (gaps). */
  UNKNOWN,
  /** Internal error: a lost worker, a rejected script, a witness the evaluator does not allow. */
  ERROR,
  /** The solver pools were saturated. */
  OVERLOADED,
  /**
   * The input does not fit the question: a resource ARN that is not of the type, or a policy that names
   * another resource or has no action of the type ({@code ResourceScope}). Nothing was asked.
   */
  INVALID_INPUT
}
