package dev.hornbeam.smt;

/** How a question lets a condition key appear in a request. */
public sealed interface KeyShape {
  /** At most one value: a presence flag and one value. */
  record Single() implements KeyShape {}

  /**
   * A set of 0..bound values (an empty set is treated as an absent key, as in the reference
   * evaluator). The question picks the bound and says why it loses no answer.
   */
  record Multi(int bound) implements KeyShape {
    public Multi {
      if (bound < 1) {
        throw new IllegalArgumentException("bound must be at least 1");
      }
    }
  }

  KeyShape SINGLE = new Single();
}
