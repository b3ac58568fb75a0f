package dev.hornbeam.smt.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One satisfiability question in the formula layer: what every backend reads. The items keep the order
 * the encoder wrote them in (a name is declared or defined before it is used), with comments, so that
 * the printed script ({@link SmtLib#script}) reads like the hand-written one it replaces.
 *
 * @param title what the question asks, in words (the script's first comment)
 */
public record Problem(String title, List<Item> items) {
  public Problem {
    Objects.requireNonNull(title);
    items = List.copyOf(items);
  }

  /** One line of the question. */
  public sealed interface Item permits Comment, Declare, Define, Assert {}

  /** Text for a reader of the script; no meaning. */
  public record Comment(String text) implements Item {
    public Comment {
      Objects.requireNonNull(text);
    }
  }

  /** A free variable ({@code BoolFormula.Var}, {@code StringFormula.Var}, {@code NumberFormula.Var} or {@code BitvectorFormula.Var}). */
  public record Declare(Formula variable) implements Item {
    public Declare {
      if (!isVariable(variable)) {
        throw new IllegalArgumentException("not a variable: " + variable);
      }
    }
  }

  /**
   * A name for a value: a boolean the encoder names for readability ({@code st0.matches}), or a pinned
   * request value. {@code variable} and {@code value} are of one family (and width or kind).
   */
  public record Define(Formula variable, Formula value) implements Item {
    public Define {
      if (!isVariable(variable)) {
        throw new IllegalArgumentException("not a variable: " + variable);
      }
      if (!sameFamily(variable, value)) {
        throw new IllegalArgumentException("a definition of another family: " + variable + " := " + value);
      }
    }
  }

  public record Assert(BoolFormula formula) implements Item {
    public Assert {
      Objects.requireNonNull(formula);
    }
  }

  /** The free variables, in order. */
  public List<Formula> declared() {
    List<Formula> out = new ArrayList<>();
    for (Item i : items) {
      if (i instanceof Declare d) {
        out.add(d.variable());
      }
    }
    return out;
  }

  /** Defined name → value, in order (each value uses only names declared or defined before it). */
  public Map<String, Formula> definitions() {
    Map<String, Formula> out = new LinkedHashMap<>();
    for (Item i : items) {
      if (i instanceof Define d) {
        out.put(name(d.variable()), d.value());
      }
    }
    return out;
  }

  public List<BoolFormula> assertions() {
    List<BoolFormula> out = new ArrayList<>();
    for (Item i : items) {
      if (i instanceof Assert a) {
        out.add(a.formula());
      }
    }
    return out;
  }

  /** The name of a variable term. */
  public static String name(Formula variable) {
    if (variable instanceof BoolFormula.Var v) {
      return v.name();
    }
    if (variable instanceof StringFormula.Var v) {
      return v.name();
    }
    if (variable instanceof NumberFormula.Var v) {
      return v.name();
    }
    if (variable instanceof BitvectorFormula.Var v) {
      return v.name();
    }
    throw new IllegalArgumentException("not a variable: " + variable);
  }

  static boolean isVariable(Formula f) {
    return f instanceof BoolFormula.Var || f instanceof StringFormula.Var || f instanceof NumberFormula.Var
        || f instanceof BitvectorFormula.Var;
  }

  private static boolean sameFamily(Formula variable, Formula value) {
    if (variable instanceof BoolFormula) {
      return value instanceof BoolFormula;
    }
    if (variable instanceof StringFormula) {
      return value instanceof StringFormula;
    }
    if (variable instanceof NumberFormula n) {
      return value instanceof NumberFormula m && m.kind() == n.kind();
    }
    if (variable instanceof BitvectorFormula b) {
      return value instanceof BitvectorFormula c && c.width() == b.width();
    }
    return false;
  }

  /** A builder that keeps the encoder's order. */
  public static final class Builder {
    private final List<Item> items = new ArrayList<>();

    public Builder comment(String text) {
      items.add(new Comment(text));
      return this;
    }

    public Builder declare(Formula variable) {
      items.add(new Declare(variable));
      return this;
    }

    public Builder define(Formula variable, Formula value) {
      items.add(new Define(variable, value));
      return this;
    }

    public Builder assertThat(BoolFormula f) {
      if (!f.equals(BoolFormula.TRUE)) {
        items.add(new Assert(f));
      }
      return this;
    }

    public Builder addAll(List<Item> more) {
      items.addAll(more);
      return this;
    }

    public List<Item> items() {
      return List.copyOf(items);
    }

    public Problem build(String title) {
      return new Problem(title, items);
    }
  }
}
