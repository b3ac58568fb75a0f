package dev.hornbeam.smt.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the SMT-LIB 2.6 scripts {@link SmtLib#script} prints, into the {@link Problem} they were
 * printed from, so that a query archive (text only) can be decided by a backend that reads formulas (the
 * native one): {@code SmtLib.script(read(SmtLib.script(p)))} is {@code SmtLib.script(p)}. Only that subset is
 * read: anything else (another command, an operator the printer never writes, a sort it does not use) is
 * refused with an {@link IllegalArgumentException} naming the line, never read as something else.
 */
public final class SmtLibReader {
  private static final String TITLE = "hornbeam query: ";

  /** The sort of each declared or defined name. */
  private final Map<String, Formula> names = new HashMap<>();
  private final String text;
  private int pos;
  private int line = 1;

  private SmtLibReader(String text) {
    this.text = text;
  }

  /** The problem the script was printed from. */
  public static Problem read(String script) {
    return new SmtLibReader(script).problem();
  }

  // ------------------------------------------------------------------ commands

  private Problem problem() {
    Problem.Builder b = new Problem.Builder();
    String title = null;
    while (true) {
      skipSpace();
      if (pos >= text.length()) {
        break;
      }
      if (text.charAt(pos) == ';') {
        int end = text.indexOf('\n', pos);
        String comment = text.substring(pos + 1, end < 0 ? text.length() : end);
        comment = unescapeComment(comment.startsWith(" ") ? comment.substring(1) : comment);
        pos = end < 0 ? text.length() : end;
        if (title == null && comment.startsWith(TITLE)) {
          title = comment.substring(TITLE.length());
        } else {
          b.comment(comment);
        }
        continue;
      }
      Object command = sexp();
      if (!(command instanceof List<?> c) || c.isEmpty() || !(c.get(0) instanceof Symbol head)) {
        throw error("a command", command);
      }
      switch (head.name()) {
        case "set-logic", "set-option", "check-sat" -> { }
        case "declare-const" -> {
          expect(c, 3);
          Formula v = variable(symbol(c.get(1)), c.get(2));
          names.put(Problem.name(v), v);
          b.declare(v);
        }
        case "define-fun" -> {
          expect(c, 5);
          if (!(c.get(2) instanceof List<?> args) || !args.isEmpty()) {
            throw error("a definition without arguments", c.get(2));
          }
          Formula v = variable(symbol(c.get(1)), c.get(3));
          Formula value = term(c.get(4));
          if (!sameFamily(v, value)) {
            throw error("a value of the defined sort", c.get(4));
          }
          names.put(Problem.name(v), v);
          b.define(v, value);
        }
        case "assert" -> {
          expect(c, 2);
          b.assertThat(bool(c.get(1)));
        }
        default -> throw error("a command of the printer (declare-const, define-fun, assert, …)", command);
      }
    }
    if (title == null) {
      throw new IllegalArgumentException("no \"; hornbeam query: …\" title line: not a script SmtLib.script printed");
    }
    return b.build(title);
  }

  private static boolean sameFamily(Formula variable, Formula value) {
    return (variable instanceof BoolFormula && value instanceof BoolFormula)
        || (variable instanceof StringFormula && value instanceof StringFormula)
        || (variable instanceof NumberFormula n && value instanceof NumberFormula m && n.kind() == m.kind())
        || (variable instanceof BitvectorFormula && value instanceof BitvectorFormula);
  }

  private Formula variable(String name, Object sort) {
    if (sort instanceof Symbol s) {
      return switch (s.name()) {
        case "Bool" -> new BoolFormula.Var(name);
        case "String" -> new StringFormula.Var(name);
        case "Int" -> new NumberFormula.Var(name, NumberFormula.Kind.INT);
        case "Real" -> new NumberFormula.Var(name, NumberFormula.Kind.REAL);
        default -> throw error("a sort (Bool, String, Int, Real, (_ BitVec n))", sort);
      };
    }
    if (sort instanceof List<?> l && l.size() == 3 && isSymbol(l.get(0), "_") && isSymbol(l.get(1), "BitVec")) {
      return new BitvectorFormula.Var(name, integer(l.get(2)).intValueExact());
    }
    throw error("a sort", sort);
  }

  // ------------------------------------------------------------------ terms

  private Formula term(Object t) {
    if (t instanceof Text s) {
      return new StringFormula.Const(s.value());
    }
    if (t instanceof Numeral n) {
      return n.value().scale() > 0 || n.real()
          ? new NumberFormula.Const(n.value(), NumberFormula.Kind.REAL) : new NumberFormula.Const(n.value(), NumberFormula.Kind.INT);
    }
    if (t instanceof Symbol s) {
      switch (s.name()) {
        case "true":
          return BoolFormula.of(true);
        case "false":
          return BoolFormula.of(false);
        default:
          Formula v = names.get(s.name());
          if (v == null) {
            throw error("a declared or defined name", t);
          }
          return v;
      }
    }
    List<?> l = (List<?>) t;
    if (l.isEmpty()) {
      throw error("a term", t);
    }
    if (l.get(0) instanceof List<?> indexed) {
      // ((_ extract h l) x)
      if (indexed.size() == 4 && isSymbol(indexed.get(0), "_") && isSymbol(indexed.get(1), "extract") && l.size() == 2) {
        return new BitvectorFormula.Extract(integer(indexed.get(2)).intValueExact(), integer(indexed.get(3)).intValueExact(),
            bitvector(l.get(1)));
      }
      throw error("an indexed operator the printer writes", t);
    }
    String op = symbol(l.get(0));
    List<?> args = l.subList(1, l.size());
    switch (op) {
      case "_": {
        // (_ bvN W)
        String bv = symbol(args.get(0));
        if (args.size() == 2 && bv.startsWith("bv")) {
          return new BitvectorFormula.Const(new BigInteger(bv.substring(2)), integer(args.get(1)).intValueExact());
        }
        throw error("(_ bvN W)", t);
      }
      case "not":
        expect(l, 2);
        return new BoolFormula.Not(bool(args.get(0)));
      case "and":
        return new BoolFormula.And(bools(args));
      case "or":
        return new BoolFormula.Or(bools(args));
      case "=>":
        expect(l, 3);
        return new BoolFormula.Implies(bool(args.get(0)), bool(args.get(1)));
      case "=": {
        expect(l, 3);
        Formula left = term(args.get(0));
        Formula right = term(args.get(1));
        if (left instanceof StringFormula a && right instanceof StringFormula b) {
          return new StringFormula.Equal(a, b);
        }
        if (left instanceof NumberFormula a && right instanceof NumberFormula b) {
          return new NumberFormula.Compare(NumberFormula.Op.EQ, a, b);
        }
        if (left instanceof BitvectorFormula a && right instanceof BitvectorFormula b) {
          return new BitvectorFormula.Equal(a, b);
        }
        throw error("an equation between two strings, numbers or bit-vectors", t);
      }
      case "<", "<=", ">", ">=": {
        expect(l, 3);
        NumberFormula.Op o = switch (op) {
          case "<" -> NumberFormula.Op.LT;
          case "<=" -> NumberFormula.Op.LE;
          case ">" -> NumberFormula.Op.GT;
          default -> NumberFormula.Op.GE;
        };
        return new NumberFormula.Compare(o, number(args.get(0)), number(args.get(1)));
      }
      case "-":
        if (args.size() == 1 && args.get(0) instanceof Numeral n) {
          return new NumberFormula.Const(n.value().negate(), n.value().scale() > 0 || n.real()
              ? NumberFormula.Kind.REAL : NumberFormula.Kind.INT);
        }
        expect(l, 3);
        return new NumberFormula.Minus(number(args.get(0)), number(args.get(1)));
      case "str.++": {
        List<StringFormula> parts = new ArrayList<>();
        for (Object a : args) {
          parts.add(string(a));
        }
        return new StringFormula.Concat(parts);
      }
      case "str.prefixof":
        expect(l, 3);
        return new StringFormula.PrefixOf(string(args.get(0)), string(args.get(1)));
      case "str.suffixof":
        expect(l, 3);
        return new StringFormula.SuffixOf(string(args.get(0)), string(args.get(1)));
      case "str.in_re":
        expect(l, 3);
        return new StringFormula.InRegex(string(args.get(0)), regex(args.get(1)));
      case "ite":
        expect(l, 4);
        return new StringFormula.Ite(bool(args.get(0)), string(args.get(1)), string(args.get(2)));
      default:
        throw error("an operator the printer writes", t);
    }
  }

  private RegexFormula regex(Object t) {
    if (isSymbol(t, "re.allchar")) {
      return new RegexFormula.AnyChar();
    }
    if (isSymbol(t, "re.all")) {
      return new RegexFormula.All();
    }
    if (!(t instanceof List<?> l) || l.isEmpty()) {
      throw error("a regular expression", t);
    }
    if (loop(l) > 0) {
      return new RegexFormula.Concat(loopParts(l));
    }
    String op = symbol(l.get(0));
    List<?> args = l.subList(1, l.size());
    switch (op) {
      case "str.to_re":
        expect(l, 2);
        return new RegexFormula.Literal(text(args.get(0)));
      case "re.range": {
        expect(l, 3);
        return new RegexFormula.Range(single(args.get(0)), single(args.get(1)));
      }
      case "re.*":
        expect(l, 2);
        return new RegexFormula.Star(regex(args.get(0)));
      case "re.++":
      case "re.union": {
        List<RegexFormula> parts = new ArrayList<>();
        for (Object a : args) {
          parts.add(regex(a));
        }
        return op.equals("re.++") ? new RegexFormula.Concat(parts) : new RegexFormula.Union(parts);
      }
      default:
        throw error("a regular-expression operator the printer writes", t);
    }
  }

  /**
   * n for {@code ((_ re.loop n n) r)} with n ≥ 2 (what the printer writes for n equal parts), 0 for
   * any other list; a loop of another shape is an error.
   */
  private int loop(List<?> l) {
    if (!(l.get(0) instanceof List<?> head) || head.isEmpty() || !isSymbol(head.get(0), "_")) {
      return 0;
    }
    if (l.size() != 2 || head.size() != 4 || !isSymbol(head.get(1), "re.loop") || !(head.get(2) instanceof Numeral lo)
        || !(head.get(3) instanceof Numeral hi) || !lo.value().equals(hi.value()) || lo.real()
        || lo.value().compareTo(java.math.BigDecimal.valueOf(2)) < 0 || lo.value().compareTo(java.math.BigDecimal.valueOf(10_000)) > 0) {
      throw error("((_ re.loop n n) r) with 2 <= n <= 10000", l);
    }
    return lo.value().intValueExact();
  }

  private List<RegexFormula> loopParts(List<?> l) {
    RegexFormula one = regex(l.get(1));
    return java.util.Collections.nCopies(loop(l), one);
  }

  private int single(Object t) {
    String s = text(t);
    if (s.codePointCount(0, s.length()) != 1) {
      throw error("one character", t);
    }
    return s.codePointAt(0);
  }

  private BoolFormula bool(Object t) {
    if (term(t) instanceof BoolFormula b) {
      return b;
    }
    throw error("a boolean", t);
  }

  private List<BoolFormula> bools(List<?> args) {
    List<BoolFormula> out = new ArrayList<>();
    for (Object a : args) {
      out.add(bool(a));
    }
    return out;
  }

  private StringFormula string(Object t) {
    if (term(t) instanceof StringFormula s) {
      return s;
    }
    throw error("a string", t);
  }

  private NumberFormula number(Object t) {
    if (term(t) instanceof NumberFormula n) {
      return n;
    }
    throw error("a number", t);
  }

  private BitvectorFormula bitvector(Object t) {
    if (term(t) instanceof BitvectorFormula b) {
      return b;
    }
    throw error("a bit-vector", t);
  }

  private String text(Object t) {
    if (t instanceof Text s) {
      return s.value();
    }
    throw error("a string literal", t);
  }

  private BigInteger integer(Object t) {
    if (t instanceof Numeral n && n.value().scale() <= 0 && !n.real()) {
      return n.value().toBigIntegerExact();
    }
    throw error("a numeral", t);
  }

  private String symbol(Object t) {
    if (t instanceof Symbol s) {
      return s.name();
    }
    throw error("a symbol", t);
  }

  private static boolean isSymbol(Object t, String name) {
    return t instanceof Symbol s && s.name().equals(name);
  }

  private void expect(List<?> l, int size) {
    if (l.size() != size) {
      throw error((size - 1) + " argument(s)", l);
    }
  }

  private IllegalArgumentException error(String wanted, Object got) {
    String shown = String.valueOf(got);
    return new IllegalArgumentException("line " + line + ": expected " + wanted + ", found "
        + (shown.length() > 120 ? shown.substring(0, 120) + "…" : shown));
  }

  // ------------------------------------------------------------------ s-expressions

  private record Symbol(String name) {
    @Override
    public String toString() {
      return name;
    }
  }

  private record Text(String value) {
    @Override
    public String toString() {
      return SmtLib.string(value);
    }
  }

  /** A numeral or decimal; {@code real} when written with a point. */
  private record Numeral(BigDecimal value, boolean real) {
    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      if (text.charAt(pos) == '\n') {
        line++;
      }
      pos++;
    }
  }

  private Object sexp() {
    skipSpace();
    if (pos >= text.length()) {
      throw new IllegalArgumentException("line " + line + ": the script ends inside a term");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      List<Object> out = new ArrayList<>();
      while (true) {
        skipSpace();
        if (pos >= text.length()) {
          throw new IllegalArgumentException("line " + line + ": a \"(\" is not closed");
        }
        if (text.charAt(pos) == ')') {
          pos++;
          return out;
        }
        out.add(sexp());
      }
    }
    if (c == ')') {
      throw new IllegalArgumentException("line " + line + ": a \")\" without its \"(\"");
    }
    if (c == '"') {
      // SMT-LIB 2.6: "" inside a literal is one quote; the printer writes the escape u{22} instead, which
      // SmtLib.unescape reads.
      StringBuilder raw = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw new IllegalArgumentException("line " + line + ": a string literal is not closed");
        }
        char d = text.charAt(pos++);
        if (d == '"') {
          if (pos < text.length() && text.charAt(pos) == '"') {
            raw.append('"');
            pos++;
            continue;
          }
          return new Text(SmtLib.unescape(raw.toString()));
        }
        if (d == '\n') {
          line++;
        }
        raw.append(d);
      }
    }
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '(' && text.charAt(pos) != ')') {
      pos++;
    }
    String token = text.substring(start, pos);
    if (Character.isDigit(token.charAt(0))) {
      try {
        return new Numeral(new BigDecimal(token), token.indexOf('.') >= 0);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("line " + line + ": not a numeral: " + token);
      }
    }
    return new Symbol(token);
  }

  /** The inverse of {@link SmtLib#comment}'s escapes. */
  private static String unescapeComment(String s) {
    return SmtLib.unescape(s);
  }
}
