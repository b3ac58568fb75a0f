package dev.hornbeam.smt;

import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.StringFormula;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.statistics.Statistics;

/**
 * The kinds of atom and term a query uses, for the property tests' coverage (issue 15: the generators
 * reach every atom kind the backends decide). One label per kind per query.
 */
final class AtomKinds implements Formula.Visitor<Void> {
  /** Every kind {@link #collect} can report; properties check each is reached. */
  static final Set<String> ALL = Set.of("bool variable", "string equality", "prefix", "suffix", "regex membership",
      "concatenation", "number comparison", "address bits");

  private final Set<String> seen = new TreeSet<>();

  private AtomKinds() {}

  static Set<String> of(Problem p) {
    AtomKinds k = new AtomKinds();
    for (Problem.Item i : p.items()) {
      if (i instanceof Problem.Define d) {
        d.value().accept(k);
      } else if (i instanceof Problem.Assert a) {
        a.formula().accept(k);
      }
    }
    return k.seen;
  }

  static void collect(Query q) {
    for (String kind : of(q.problem())) {
      Statistics.label("atom kinds").collect(kind);
    }
  }

  private Void all(Iterable<? extends Formula> fs) {
    for (Formula f : fs) {
      f.accept(this);
    }
    return null;
  }

  private Void kind(String k, Formula... parts) {
    seen.add(k);
    for (Formula f : parts) {
      f.accept(this);
    }
    return null;
  }

  @Override
  public Void constant(BoolFormula.Const f) {
    return null;
  }

  @Override
  public Void variable(BoolFormula.Var f) {
    if (!f.name().contains(".") || f.name().startsWith("k")) {
      seen.add("bool variable");
    }
    return null;
  }

  @Override
  public Void not(BoolFormula.Not f) {
    return f.operand().accept(this);
  }

  @Override
  public Void and(BoolFormula.And f) {
    return all(f.operands());
  }

  @Override
  public Void or(BoolFormula.Or f) {
    return all(f.operands());
  }

  @Override
  public Void implies(BoolFormula.Implies f) {
    return all(java.util.List.of(f.premise(), f.conclusion()));
  }

  @Override
  public Void constant(StringFormula.Const f) {
    return null;
  }

  @Override
  public Void variable(StringFormula.Var f) {
    return null;
  }

  @Override
  public Void concat(StringFormula.Concat f) {
    seen.add("concatenation");
    return all(f.parts());
  }

  @Override
  public Void ite(StringFormula.Ite f) {
    return kind("string if-then-else", f.condition(), f.then(), f.otherwise());
  }

  @Override
  public Void equal(StringFormula.Equal f) {
    return kind("string equality", f.left(), f.right());
  }

  @Override
  public Void prefixOf(StringFormula.PrefixOf f) {
    return kind("prefix", f.prefix(), f.string());
  }

  @Override
  public Void suffixOf(StringFormula.SuffixOf f) {
    return kind("suffix", f.suffix(), f.string());
  }

  @Override
  public Void inRegex(StringFormula.InRegex f) {
    return kind("regex membership", f.string());
  }

  @Override
  public Void literal(RegexFormula.Literal f) {
    return null;
  }

  @Override
  public Void anyChar(RegexFormula.AnyChar f) {
    return null;
  }

  @Override
  public Void all(RegexFormula.All f) {
    return null;
  }

  @Override
  public Void range(RegexFormula.Range f) {
    return null;
  }

  @Override
  public Void star(RegexFormula.Star f) {
    return null;
  }

  @Override
  public Void concat(RegexFormula.Concat f) {
    return null;
  }

  @Override
  public Void union(RegexFormula.Union f) {
    return null;
  }

  @Override
  public Void constant(NumberFormula.Const f) {
    return null;
  }

  @Override
  public Void variable(NumberFormula.Var f) {
    return null;
  }

  @Override
  public Void minus(NumberFormula.Minus f) {
    return kind("arithmetic", f.left(), f.right());
  }

  @Override
  public Void compare(NumberFormula.Compare f) {
    return kind("number comparison", f.left(), f.right());
  }

  @Override
  public Void constant(BitvectorFormula.Const f) {
    return null;
  }

  @Override
  public Void variable(BitvectorFormula.Var f) {
    return null;
  }

  @Override
  public Void extract(BitvectorFormula.Extract f) {
    return null;
  }

  @Override
  public Void equal(BitvectorFormula.Equal f) {
    return kind("address bits", f.left(), f.right());
  }
}
