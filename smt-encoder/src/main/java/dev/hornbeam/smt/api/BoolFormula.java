package dev.hornbeam.smt.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Boolean structure, and the atoms of the other families ({@link StringFormula.PrefixOf}, {@link
 * NumberFormula.Compare}, …), which are boolean. The builders fold constants, so that printed queries stay short.
 */
public sealed interface BoolFormula extends Formula permits BoolFormula.Const, BoolFormula.Var, BoolFormula.Not, BoolFormula.And,
    BoolFormula.Or, BoolFormula.Implies, StringFormula.Equal, StringFormula.PrefixOf, StringFormula.SuffixOf, StringFormula.InRegex,
    NumberFormula.Compare, BitvectorFormula.Equal {

  Const TRUE = new Const(true);
  Const FALSE = new Const(false);

  record Const(boolean value) implements BoolFormula {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.constant(this);
    }
  }

  /** A declared boolean, or a name the encoder defines for readability ({@code st0.matches}). */
  record Var(String name) implements BoolFormula {
    public Var {
      Names.check(name);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.variable(this);
    }
  }

  record Not(BoolFormula operand) implements BoolFormula {
    public Not {
      Objects.requireNonNull(operand);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.not(this);
    }
  }

  /** Conjunction of at least two operands (use {@link #and} to build). */
  record And(List<BoolFormula> operands) implements BoolFormula {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("and of fewer than two");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.and(this);
    }
  }

  /** Disjunction of at least two operands (use {@link #or} to build). */
  record Or(List<BoolFormula> operands) implements BoolFormula {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("or of fewer than two");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.or(this);
    }
  }

  record Implies(BoolFormula premise, BoolFormula conclusion) implements BoolFormula {
    public Implies {
      Objects.requireNonNull(premise);
      Objects.requireNonNull(conclusion);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.implies(this);
    }
  }

  static BoolFormula of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** The conjunction: {@code true} operands dropped, {@code false} absorbs, nested conjunctions flattened. */
  static BoolFormula and(List<? extends BoolFormula> operands) {
    List<BoolFormula> kept = new ArrayList<>();
    for (BoolFormula f : operands) {
      if (f.equals(FALSE)) {
        return FALSE;
      }
      if (f instanceof And a) {
        kept.addAll(a.operands());
      } else if (!f.equals(TRUE)) {
        kept.add(f);
      }
    }
    return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new And(kept);
  }

  static BoolFormula and(BoolFormula... operands) {
    return and(List.of(operands));
  }

  /** The disjunction: {@code false} operands dropped, {@code true} absorbs, nested disjunctions flattened. */
  static BoolFormula or(List<? extends BoolFormula> operands) {
    List<BoolFormula> kept = new ArrayList<>();
    for (BoolFormula f : operands) {
      if (f.equals(TRUE)) {
        return TRUE;
      }
      if (f instanceof Or o) {
        kept.addAll(o.operands());
      } else if (!f.equals(FALSE)) {
        kept.add(f);
      }
    }
    return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Or(kept);
  }

  static BoolFormula or(BoolFormula... operands) {
    return or(List.of(operands));
  }

  /** The negation; constants folded, a double negation removed. */
  static BoolFormula not(BoolFormula f) {
    if (f instanceof Const c) {
      return of(!c.value());
    }
    return f instanceof Not n ? n.operand() : new Not(f);
  }

  static BoolFormula implies(BoolFormula premise, BoolFormula conclusion) {
    if (premise.equals(TRUE)) {
      return conclusion;
    }
    if (premise.equals(FALSE) || conclusion.equals(TRUE)) {
      return TRUE;
    }
    return new Implies(premise, conclusion);
  }
}
