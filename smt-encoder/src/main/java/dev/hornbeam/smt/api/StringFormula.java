package dev.hornbeam.smt.api;

import java.util.List;
import java.util.Objects;

/**
 * Strings over the SMT-LIB strings theory's alphabet (code points up to {@link SmtLib#MAX_CODE_POINT}),
 * and the atoms on them: equality, prefix, suffix and membership of a regular expression.
 */
public sealed interface StringFormula extends Formula permits StringFormula.Const, StringFormula.Var, StringFormula.Concat,
    StringFormula.Ite {

  record Const(String value) implements StringFormula {
    public Const {
      if (!SmtLib.representable(value)) {
        throw new IllegalArgumentException("a code point beyond the strings theory's alphabet");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.constant(this);
    }
  }

  record Var(String name) implements StringFormula {
    public Var {
      Names.check(name);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.variable(this);
    }
  }

  /** At least two parts, in order. */
  record Concat(List<StringFormula> parts) implements StringFormula {
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

  /**
   * {@code then} when {@code condition} holds, else {@code otherwise}: a policy variable with a default
   * ({@code ${key, 'default'}}) reads its key when present and the default otherwise.
   */
  record Ite(BoolFormula condition, StringFormula then, StringFormula otherwise) implements StringFormula {
    public Ite {
      Objects.requireNonNull(condition);
      Objects.requireNonNull(then);
      Objects.requireNonNull(otherwise);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.ite(this);
    }
  }

  record Equal(StringFormula left, StringFormula right) implements BoolFormula {
    public Equal {
      Objects.requireNonNull(left);
      Objects.requireNonNull(right);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.equal(this);
    }
  }

  /** {@code prefix} is a prefix of {@code string}. */
  record PrefixOf(StringFormula prefix, StringFormula string) implements BoolFormula {
    public PrefixOf {
      Objects.requireNonNull(prefix);
      Objects.requireNonNull(string);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.prefixOf(this);
    }
  }

  /** {@code suffix} is a suffix of {@code string}. */
  record SuffixOf(StringFormula suffix, StringFormula string) implements BoolFormula {
    public SuffixOf {
      Objects.requireNonNull(suffix);
      Objects.requireNonNull(string);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.suffixOf(this);
    }
  }

  record InRegex(StringFormula string, RegexFormula regex) implements BoolFormula {
    public InRegex {
      Objects.requireNonNull(string);
      Objects.requireNonNull(regex);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.inRegex(this);
    }
  }
}
