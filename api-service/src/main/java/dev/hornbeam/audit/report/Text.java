package dev.hornbeam.audit.report;

import dev.hornbeam.audit.Finding;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.util.Locale;

/** Findings in words, shared by the SARIF messages and the HTML report. */
final class Text {
  private Text() {}

  /** A granting statement: {@code statement 2 ("PublicRead"): …}. */
  static String statement(PublicAccessResponse.Finding s) {
    if (s.description().startsWith("statement " + s.statementIndex() + " ")) {
      return s.description(); // the facade's descriptions name the statement already
    }
    String sid = s.statementId() == null || s.statementId().isEmpty() ? "" : " (\"" + s.statementId() + "\")";
    return "statement " + s.statementIndex() + sid + ": " + s.description();
  }

  static String problem(PolicyProblem p) {
    return p.code() + " at " + (p.pointer().isEmpty() ? "/" : p.pointer()) + ": " + p.message();
  }

  /** Why a PUBLIC finding was not proved: the reason in words. */
  static String undecided(Finding f) {
    String why = switch (f.reason()) {
      case "TIMEOUT" -> "no solver answered by the deadline";
      case "UNKNOWN" -> "the solvers could not decide the question";
      case "OVERLOADED" -> "the solvers were saturated";
      default -> "an internal error occurred";
    };
    return "Treated as public (fail closed): " + why + " (" + f.reason().toLowerCase(Locale.ROOT) + ").";
  }

  /** Milliseconds for people: {@code 0.42 ms}, {@code 12 ms}, {@code 3.5 s}. */
  static String millis(double ms) {
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.3g s", ms / 1000);
    }
    if (ms >= 10) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    return String.format(Locale.ROOT, "%.2g ms", ms);
  }
}
