package dev.hornbeam.policy.source;

/** A file, or a part of one, that Hornbeam does not understand: the message names the place and the rule. */
public final class SourceException extends Exception {
  private final Loc loc;

  public SourceException(Loc loc, String message) {
    super(message);
    this.loc = loc;
  }

  public Loc loc() {
    return loc;
  }
}
