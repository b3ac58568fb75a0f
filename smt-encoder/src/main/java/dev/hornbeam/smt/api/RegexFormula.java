package dev.hornbeam.smt.api;

import java.util.ArrayList;
import java.util.List;

/** Regular expressions over the strings alphabet: what policy wildcard patterns compile to. */
public sealed interface RegexFormula extends Formula permits RegexFormula.Literal, RegexFormula.AnyChar, RegexFormula.All,
    RegexFormula.Range, RegexFormula.Star, RegexFormula.Concat, RegexFormula.Union {

  /** Exactly this text. */
  record Literal(String text) implements RegexFormula {
    public Literal {
      if (!SmtLib.representable(text)) {
        throw new IllegalArgumentException("a code point beyond the strings theory's alphabet");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.literal(this);
    }
  }

  /** Any one character. */
  record AnyChar() implements RegexFormula {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.anyChar(this);
    }
  }

  /** Any string, the empty one included. */
  record All() implements RegexFormula {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.all(this);
    }
  }

  /** One character from {@code from} to {@code to} (code points, inclusive). */
  record Range(int from, int to) implements RegexFormula {
    public Range {
      if (from < 0 || to > SmtLib.MAX_CODE_POINT || from > to) {
        throw new IllegalArgumentException("range " + from + ".." + to);
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.range(this);
    }
  }

  /** Zero or more of {@code operand}. */
  record Star(RegexFormula operand) implements RegexFormula {
    public Star {
      java.util.Objects.requireNonNull(operand);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.star(this);
    }
  }

  record Concat(List<RegexFormula> parts) implements RegexFormula {
    public Concat {
      parts = List.copyOf(parts);
      if (parts.size() < 2) {
        throw new IllegalArgumentException("concatenation of fewer than two");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.concat(this);
    }
  }

  record Union(List<RegexFormula> parts) implements RegexFormula {
    public Union {
      parts = List.copyOf(parts);
      if (parts.size() < 2) {
        throw new IllegalArgumentException("union of fewer than two");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.union(this);
    }
  }

  /**
   * An IAM wildcard pattern ({@code *} any run, {@code ?} one character, the rest literal; IAM User
   * Guide, "Condition operators", String condition operators), each wildcard reading from {@code wildcard}
   * (for example any character but {@code :} inside an ARN's first five fields).
   */
  static RegexFormula glob(String pattern, RegexFormula anyOne) {
    List<RegexFormula> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    pattern.codePoints().forEach(cp -> {
      if (cp == '*' || cp == '?') {
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(cp == '?' ? anyOne : anyOne instanceof AnyChar ? new All() : new Star(anyOne));
      } else {
        literal.appendCodePoint(cp);
      }
    });
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return parts.size() == 1 ? parts.get(0) : new Concat(parts);
  }
}
