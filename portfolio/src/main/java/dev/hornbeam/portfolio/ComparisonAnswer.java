package dev.hornbeam.portfolio;

import java.util.Objects;

/**
 * How permissive P1 is next to P2, from two checks: does P1 allow a request P2 does not, and the reverse.
 *
 * <p>Fail closed: a direction without a definite answer (time-out, unknown, error) counts as "allows
 * more", so the relation never claims EQUIVALENT or LESS_OR_EQUAL without both proofs; {@code reason} is
 * then that direction's reason.
 *
 * @param firstBeyondSecond FAIL with a witness when P1 allows a request P2 does not (grants from P1)
 * @param secondBeyondFirst FAIL with a witness when P2 allows a request P1 does not (grants from P2)
 * @param totalMicros wall time of the comparison (both directions run at once)
 */
public record ComparisonAnswer(Relation relation, Reason reason, CheckAnswer firstBeyondSecond,
    CheckAnswer secondBeyondFirst, long totalMicros) {

  /** P1 against P2. */
  public enum Relation {
    /** Each allows exactly what the other allows. */
    EQUIVALENT,
    /** P1 allows nothing P2 does not, and P2 allows something P1 does not. */
    LESS_OR_EQUAL,
    /** P1 allows something P2 does not, and P2 allows nothing P1 does not. */
    MORE,
    /** Each allows something the other does not. */
    INCOMPARABLE
  }

  public ComparisonAnswer {
    Objects.requireNonNull(relation);
    Objects.requireNonNull(reason);
  }

  static ComparisonAnswer of(CheckAnswer firstBeyondSecond, CheckAnswer secondBeyondFirst, long totalMicros) {
    boolean more = !firstBeyondSecond.passed();
    boolean less = !secondBeyondFirst.passed();
    Relation r = more && less ? Relation.INCOMPARABLE : more ? Relation.MORE : less ? Relation.LESS_OR_EQUAL
        : Relation.EQUIVALENT;
    Reason reason = firstBeyondSecond.reason() != Reason.SOLVED ? firstBeyondSecond.reason() : secondBeyondFirst.reason();
    return new ComparisonAnswer(r, reason, firstBeyondSecond, secondBeyondFirst, totalMicros);
  }
}
