package dev.hornbeam.smt.api;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Numbers: integers (kinds, presence counts) and reals (Numeric and Date condition values, exact
 * decimals), and their comparisons.
 */
public sealed interface NumberFormula extends Formula permits NumberFormula.Const, NumberFormula.Var, NumberFormula.Minus {

  /** The sort of a number term. */
  enum Kind {
    INT,
    REAL
  }

  Kind kind();

  /** An exact value; an {@code INT} constant has no fraction. */
  record Const(BigDecimal value, Kind kind) implements NumberFormula {
    public Const {
      Objects.requireNonNull(value);
      Objects.requireNonNull(kind);
      if (kind == Kind.INT && value.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("an integer constant with a fraction: " + value);
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.constant(this);
    }
  }

  record Var(String name, Kind kind) implements NumberFormula {
    public Var {
      Names.check(name);
      Objects.requireNonNull(kind);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.variable(this);
    }
  }

  record Minus(NumberFormula left, NumberFormula right) implements NumberFormula {
    public Minus {
      if (left.kind() != right.kind()) {
        throw new IllegalArgumentException("minus of an INT and a REAL");
      }
    }

    @Override
    public Kind kind() {
      return left.kind();
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.minus(this);
    }
  }

  /** The comparison operators. */
  enum Op {
    EQ("="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String smt;

    Op(String smt) {
      this.smt = smt;
    }
  }

  record Compare(Op op, NumberFormula left, NumberFormula right) implements BoolFormula {
    public Compare {
      Objects.requireNonNull(op);
      if (left.kind() != right.kind()) {
        throw new IllegalArgumentException("comparison of an INT and a REAL");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.compare(this);
    }
  }
}
