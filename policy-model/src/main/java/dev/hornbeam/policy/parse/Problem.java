package dev.hornbeam.policy.parse;

import java.util.Objects;

/**
 * One validation finding.
 *
 * @param pointer RFC 6901 JSON pointer to the offending place ({@code ""} is the whole document)
 * @param code a stable identifier callers can switch on
 * @param message a plain sentence for people
 */
public record Problem(String pointer, Severity severity, ProblemCode code, String message) {
  public Problem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code POINTER CODE message} ({@code POINTER CODE warning: message} for a warning); the whole
   * document is printed as {@code (root)}.
   */
  public String toLine() {
    return (pointer.isEmpty() ? "(root)" : pointer) + " " + code + " " + (isError() ? "" : "warning: ") + message;
  }
}
