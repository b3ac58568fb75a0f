package dev.hornbeam.smt.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Formulas as SMT-LIB 2.6 text, for Z3 and cvc5 (and the query archive). Policy text enters a query only
 * as an escaped string literal ({@link #string}), so no policy can change a query's structure.
 */
public final class SmtLib implements Formula.Visitor<String> {
  /** The largest code point of the SMT-LIB strings theory's alphabet. */
  public static final int MAX_CODE_POINT = 0x2FFFF;

  private static final SmtLib PRINTER = new SmtLib();

  private SmtLib() {}

  /** The term's text. */
  public static String print(Formula f) {
    return f.accept(PRINTER);
  }

  /** {@code (assert …)}. */
  public static String assertion(BoolFormula f) {
    return "(assert " + print(f) + ")";
  }

  /** The declaration of a variable of any family. */
  public static String declare(Formula variable) {
    if (variable instanceof BoolFormula.Var v) {
      return "(declare-const " + v.name() + " Bool)";
    }
    if (variable instanceof StringFormula.Var v) {
      return "(declare-const " + v.name() + " String)";
    }
    if (variable instanceof NumberFormula.Var v) {
      return "(declare-const " + v.name() + (v.kind() == NumberFormula.Kind.INT ? " Int)" : " Real)");
    }
    if (variable instanceof BitvectorFormula.Var v) {
      return "(declare-const " + v.name() + " (_ BitVec " + v.width() + "))";
    }
    throw new IllegalArgumentException("not a variable: " + variable);
  }

  /** A comment line; the text is shown escaped so a newline in it cannot end the comment. */
  public static String comment(String text) {
    StringBuilder b = new StringBuilder("; ");
    text.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp <= 0x7E) {
        b.append((char) cp);
      } else {
        b.append("\\u{").append(Integer.toHexString(cp)).append('}');
      }
    });
    return b.toString();
  }

  /** A defined name of any family: {@code (define-fun name () Sort value)}. */
  public static String define(Formula variable, Formula value) {
    String declaration = declare(variable); // (declare-const NAME SORT)
    String sortPart = declaration.substring("(declare-const ".length(), declaration.length() - 1);
    int space = sortPart.indexOf(' ');
    return "(define-fun " + sortPart.substring(0, space) + " ()" + sortPart.substring(space) + " " + print(value) + ")";
  }

  /** The whole script for Z3 and cvc5: logic and options, the items in order, {@code (check-sat)}. */
  public static String script(Problem problem) {
    StringBuilder b = new StringBuilder();
    b.append(comment("hornbeam query: " + problem.title())).append('\n');
    b.append("(set-logic ALL)\n");
    b.append("(set-option :produce-models true)\n");
    for (Problem.Item item : problem.items()) {
      String line;
      if (item instanceof Problem.Comment c) {
        line = comment(c.text());
      } else if (item instanceof Problem.Declare d) {
        line = declare(d.variable());
      } else if (item instanceof Problem.Define d) {
        line = define(d.variable(), d.value());
      } else if (item instanceof Problem.Assert a) {
        line = assertion(a.formula());
      } else {
        throw new IllegalStateException("an item of no kind: " + item);
      }
      b.append(line).append('\n');
    }
    b.append("(check-sat)\n");
    return b.toString();
  }

  /**
   * A string literal. Printable ASCII stays as is; {@code "}, {@code \} and everything outside
   * U+0020..U+007E become {@code \\u{…}} escapes, so the literal means exactly the policy's code points
   * in both Z3 and cvc5.
   *
   * @throws IllegalArgumentException for a code point above {@link #MAX_CODE_POINT}
   */
  public static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      if (cp > MAX_CODE_POINT) {
        throw new IllegalArgumentException("code point beyond the SMT-LIB string alphabet: " + cp);
      }
      if (cp >= 0x20 && cp <= 0x7E && cp != '"' && cp != '\\') {
        b.append((char) cp);
      } else {
        b.append("\\u{").append(Integer.toHexString(cp)).append('}');
      }
    });
    return b.append('"').toString();
  }

  /** Whether every code point of {@code s} is in the SMT-LIB string alphabet. */
  public static boolean representable(String s) {
    return s.codePoints().allMatch(cp -> cp <= MAX_CODE_POINT);
  }

  /**
   * Decodes the SMT-LIB 2.6 string escapes {@code \\u{h}} … {@code \\u{hhhhh}} and {@code \\uhhhh} into code
   * points; everything else (other backslashes included) is literal: the form of Z3's
   * {@code Expr.getString()}. The inverse of {@link #string} without its quotes.
   */
  public static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    int i = 0;
    int n = escaped.length();
    while (i < n) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < n && escaped.charAt(i + 1) == 'u') {
        if (i + 2 < n && escaped.charAt(i + 2) == '{') {
          int close = escaped.indexOf('}', i + 3);
          if (close > i + 3 && close <= i + 8 && isHex(escaped, i + 3, close)) {
            int codePoint = Integer.parseInt(escaped.substring(i + 3, close), 16);
            if (codePoint <= MAX_CODE_POINT) {
              out.appendCodePoint(codePoint);
              i = close + 1;
              continue;
            }
          }
        } else if (i + 6 <= n && isHex(escaped, i + 2, i + 6)) {
          out.appendCodePoint(Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static boolean isHex(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String app(String op, List<? extends Formula> args) {
    return "(" + op + " " + args.stream().map(SmtLib::print).collect(Collectors.joining(" ")) + ")";
  }

  private static String app(String op, Formula... args) {
    return app(op, List.of(args));
  }

  private static String number(BigDecimal d, NumberFormula.Kind kind) {
    String abs = kind == NumberFormula.Kind.INT ? d.abs().toBigIntegerExact().toString()
        : d.abs().scale() <= 0 ? d.abs().toBigInteger() + ".0" : d.abs().toPlainString();
    return d.signum() < 0 ? "(- " + abs + ")" : abs;
  }

  // ---------------------------------------------------------------- booleans

  @Override
  public String constant(BoolFormula.Const f) {
    return f.value() ? "true" : "false";
  }

  @Override
  public String variable(BoolFormula.Var f) {
    return f.name();
  }

  @Override
  public String not(BoolFormula.Not f) {
    return app("not", f.operand());
  }

  @Override
  public String and(BoolFormula.And f) {
    return app("and", f.operands());
  }

  @Override
  public String or(BoolFormula.Or f) {
    return app("or", f.operands());
  }

  @Override
  public String implies(BoolFormula.Implies f) {
    return app("=>", f.premise(), f.conclusion());
  }

  // ---------------------------------------------------------------- strings

  @Override
  public String constant(StringFormula.Const f) {
    return string(f.value());
  }

  @Override
  public String variable(StringFormula.Var f) {
    return f.name();
  }

  @Override
  public String concat(StringFormula.Concat f) {
    return app("str.++", f.parts());
  }

  @Override
  public String equal(StringFormula.Equal f) {
    return app("=", f.left(), f.right());
  }

  @Override
  public String prefixOf(StringFormula.PrefixOf f) {
    return app("str.prefixof", f.prefix(), f.string());
  }

  @Override
  public String suffixOf(StringFormula.SuffixOf f) {
    return app("str.suffixof", f.suffix(), f.string());
  }

  @Override
  public String ite(StringFormula.Ite f) {
    return app("ite", f.condition(), f.then(), f.otherwise());
  }

  @Override
  public String inRegex(StringFormula.InRegex f) {
    return app("str.in_re", f.string(), f.regex());
  }

  // ---------------------------------------------------------------- regular expressions

  @Override
  public String literal(RegexFormula.Literal f) {
    return "(str.to_re " + string(f.text()) + ")";
  }

  @Override
  public String anyChar(RegexFormula.AnyChar f) {
    return "re.allchar";
  }

  @Override
  public String all(RegexFormula.All f) {
    return "re.all";
  }

  @Override
  public String range(RegexFormula.Range f) {
    return "(re.range " + string(new String(Character.toChars(f.from()))) + " " + string(new String(Character.toChars(f.to()))) + ")";
  }

  @Override
  public String star(RegexFormula.Star f) {
    return app("re.*", f.operand());
  }

  /**
   * A concatenation of n ≥ 2 equal parts (Terms.times: the 12 digits of an account id) is written
   * {@code ((_ re.loop n n) part)}: the same language, which Z3's string solver decides faster than n
   * copies (on 40 generated questions Z3 had timed out on: 18 undecided within 10^6 rlimit units with
   * copies, 13 with the loop; BENCHMARKS.md, "Z3 on the generated questions"). Only a whole
   * concatenation, so the text reads back as it was.
   */
  @Override
  public String concat(RegexFormula.Concat f) {
    List<RegexFormula> parts = f.parts();
    if (parts.stream().allMatch(parts.get(0)::equals)) {
      return "((_ re.loop " + parts.size() + " " + parts.size() + ") " + print(parts.get(0)) + ")";
    }
    return app("re.++", parts);
  }

  @Override
  public String union(RegexFormula.Union f) {
    return app("re.union", f.parts());
  }

  // ---------------------------------------------------------------- numbers

  @Override
  public String constant(NumberFormula.Const f) {
    return number(f.value(), f.kind());
  }

  @Override
  public String variable(NumberFormula.Var f) {
    return f.name();
  }

  @Override
  public String minus(NumberFormula.Minus f) {
    return app("-", f.left(), f.right());
  }

  @Override
  public String compare(NumberFormula.Compare f) {
    return app(f.op().smt, f.left(), f.right());
  }

  // ---------------------------------------------------------------- bit-vectors

  @Override
  public String constant(BitvectorFormula.Const f) {
    return "(_ bv" + f.value() + " " + f.width() + ")";
  }

  @Override
  public String variable(BitvectorFormula.Var f) {
    return f.name();
  }

  @Override
  public String extract(BitvectorFormula.Extract f) {
    return "((_ extract " + f.high() + " " + f.low() + ") " + print(f.operand()) + ")";
  }

  @Override
  public String equal(BitvectorFormula.Equal f) {
    return app("=", f.left(), f.right());
  }
}
