package dev.hornbeam.policy.source;

/** A place in a source file: 1-based line and column (0 when not known, as inside a JSON string). */
public record Loc(int line, int column) {
  public static final Loc NONE = new Loc(0, 0);

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
