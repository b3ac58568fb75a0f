package dev.hornbeam.smt;

import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.StringFormula;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns "does this string match this policy pattern" into the cheapest exact atom: no wildcard →
 * equality; only a trailing {@code *} → prefix; {@code *} alone → true; otherwise a regular expression
 * (literal pieces joined by any-string / any-character).
 */
final class Matcher {
  /** How a policy variable reads in the query: its value term and when it has one. */
  record Resolved(StringFormula value, BoolFormula available) {}

  /** Resolves {@code ${key}} to a term; {@code null} when it can never have a value. */
  interface Variables {
    Resolved resolve(Piece.Var var);
  }

  /** Everything the encoder could not express exactly, so the caller can refuse to answer. */
  interface Gaps {
    BoolFormula unsupported(String why);
  }

  private final boolean shortcuts;

  /**
   * @param shortcuts use equality, prefix and {@code true} where they are exact; when false every
   *     variable-free pattern becomes a regular expression (kept only to measure the difference, see
   *     BENCHMARKS.md)
   */
  Matcher(boolean shortcuts) {
    this.shortcuts = shortcuts;
  }

  /**
   * Whether {@code subject} matches {@code pieces} as a whole string.
   *
   * @param ignoreCase ASCII case folding (StringEqualsIgnoreCase); our reading, docs/semantics.md
   */
  BoolFormula matches(StringFormula subject, List<Piece> pieces, boolean ignoreCase, Variables vars, Gaps gaps) {
    List<Piece> resolved = new ArrayList<>();
    List<BoolFormula> available = new ArrayList<>();
    boolean hasVar = false;
    for (Piece p : pieces) {
      if (p instanceof Piece.Var v) {
        Resolved r = vars.resolve(v);
        if (r == null) {
          return BoolFormula.FALSE; // "a variable whose key is absent (and has no default) makes that value not match"
        }
        available.add(r.available());
        resolved.add(new Piece.Ref(r.value()));
        hasVar = true;
      } else {
        resolved.add(p);
      }
    }
    boolean wild = resolved.stream().anyMatch(p -> p instanceof Piece.Star || p instanceof Piece.One);
    BoolFormula match;
    if (!shortcuts && !hasVar) {
      match = Terms.in(subject, regex(resolved, ignoreCase, false));
    } else if (!wild) {
      if (ignoreCase && hasVar && hasLetters(resolved)) {
        match = gaps.unsupported("a policy variable inside a case-insensitive comparison");
      } else if (ignoreCase && hasLetters(resolved)) {
        match = Terms.in(subject, regex(resolved, true, false));
      } else {
        match = Terms.eq(subject, concat(resolved));
      }
    } else if (resolved.size() == 1) {
      match = resolved.get(0) instanceof Piece.Star ? BoolFormula.TRUE : Terms.in(subject, Terms.ANY);
    } else if (onlyTrailingStar(resolved) && !(ignoreCase && hasLetters(resolved))) {
      match = Terms.prefixOf(concat(resolved.subList(0, resolved.size() - 1)), subject);
    } else if (hasVar) {
      match = gaps.unsupported("a policy variable inside a wildcard pattern");
    } else {
      match = Terms.in(subject, regex(resolved, ignoreCase, false));
    }
    available.add(match);
    return BoolFormula.and(available);
  }

  /**
   * ARN matching (Resource, Arn* operators): the six colon-separated fields are matched separately, so a
   * wildcard in one of the first five never spans a ':'; the last field (the resource part) may hold ':'
   * and '/'. A pattern with fewer than six fields is matched as a whole string (our reading,
   * docs/semantics.md). A six-field pattern can only match a value with at least five ':' (its five
   * literal ':' must meet five in the value), so no case split on the value's shape is needed.
   */
  BoolFormula matchesArn(StringFormula subject, List<Piece> pieces, Variables vars, Gaps gaps) {
    boolean wild = pieces.stream().anyMatch(p -> p instanceof Piece.Star || p instanceof Piece.One);
    if (!shortcuts && pieces.stream().noneMatch(p -> p instanceof Piece.Var)) {
      // Field-wise only for a six-field pattern; a shorter one is matched as a whole string (as below).
      long colons = pieces.stream().filter(p -> p instanceof Piece.Text)
          .mapToLong(p -> ((Piece.Text) p).text().chars().filter(c -> c == ':').count()).sum();
      return Terms.in(subject, regex(pieces, false, colons >= 5));
    }
    if (!wild) {
      // No wildcard: field-wise equality of six fields, or whole-string equality, is string equality.
      return matches(subject, pieces, false, vars, gaps);
    }
    // One pass: where variables and wildcards stand relative to the fifth literal ':'.
    int colons = 0;
    boolean varBeforeSixthField = false;
    boolean wildInFirstFields = false;
    for (Piece p : pieces) {
      if (p instanceof Piece.Text t) {
        colons += (int) t.text().chars().filter(c -> c == ':').count();
      } else if (colons < 5) {
        varBeforeSixthField |= p instanceof Piece.Var;
        wildInFirstFields |= !(p instanceof Piece.Var);
      }
    }
    if (varBeforeSixthField) {
      return gaps.unsupported("a policy variable inside the first five fields of a wildcard ARN pattern");
    }
    if (colons < 5 || !wildInFirstFields) {
      // Fewer than six fields: whole-string matching. Or the first five fields are literal: matching the
      // whole string is then the same as matching field by field.
      return matches(subject, pieces, false, vars, gaps);
    }
    for (Piece p : pieces) {
      if (p instanceof Piece.Var) {
        return gaps.unsupported("a policy variable inside a wildcard ARN pattern");
      }
    }
    return Terms.in(subject, regex(pieces, false, true));
  }

  private static boolean onlyTrailingStar(List<Piece> ps) {
    for (int i = 0; i < ps.size(); i++) {
      boolean last = i == ps.size() - 1;
      if (last != (ps.get(i) instanceof Piece.Star) || ps.get(i) instanceof Piece.One) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLetters(List<Piece> ps) {
    for (Piece p : ps) {
      if (p instanceof Piece.Ref) {
        return true;
      }
      if (p instanceof Piece.Text t && t.text().chars().anyMatch(c -> c < 128 && Character.isLetter(c))) {
        return true;
      }
    }
    return false;
  }

  private static StringFormula concat(List<Piece> ps) {
    List<StringFormula> parts = new ArrayList<>();
    for (Piece p : ps) {
      if (p instanceof Piece.Text t) {
        parts.add(Terms.str(t.text()));
      } else if (p instanceof Piece.Ref t) {
        parts.add(t.term());
      } else {
        throw new IllegalStateException("wildcard in a literal concatenation");
      }
    }
    return Terms.concat(parts);
  }

  /**
   * The regular expression of a variable-free pattern. {@code arnFields}: wildcards before the fifth
   * literal ':' exclude ':' (they stay inside their field).
   */
  static RegexFormula regex(List<Piece> ps, boolean ignoreCase, boolean arnFields) {
    List<RegexFormula> parts = new ArrayList<>();
    int colons = 0;
    for (Piece p : ps) {
      boolean inFirstFields = arnFields && colons < 5;
      if (p instanceof Piece.Star) {
        parts.add(inFirstFields ? Terms.star(Terms.NOT_COLON) : Terms.ALL);
      } else if (p instanceof Piece.One) {
        parts.add(inFirstFields ? Terms.NOT_COLON : Terms.ANY);
      } else if (p instanceof Piece.Text t) {
        colons += (int) t.text().chars().filter(c -> c == ':').count();
        parts.add(ignoreCase ? foldedText(t.text()) : Terms.lit(t.text()));
      } else {
        throw new IllegalStateException("variable in a regex");
      }
    }
    return Terms.seq(parts);
  }

  /** Literal text where each ASCII letter matches both cases. */
  private static RegexFormula foldedText(String text) {
    List<RegexFormula> parts = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (cp < 128 && Character.isLetter(cp)) {
        if (run.length() > 0) {
          parts.add(Terms.lit(run.toString()));
          run.setLength(0);
        }
        parts.add(Terms.union(Terms.lit(String.valueOf((char) Character.toLowerCase(cp))),
            Terms.lit(String.valueOf((char) Character.toUpperCase(cp)))));
      } else {
        run.appendCodePoint(cp);
      }
    });
    if (run.length() > 0) {
      parts.add(Terms.lit(run.toString()));
    }
    return Terms.seq(parts);
  }
}
