package dev.hornbeam.smt;

import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.StringFormula;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Short builders for the formulas the encoder writes most (the layer's records, spelled briefly). */
final class Terms {
  private Terms() {}

  static StringFormula.Const str(String s) {
    return new StringFormula.Const(s);
  }

  static StringFormula.Var strVar(String name) {
    return new StringFormula.Var(name);
  }

  static BoolFormula.Var boolVar(String name) {
    return new BoolFormula.Var(name);
  }

  static NumberFormula.Var intVar(String name) {
    return new NumberFormula.Var(name, NumberFormula.Kind.INT);
  }

  static NumberFormula.Var realVar(String name) {
    return new NumberFormula.Var(name, NumberFormula.Kind.REAL);
  }

  static NumberFormula.Const integer(long v) {
    return new NumberFormula.Const(BigDecimal.valueOf(v), NumberFormula.Kind.INT);
  }

  static NumberFormula.Const real(BigDecimal v) {
    return new NumberFormula.Const(v, NumberFormula.Kind.REAL);
  }

  static BoolFormula eq(StringFormula a, StringFormula b) {
    return new StringFormula.Equal(a, b);
  }

  static BoolFormula eq(StringFormula a, String b) {
    return new StringFormula.Equal(a, str(b));
  }

  static BoolFormula eq(NumberFormula a, long b) {
    return new NumberFormula.Compare(NumberFormula.Op.EQ, a, integer(b));
  }

  static BoolFormula compare(NumberFormula.Op op, NumberFormula a, NumberFormula b) {
    return new NumberFormula.Compare(op, a, b);
  }

  static BoolFormula prefixOf(StringFormula prefix, StringFormula s) {
    return new StringFormula.PrefixOf(prefix, s);
  }

  static BoolFormula prefixOf(String prefix, StringFormula s) {
    return new StringFormula.PrefixOf(str(prefix), s);
  }

  static BoolFormula suffixOf(String suffix, StringFormula s) {
    return new StringFormula.SuffixOf(str(suffix), s);
  }

  static BoolFormula in(StringFormula s, RegexFormula r) {
    return new StringFormula.InRegex(s, r);
  }

  /** The concatenation; one part is itself, none is the empty string. */
  static StringFormula concat(List<? extends StringFormula> parts) {
    if (parts.isEmpty()) {
      return str("");
    }
    return parts.size() == 1 ? parts.get(0) : new StringFormula.Concat(List.copyOf(parts));
  }

  static StringFormula concat(StringFormula... parts) {
    return concat(List.of(parts));
  }

  // ------------------------------------------------------------------ regular expressions

  static RegexFormula lit(String text) {
    return new RegexFormula.Literal(text);
  }

  static RegexFormula range(char from, char to) {
    return new RegexFormula.Range(from, to);
  }

  static RegexFormula seq(List<RegexFormula> parts) {
    if (parts.isEmpty()) {
      return lit("");
    }
    return parts.size() == 1 ? parts.get(0) : new RegexFormula.Concat(List.copyOf(parts));
  }

  static RegexFormula seq(RegexFormula... parts) {
    return seq(List.of(parts));
  }

  static RegexFormula union(RegexFormula... parts) {
    return parts.length == 1 ? parts[0] : new RegexFormula.Union(List.of(parts));
  }

  static RegexFormula star(RegexFormula r) {
    return new RegexFormula.Star(r);
  }

  /** One or more. */
  static RegexFormula plus(RegexFormula r) {
    return seq(r, star(r));
  }

  /** Exactly {@code n}. */
  static RegexFormula times(int n, RegexFormula r) {
    List<RegexFormula> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(r);
    }
    return seq(parts);
  }

  static final RegexFormula ANY = new RegexFormula.AnyChar();
  static final RegexFormula ALL = new RegexFormula.All();
  /** Any one code point but ':' (Matcher: a wildcard inside the first five ARN fields). */
  static final RegexFormula NOT_COLON = union(new RegexFormula.Range(0, '9'),
      new RegexFormula.Range(';', dev.hornbeam.smt.api.SmtLib.MAX_CODE_POINT));

  /** Any string containing {@code text}. */
  static RegexFormula containing(String text) {
    return seq(ALL, lit(text), ALL);
  }
}
