package dev.hornbeam.policy.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Glob patterns over Unicode code points, as used by Action, Resource, StringLike and ArnLike: {@code *}
 * matches any sequence of code points (possibly empty) and {@code ?} exactly one code point (IAM User
 * Guide, "IAM JSON policy elements: Condition operators", String condition operators: "multi-character
 * match wildcard (*) and the single-character match wildcard (?)").
 *
 * <p>A pattern is a list of {@link Segment}s, so that text substituted from a policy variable can be a
 * literal {@code *} or {@code ?}. Strings are read as code points ({@link String#codePoints()}); a lone
 * surrogate is one code point of its own.
 */
final class Wildcard {
  private Wildcard() {}

  /** One element of a pattern. */
  sealed interface Segment permits Literal, AnyString, AnyChar {}

  /** Exactly this code point. */
  record Literal(int codePoint) implements Segment {}

  /** {@code *}: any sequence of code points, possibly empty. */
  record AnyString() implements Segment {}

  /** {@code ?}: exactly one code point. */
  record AnyChar() implements Segment {}

  static final Segment ANY_STRING = new AnyString();
  static final Segment ANY_CHAR = new AnyChar();

  /** Pattern text in which {@code *} and {@code ?} are wildcards and every other code point is literal. */
  static List<Segment> parse(String pattern) {
    List<Segment> segments = new ArrayList<>();
    pattern.codePoints().forEach(cp -> segments.add(
        cp == '*' ? ANY_STRING : cp == '?' ? ANY_CHAR : new Literal(cp)));
    return segments;
  }

  /** Text in which every code point is literal ({@code *} and {@code ?} included). */
  static List<Segment> literal(String text) {
    List<Segment> segments = new ArrayList<>();
    text.codePoints().forEach(cp -> segments.add(new Literal(cp)));
    return segments;
  }

  /** Whether {@code text} matches the {@code pattern} text ({@code *}/{@code ?} wildcards). */
  static boolean matches(String pattern, String text, boolean ignoreAsciiCase) {
    return matches(parse(pattern), text, ignoreAsciiCase);
  }

  /**
   * Whether the whole of {@code text} matches the whole pattern. When {@code ignoreAsciiCase}, literal
   * code points are compared after folding A–Z to a–z (and nothing else).
   *
   * <p>The classic two-pointer algorithm: advance on a literal or {@code ?}; on {@code *} remember where
   * it was and first let it match nothing; on a mismatch go back to the last {@code *} and let it
   * swallow one more code point. Worst case O(pattern × text), never exponential.
   */
  static boolean matches(List<Segment> pattern, String text, boolean ignoreAsciiCase) {
    int[] t = text.codePoints().toArray();
    int p = 0;
    int i = 0;
    int starP = -1; // index of the last '*' seen in the pattern
    int starI = -1; // text index at which that '*' currently stops
    while (i < t.length) {
      if (p < pattern.size() && pattern.get(p) instanceof AnyString) {
        starP = p;
        starI = i;
        p++;
      } else if (p < pattern.size() && matchesOne(pattern.get(p), t[i], ignoreAsciiCase)) {
        p++;
        i++;
      } else if (starP >= 0) {
        starI++;
        i = starI;
        p = starP + 1;
      } else {
        return false;
      }
    }
    while (p < pattern.size() && pattern.get(p) instanceof AnyString) {
      p++;
    }
    return p == pattern.size();
  }

  private static boolean matchesOne(Segment segment, int codePoint, boolean ignoreAsciiCase) {
    if (segment instanceof AnyChar) {
      return true;
    }
    if (segment instanceof Literal literal) {
      return ignoreAsciiCase
          ? foldAscii(literal.codePoint()) == foldAscii(codePoint)
          : literal.codePoint() == codePoint;
    }
    return false;
  }

  /** A–Z to a–z; every other code point unchanged (no Unicode case folding). */
  static int foldAscii(int codePoint) {
    return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
  }

  /** String equality ignoring ASCII case only (unlike {@link String#equalsIgnoreCase}). */
  static boolean equalsIgnoreAsciiCase(String a, String b) {
    return matches(literal(a), b, true);
  }

  /**
   * Whether some text that starts with {@code prefix} matches the whole {@code pattern}: the set of
   * pattern positions reachable after reading the prefix is not empty (what is left of a pattern always
   * matches some text).
   */
  static boolean admitsPrefix(List<Segment> pattern, String prefix) {
    boolean[] at = closure(pattern, new boolean[pattern.size() + 1], 0);
    for (int cp : prefix.codePoints().toArray()) {
      boolean[] next = new boolean[pattern.size() + 1];
      for (int p = 0; p < pattern.size(); p++) {
        if (!at[p]) {
          continue;
        }
        Segment s = pattern.get(p);
        if (s instanceof AnyString) {
          closure(pattern, next, p);
        } else if (s instanceof AnyChar || (s instanceof Literal l && l.codePoint() == cp)) {
          closure(pattern, next, p + 1);
        }
      }
      at = next;
    }
    for (boolean b : at) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  /** Marks {@code p} and the positions after the {@code *}s that follow it. */
  private static boolean[] closure(List<Segment> pattern, boolean[] set, int p) {
    set[p] = true;
    while (p < pattern.size() && pattern.get(p) instanceof AnyString) {
      set[++p] = true;
    }
    return set;
  }
}
