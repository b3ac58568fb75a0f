package dev.hornbeam.smt;

import dev.hornbeam.smt.api.SmtLib;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SMT-LIB 2.6 text for terms, built as strings with a little constant folding ({@code true}/{@code
 * false} absorbed by and/or/not) so that dumped queries stay short and readable. Every piece of policy
 * text enters a query only through {@link #str(String)} (an escaped string literal) or {@link
 * #comment(String)}: no policy text can change a query's structure.
 */
public final class Smt {
  public static final String TRUE = "true";
  public static final String FALSE = "false";
  /** The largest code point of the SMT-LIB strings theory's alphabet. */
  public static final int MAX_CODE_POINT = SmtLib.MAX_CODE_POINT;

  private Smt() {}

  /**
   * A string literal. Printable ASCII stays as is; {@code "}, {@code \} and everything outside
   * U+0020..U+007E become {@code \\u{…}} escapes, so the literal means exactly the policy's code points
   * in both Z3 and cvc5.
   *
   * @throws IllegalArgumentException for a code point above {@link #MAX_CODE_POINT}, which the theory
   *     cannot represent (callers check {@link #representable(String)} first)
   */
  public static String str(String s) {
    return SmtLib.string(s);
  }

  /** Whether every code point of {@code s} is in the SMT-LIB string alphabet. */
  public static boolean representable(String s) {
    return SmtLib.representable(s);
  }

  /** A comment line; the text is shown escaped so a newline in it cannot end the comment. */
  public static String comment(String text) {
    return SmtLib.comment(text);
  }

  /** An exact Real literal for a decimal: {@code 1.2}, {@code (- 3.0)}. */
  public static String real(BigDecimal d) {
    BigDecimal abs = d.abs();
    String text = abs.scale() <= 0 ? abs.toBigInteger() + ".0" : abs.toPlainString();
    return d.signum() < 0 ? "(- " + text + ")" : text;
  }

  public static String and(Collection<String> terms) {
    List<String> kept = new ArrayList<>();
    for (String t : terms) {
      if (t.equals(FALSE)) {
        return FALSE;
      }
      if (!t.equals(TRUE)) {
        kept.add(t);
      }
    }
    return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : "(and " + String.join(" ", kept) + ")";
  }

  public static String and(String... terms) {
    return and(List.of(terms));
  }

  public static String or(Collection<String> terms) {
    List<String> kept = new ArrayList<>();
    for (String t : terms) {
      if (t.equals(TRUE)) {
        return TRUE;
      }
      if (!t.equals(FALSE)) {
        kept.add(t);
      }
    }
    return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : "(or " + String.join(" ", kept) + ")";
  }

  public static String or(String... terms) {
    return or(List.of(terms));
  }

  public static String not(String t) {
    if (t.equals(TRUE)) {
      return FALSE;
    }
    if (t.equals(FALSE)) {
      return TRUE;
    }
    if (t.startsWith("(not ") && t.endsWith(")") && balanced(t.substring(5, t.length() - 1))) {
      return t.substring(5, t.length() - 1);
    }
    return "(not " + t + ")";
  }

  public static String implies(String a, String b) {
    return or(not(a), b);
  }

  public static String eq(String a, String b) {
    return "(= " + a + " " + b + ")";
  }

  public static String ite(String c, String a, String b) {
    if (c.equals(TRUE)) {
      return a;
    }
    if (c.equals(FALSE)) {
      return b;
    }
    return "(ite " + c + " " + a + " " + b + ")";
  }

  public static String app(String f, String... args) {
    return "(" + f + " " + String.join(" ", args) + ")";
  }

  /** {@code (str.++ …)} of the parts, or the single part. */
  public static String concat(List<String> parts) {
    if (parts.isEmpty()) {
      return "\"\"";
    }
    return parts.size() == 1 ? parts.get(0) : "(str.++ " + String.join(" ", parts) + ")";
  }

  /** Whether {@code t} is one complete s-expression or atom (used to strip a {@code (not …)} safely). */
  private static boolean balanced(String t) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"') {
        inString = !inString;
      } else if (!inString && c == '(') {
        depth++;
      } else if (!inString && c == ')') {
        depth--;
        if (depth == 0 && i != t.length() - 1) {
          return false;
        }
      }
    }
    return depth == 0 && (t.startsWith("(") || !t.contains(" "));
  }
}
