package dev.hornbeam.smt.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The meaning of a formula under a model, in plain Java: the layer's semantics, written once, against
 * which backends are checked (a SAT model must make the query's assertions true). Strings are sequences
 * of code points; regular expressions are read through {@link java.util.regex} over code points.
 */
public final class Evaluation implements Formula.Visitor<Object> {
  private final Map<String, ModelValue> model;
  private final boolean complete;
  /** Defined names (a {@link Problem}'s definitions), read through their values. */
  private final Map<String, Formula> definitions;

  private Evaluation(Map<String, ModelValue> model, boolean complete) {
    this(model, complete, Map.of());
  }

  private Evaluation(Map<String, ModelValue> model, boolean complete, Map<String, Formula> definitions) {
    this.model = model;
    this.complete = complete;
    this.definitions = definitions;
  }

  /**
   * Whether {@code model} (values of the declared variables; a missing one read as its default, as in
   * {@link #holdsCompleted}) makes every assertion of {@code problem} true, defined names read through
   * their definitions. This is how a SAT answer of any backend is checked.
   */
  public static boolean satisfies(Problem problem, Map<String, ModelValue> model) {
    Evaluation e = new Evaluation(model, true, problem.definitions());
    for (BoolFormula a : problem.assertions()) {
      if (!(Boolean) a.accept(e)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code f} holds under {@code model}.
   *
   * @throws IllegalArgumentException when a variable has no value of its family in the model
   */
  public static boolean holds(BoolFormula f, Map<String, ModelValue> model) {
    return (Boolean) f.accept(new Evaluation(model, false));
  }

  /**
   * Whether {@code f} holds under {@code model} completed with a default for every variable it lacks
   * (false, "", 0, all bits 0): Z3 leaves out the constants whose value does not matter, so any value
   * of theirs must do.
   */
  public static boolean holdsCompleted(BoolFormula f, Map<String, ModelValue> model) {
    return (Boolean) f.accept(new Evaluation(model, true));
  }

  private ModelValue value(String name) {
    ModelValue v = model.get(name);
    if (v == null && !complete) {
      throw new IllegalArgumentException("no value for " + name);
    }
    return v;
  }

  private static IllegalArgumentException wrong(String name, ModelValue v) {
    return new IllegalArgumentException(name + " has a value of another family: " + v);
  }

  private boolean bool(BoolFormula f) {
    return (Boolean) f.accept(this);
  }

  private String str(StringFormula f) {
    return (String) f.accept(this);
  }

  private String regex(RegexFormula f) {
    return (String) f.accept(this);
  }

  private BigDecimal num(NumberFormula f) {
    return (BigDecimal) f.accept(this);
  }

  private BigInteger bits(BitvectorFormula f) {
    return (BigInteger) f.accept(this);
  }

  @Override
  public Object constant(BoolFormula.Const f) {
    return f.value();
  }

  @Override
  public Object variable(BoolFormula.Var f) {
    Formula defined = definitions.get(f.name());
    if (defined != null) {
      return defined.accept(this);
    }
    ModelValue v = value(f.name());
    if (v == null) {
      return false;
    }
    if (v instanceof ModelValue.Bool b) {
      return b.value();
    }
    throw wrong(f.name(), v);
  }

  @Override
  public Object not(BoolFormula.Not f) {
    return !bool(f.operand());
  }

  @Override
  public Object and(BoolFormula.And f) {
    return f.operands().stream().allMatch(this::bool);
  }

  @Override
  public Object or(BoolFormula.Or f) {
    return f.operands().stream().anyMatch(this::bool);
  }

  @Override
  public Object implies(BoolFormula.Implies f) {
    return !bool(f.premise()) || bool(f.conclusion());
  }

  @Override
  public Object constant(StringFormula.Const f) {
    return f.value();
  }

  @Override
  public Object variable(StringFormula.Var f) {
    Formula defined = definitions.get(f.name());
    if (defined != null) {
      return defined.accept(this);
    }
    ModelValue v = value(f.name());
    if (v == null) {
      return "";
    }
    if (v instanceof ModelValue.Str s) {
      return s.value();
    }
    throw wrong(f.name(), v);
  }

  @Override
  public Object concat(StringFormula.Concat f) {
    return f.parts().stream().map(this::str).collect(Collectors.joining());
  }

  @Override
  public Object ite(StringFormula.Ite f) {
    return bool(f.condition()) ? str(f.then()) : str(f.otherwise());
  }

  @Override
  public Object equal(StringFormula.Equal f) {
    return str(f.left()).equals(str(f.right()));
  }

  @Override
  public Object prefixOf(StringFormula.PrefixOf f) {
    return str(f.string()).startsWith(str(f.prefix()));
  }

  @Override
  public Object suffixOf(StringFormula.SuffixOf f) {
    return str(f.string()).endsWith(str(f.suffix()));
  }

  @Override
  public Object inRegex(StringFormula.InRegex f) {
    return Pattern.compile(regex(f.regex()), Pattern.DOTALL).matcher(str(f.string())).matches();
  }

  @Override
  public Object literal(RegexFormula.Literal f) {
    return f.text().isEmpty() ? "" : Pattern.quote(f.text());
  }

  @Override
  public Object anyChar(RegexFormula.AnyChar f) {
    // '.' with DOTALL reads one code point, as the strings theory's characters are code points
    return "(?:.)";
  }

  @Override
  public Object all(RegexFormula.All f) {
    return "(?:.*)";
  }

  @Override
  public Object range(RegexFormula.Range f) {
    return "[\\x{" + Integer.toHexString(f.from()) + "}-\\x{" + Integer.toHexString(f.to()) + "}]";
  }

  @Override
  public Object star(RegexFormula.Star f) {
    return "(?:" + regex(f.operand()) + ")*";
  }

  @Override
  public Object concat(RegexFormula.Concat f) {
    return f.parts().stream().map(p -> "(?:" + regex(p) + ")").collect(Collectors.joining());
  }

  @Override
  public Object union(RegexFormula.Union f) {
    return f.parts().stream().map(p -> "(?:" + regex(p) + ")").collect(Collectors.joining("|", "(?:", ")"));
  }

  @Override
  public Object constant(NumberFormula.Const f) {
    return f.value();
  }

  @Override
  public Object variable(NumberFormula.Var f) {
    Formula defined = definitions.get(f.name());
    if (defined != null) {
      return defined.accept(this);
    }
    ModelValue v = value(f.name());
    if (v == null) {
      return BigDecimal.ZERO;
    }
    if (v instanceof ModelValue.Int i) {
      return new BigDecimal(i.value());
    }
    if (v instanceof ModelValue.Real r && f.kind() == NumberFormula.Kind.REAL) {
      // exact when the denominator divides a power of ten, as every decimal the encoder writes does
      return new BigDecimal(r.num()).divide(new BigDecimal(r.den()), MathContext.DECIMAL128);
    }
    throw wrong(f.name(), v);
  }

  @Override
  public Object minus(NumberFormula.Minus f) {
    return num(f.left()).subtract(num(f.right()));
  }

  @Override
  public Object compare(NumberFormula.Compare f) {
    int c = num(f.left()).compareTo(num(f.right()));
    return switch (f.op()) {
      case EQ -> c == 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
    };
  }

  @Override
  public Object constant(BitvectorFormula.Const f) {
    return f.value();
  }

  @Override
  public Object variable(BitvectorFormula.Var f) {
    Formula defined = definitions.get(f.name());
    if (defined != null) {
      return defined.accept(this);
    }
    ModelValue v = value(f.name());
    if (v == null) {
      return BigInteger.ZERO;
    }
    if (v instanceof ModelValue.BitVec b && b.width() == f.width()) {
      return b.value();
    }
    throw wrong(f.name(), v);
  }

  @Override
  public Object extract(BitvectorFormula.Extract f) {
    return bits(f.operand()).shiftRight(f.low()).and(BigInteger.ONE.shiftLeft(f.width()).subtract(BigInteger.ONE));
  }

  @Override
  public Object equal(BitvectorFormula.Equal f) {
    return bits(f.left()).equals(bits(f.right()));
  }
}
