package dev.hornbeam.policy.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Glob patterns as small automata: an IAM wildcard pattern ({@code *} any run of characters, {@code ?}
 * one character) and an ARN template are both lists of {@link Token}s, so one can ask whether any
 * string matches both ({@link #intersects}). Characters are compared ignoring ASCII case.
 */
final class Glob {
  private Glob() {}

  /** The characters one token step may read. */
  enum CharClass {
    ANY,
    /** every character but {@code ':'} (one ARN field) */
    NOT_COLON
  }

  sealed interface Token permits Char, One, Star {}

  /** Exactly this character (ASCII case ignored). */
  record Char(char c) implements Token {}

  /** Exactly one character of the class. */
  record One(CharClass chars) implements Token {}

  /** Any run of characters of the class, possibly empty. */
  record Star(CharClass chars) implements Token {}

  /**
   * The tokens of a policy's {@code Resource} pattern: {@code *} and {@code ?} are wildcards, and a
   * policy variable {@code ${…}} may stand for anything, so it reads as {@code *}. As AWS matches ARNs
   * field by field (IAM User Guide, "IAM JSON policy elements: Resource"; the evaluator's {@code Arns}),
   * a wildcard before the fifth literal {@code ':'} stays within its field; one in the resource part
   * (the sixth field, which may hold {@code ':'}) may match anything. A pattern with fewer than five
   * {@code ':'} ({@code *}, {@code arn:*}) is matched as a whole, as the evaluator does.
   */
  static List<Token> ofPattern(String pattern) {
    List<Token> out = new ArrayList<>();
    // Counting every ':' (a variable's text included) can only make fewer wildcards field-bound.
    int colons = pattern.chars().filter(c -> c == ':').count() >= 5 ? 0 : 5;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      CharClass field = colons < 5 ? CharClass.NOT_COLON : CharClass.ANY;
      int close = c == '$' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{' ? pattern.indexOf('}', i) : -1;
      if (close > 0) {
        out.add(new Star(field));
        i = close;
      } else if (c == '*') {
        out.add(new Star(field));
      } else if (c == '?') {
        out.add(new One(field));
      } else {
        out.add(new Char(c));
        if (c == ':') {
          colons++;
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code text} matches the IAM wildcard {@code pattern}, both already lower case: the
   * classic two-pointer walk (on a mismatch, the last {@code *} swallows one more character), linear
   * in practice and never exponential.
   */
  static boolean matchesLower(String pattern, String text) {
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = -1;
    while (i < text.length()) {
      char pc = p < pattern.length() ? pattern.charAt(p) : 0;
      if (p < pattern.length() && pc == '*') {
        starP = p++;
        starI = i;
      } else if (p < pattern.length() && (pc == '?' || pc == text.charAt(i))) {
        p++;
        i++;
      } else if (starP >= 0) {
        p = starP + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /**
   * Whether some string is matched by both token lists: a search over pairs of positions (the product
   * of the two automata), at most {@code (a.size() + 1) * (b.size() + 1)} states.
   */
  static boolean intersects(List<Token> a, List<Token> b) {
    int n = a.size();
    int m = b.size();
    boolean[] seen = new boolean[(n + 1) * (m + 1)];
    int[] stack = new int[(n + 1) * (m + 1)];
    int top = 0;
    stack[top++] = 0;
    seen[0] = true;
    while (top > 0) {
      int state = stack[--top];
      int i = state / (m + 1);
      int j = state % (m + 1);
      if (i == n && j == m) {
        return true;
      }
      Token x = i < n ? a.get(i) : null;
      Token y = j < m ? b.get(j) : null;
      // a star may match nothing
      if (x instanceof Star) {
        top = push(seen, stack, top, i + 1, j, m);
      }
      if (y instanceof Star) {
        top = push(seen, stack, top, i, j + 1, m);
      }
      // both read one character they can agree on
      if (x != null && y != null && compatible(x, y)) {
        top = push(seen, stack, top, x instanceof Star ? i : i + 1, y instanceof Star ? j : j + 1, m);
      }
    }
    return false;
  }

  private static int push(boolean[] seen, int[] stack, int top, int i, int j, int m) {
    int s = i * (m + 1) + j;
    if (!seen[s]) {
      seen[s] = true;
      stack[top++] = s;
    }
    return top;
  }

  private static boolean compatible(Token x, Token y) {
    if (x instanceof Char cx && y instanceof Char cy) {
      return fold(cx.c()) == fold(cy.c());
    }
    if (x instanceof Char cx) {
      return admits(classOf(y), cx.c());
    }
    if (y instanceof Char cy) {
      return admits(classOf(x), cy.c());
    }
    return true; // two classes always share a character
  }

  private static CharClass classOf(Token t) {
    if (t instanceof One o) {
      return o.chars();
    }
    if (t instanceof Star s) {
      return s.chars();
    }
    throw new IllegalArgumentException("a character is no class: " + t);
  }

  private static boolean admits(CharClass chars, char c) {
    return switch (chars) {
      case ANY -> true;
      case NOT_COLON -> c != ':';
    };
  }

  static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
