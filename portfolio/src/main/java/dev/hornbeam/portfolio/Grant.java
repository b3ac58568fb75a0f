package dev.hornbeam.portfolio;

/**
 * A statement that allows the witness request.
 *
 * @param statementIndex position in the policy's {@code Statement} list, from 0
 * @param statementId the statement's {@code Sid}, or {@code null}
 * @param description in plain words
 */
public record Grant(int statementIndex, String statementId, String description) {
  /** Statement {@code index} (with its Sid, or null) allows the witness described by {@code witnessText}. */
  public static Grant of(int index, String sid, String witnessText) {
    return new Grant(index, sid, "statement " + index + (sid == null ? "" : " (Sid " + sid + ")") + " allows: " + witnessText);
  }
}
