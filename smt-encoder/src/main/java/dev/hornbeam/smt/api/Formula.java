package dev.hornbeam.smt.api;

/** A term of one of the value families; {@link BoolFormula}s are the ones that can be asserted. */
public sealed interface Formula permits BoolFormula, StringFormula, RegexFormula, NumberFormula, BitvectorFormula {
  <R> R accept(Visitor<R> v);

  /** Every operation of the layer, one method each. */
  interface Visitor<R> {
    // booleans
    R constant(BoolFormula.Const f);

    R variable(BoolFormula.Var f);

    R not(BoolFormula.Not f);

    R and(BoolFormula.And f);

    R or(BoolFormula.Or f);

    R implies(BoolFormula.Implies f);

    // strings
    R constant(StringFormula.Const f);

    R variable(StringFormula.Var f);

    R concat(StringFormula.Concat f);

    R ite(StringFormula.Ite f);

    R equal(StringFormula.Equal f);

    R prefixOf(StringFormula.PrefixOf f);

    R suffixOf(StringFormula.SuffixOf f);

    R inRegex(StringFormula.InRegex f);

    // regular expressions
    R literal(RegexFormula.Literal f);

    R anyChar(RegexFormula.AnyChar f);

    R all(RegexFormula.All f);

    R range(RegexFormula.Range f);

    R star(RegexFormula.Star f);

    R concat(RegexFormula.Concat f);

    R union(RegexFormula.Union f);

    // numbers
    R constant(NumberFormula.Const f);

    R variable(NumberFormula.Var f);

    R minus(NumberFormula.Minus f);

    R compare(NumberFormula.Compare f);

    // bit-vectors
    R constant(BitvectorFormula.Const f);

    R variable(BitvectorFormula.Var f);

    R extract(BitvectorFormula.Extract f);

    R equal(BitvectorFormula.Equal f);
  }
}
