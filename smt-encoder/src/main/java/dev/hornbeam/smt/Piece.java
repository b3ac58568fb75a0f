package dev.hornbeam.smt;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of a policy value as the encoder reads it: literal text, the wildcards {@code *} and
 * {@code ?}, or a reference to a policy variable. Parsed here independently of the reference evaluator
 * (the property tests compare the two).
 */
sealed interface Piece {
  /** Literal text (one or more code points). */
  record Text(String text) implements Piece {}

  /** {@code *}: any sequence of code points, possibly empty. */
  record Star() implements Piece {}

  /** {@code ?}: exactly one code point. */
  record One() implements Piece {}

  /**
   * {@code ${key}} or {@code ${key, 'default'}} (IAM User Guide, "IAM policy elements: Variables and
   * tags"): the single value of the request's key, as literal text; the default (or, without one, no
   * match at all) when the key is absent or multi-valued.
   */
  record Var(String key, String defaultValue) implements Piece {}

  /** A variable after resolution: an SMT string term that stands for literal text (encoder-internal). */
  record Ref(dev.hornbeam.smt.api.StringFormula term) implements Piece {}

  /**
   * Reads a policy value. {@code wildcards}: whether {@code *}/{@code ?} are wildcards (Like, Arn,
   * Resource, Action) or plain text (Equals). {@code variables}: Version 2012-10-17, where {@code ${…}}
   * is a variable; the special variables {@code ${*}}, {@code ${?}}, {@code ${$}} are the literal
   * characters.
   */
  static List<Piece> parse(String value, boolean wildcards, boolean variables) {
    List<Piece> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      if (variables && value.startsWith("${", i)) {
        int close = value.indexOf('}', i + 2);
        Piece var = close < 0 ? null : variable(value.substring(i + 2, close));
        if (var instanceof Text t) {
          text.append(t.text());
          i = close + 1;
          continue;
        }
        if (var != null) {
          flush(text, out);
          out.add(var);
          i = close + 1;
          continue;
        }
      }
      int cp = value.codePointAt(i);
      if (wildcards && (cp == '*' || cp == '?')) {
        flush(text, out);
        out.add(cp == '*' ? new Star() : new One());
      } else {
        text.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    flush(text, out);
    return out;
  }

  /** The body of {@code ${…}}: a fixed character, a key with optional default, or null (plain text). */
  private static Piece variable(String body) {
    if (body.equals("*") || body.equals("?") || body.equals("$")) {
      return new Text(body);
    }
    int comma = body.indexOf(',');
    if (comma < 0) {
      return new Var(trim(body), null);
    }
    String quoted = trim(body.substring(comma + 1));
    if (quoted.length() < 2 || quoted.charAt(0) != '\'' || quoted.charAt(quoted.length() - 1) != '\'') {
      return null;
    }
    return new Var(trim(body.substring(0, comma)), quoted.substring(1, quoted.length() - 1));
  }

  /** Strips U+0020 only, as AWS's variable syntax allows spaces around the key and the default. */
  private static String trim(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == ' ') {
      b--;
    }
    return s.substring(a, b);
  }

  private static void flush(StringBuilder text, List<Piece> out) {
    if (text.length() > 0) {
      out.add(new Text(text.toString()));
      text.setLength(0);
    }
  }
}
