package dev.hornbeam.portfolio.automaton;

/** Why the native backend did not decide a question (the note of its UNKNOWN: {@code REASON: detail}). */
enum Unknown {
  /** A formula shape the procedure does not decide exactly (a policy variable with a default, …). */
  UNSUPPORTED,
  /** The time budget ran out. */
  BUDGET,
  /** An automaton grew past Lucene's determinization work limit. */
  WORK_LIMIT,
  /** Told to stop. */
  CANCELLED,
  /** A model failed the formula layer's own check (never answered SAT: a bug to study). */
  MODEL_CHECK;

  /** Thrown to leave the search with this reason. */
  GiveUp because(String detail) {
    return new GiveUp(this, detail);
  }

  static final class GiveUp extends RuntimeException {
    final Unknown reason;

    GiveUp(Unknown reason, String detail) {
      super(reason + ": " + detail, null, false, false);
      this.reason = reason;
    }
  }
}
