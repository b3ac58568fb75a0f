package dev.hornbeam.smt;

/**
 * A typed view of a condition key's value, one per operator family that reads the key. A request value
 * is text; a typed operator reads it as a number, date, … and fails on text of the wrong type (the
 * reference evaluator's "type mismatch fails the condition"), hence the {@code ok} flags.
 */
enum View {
  /** String and Arn operators, policy variables: the text itself. */
  STR,
  /** Numeric operators: an exact rational, plus whether the text is a number. */
  NUM,
  /** Date operators: seconds since the epoch as an exact rational, plus whether the text is a date. */
  DATE,
  /** Bool: true/false, plus whether the text is a boolean. */
  BOOL,
  /** BinaryEquals: the canonical base64 text of the decoded bytes, plus whether the text is base64. */
  BIN,
  /** IpAddress: the family (0 not an address, 4, 6) and the address as a 32- or 128-bit vector. */
  IP
}
