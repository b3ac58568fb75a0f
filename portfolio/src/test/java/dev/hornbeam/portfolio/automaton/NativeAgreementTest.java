package dev.hornbeam.portfolio.automaton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.SmtSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.FormulaLayerProperties;
import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Evaluation;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.smt.api.StringFormula;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;

/**
 * The native procedure against Z3 and cvc5 on random problems over every atom kind (the formula
 * layer's generators, {@link FormulaLayerProperties}, plus word equations, ite terms, definitions of both
 * families, comparisons between variables and middle slices): a definite native answer never contradicts a
 * definite solver answer, and every native SAT model satisfies the problem by {@link Evaluation}. Prints the
 * native UNKNOWN rate and reasons, the coverage of atom kinds, and native decision times.
 *
 * <p>A jqwik example (one run that draws its own problems, seeded): CI 300 problems; nightly: {@code -Dhornbeam.nativeTries=20000} (and {@code -Dhornbeam.nativeSeed=…}).
 */
class NativeAgreementTest {
  static final int TRIES = Integer.getInteger("hornbeam.nativeTries", 300);
  static final long SEED = Long.getLong("hornbeam.nativeSeed", 15L);
  /**
   * The share of problems that must be decided (so the agreement checks have teeth). These problems reach
   * shapes the encoder never writes (comparisons and equations between variables, arithmetic, middle
   * bit slices, if-then-else), which the native backend leaves to the race; on the encoder's own questions
   * it decides 99%+ (NativeReferenceProperties, the corpus tests).
   */
  static final double MIN_DECIDED_RATE = 0.25;

  static final StringFormula.Var A = new StringFormula.Var("a");
  static final StringFormula.Var B = new StringFormula.Var("b");
  static final NumberFormula.Var N1 = new NumberFormula.Var("n1", NumberFormula.Kind.INT);
  static final BoolFormula.Var DEF_BOOL = new BoolFormula.Var("d.matches");
  static final StringFormula.Var DEF_STR = new StringFormula.Var("d.arn");

  /** The kinds of atom the problems reach; each must be reached. */
  enum Kind {
    BOOL_VAR, STR_EQ_CONST, STR_EQ_VARS, WORD_EQUATION, PREFIX, SUFFIX, VAR_AFFIX_OF_CONST, IN_REGEX, IN_REGEX_OF_CONCAT,
    STR_ITE, INT_COMPARE, REAL_COMPARE, VARIABLES_COMPARE, BV_BLOCK, BV_MIDDLE_SLICE, BOOL_DEFINITION, STR_DEFINITION
  }

  @Example
  void nativeAgreesWithZ3AndCvc5() {
    RandomGenerator<Problem> generator = problems().generator(1000);
    Random random = new Random(SEED);
    SmtSolver z3 = SmtSolver.create(SolverId.Z3);
    SmtSolver cvc5 = SmtSolver.create(SolverId.CVC5);
    Map<Kind, Integer> coverage = new EnumMap<>(Kind.class);
    Map<String, Integer> answers = new TreeMap<>();
    Map<String, Integer> unknown = new TreeMap<>();
    List<Long> micros = new ArrayList<>();
    int unknowns = 0;
    for (int i = 0; i < TRIES; i++) {
      Problem p = generator.next(random).value();
      count(p, coverage);
      String script = SmtLib.script(p);
      SolverResult n;
      try {
        n = new AutomatonSolver().decide(p, 10_000, new CancelFlag());
      } catch (AssertionError e) {
        throw new AssertionError("native failed (" + e + ") on\n" + script, e); // a Lucene assertion (tests run with -ea)
      }
      micros.add(n.micros());
      answers.merge(n.status().name(), 1, Integer::sum);
      if (n.status() == Status.SAT) {
        assertTrue(Evaluation.satisfies(p, n.model()), () -> "native model " + n.model() + " fails\n" + script);
      }
      if (n.status() == Status.UNKNOWN) {
        unknowns++;
        unknown.merge(n.note().replaceAll(":.*", "") + ": " + n.note().replaceAll("^[A-Z_]+: ", "").replaceAll(":.*", ""), 1, Integer::sum);
      }
      for (SmtSolver s : List.of(z3, cvc5)) {
        SolverResult r = s.check(script, 10_000, new CancelFlag());
        if (r.status().definite() && n.status().definite()) {
          assertEquals(r.status(), n.status(), () -> s.id() + " and native disagree (" + n.note() + ")\n" + script);
        }
      }
    }
    micros.sort(null);
    System.out.printf("native on %d random problems (seed %d): %s; UNKNOWN %.1f%% %s%n", TRIES, SEED, answers,
        100.0 * unknowns / TRIES, unknown);
    System.out.printf("native decision time: p50 %d µs, p99 %d µs, max %d µs%n", micros.get(micros.size() / 2),
        micros.get((int) (micros.size() * 0.99)), micros.get(micros.size() - 1));
    System.out.println("atom kinds reached: " + coverage);
    for (Kind k : Kind.values()) {
      assertTrue(coverage.getOrDefault(k, 0) > 0, "no problem reached " + k);
    }
    assertTrue(TRIES - unknowns >= MIN_DECIDED_RATE * TRIES, "native UNKNOWN on " + unknowns + " of " + TRIES + ": " + unknown);
  }

  static Arbitrary<Problem> problems() {
    Arbitrary<BoolFormula> plain = Arbitraries.frequencyOf(Tuple.of(4, FormulaLayerProperties.atom()), Tuple.of(4, extraAtom()));
    Arbitrary<BoolFormula> atoms = Arbitraries.frequencyOf(Tuple.of(8, plain), Tuple.of(1, definitionAtom()));
    Arbitrary<StringFormula> arnShape = Combinators.combine(Arbitraries.of(A, B), FormulaLayerProperties.text())
        .as((v, t) -> new StringFormula.Concat(List.of(new StringFormula.Const("arn:"), v, new StringFormula.Const(":" + t), FormulaLayerProperties.S1)));
    return Combinators.combine(FormulaLayerProperties.formula(2, atoms).list().ofMinSize(1).ofMaxSize(3),
        FormulaLayerProperties.formula(1, plain), arnShape).as((assertions, matches, arn) -> {
          Problem.Builder b = new Problem.Builder();
          FormulaLayerProperties.VARIABLES.forEach(b::declare);
          b.declare(A).declare(B).declare(N1);
          b.define(DEF_BOOL, matches).define(DEF_STR, arn);
          assertions.forEach(b::assertThat);
          return b.build("random");
        });
  }

  static Arbitrary<StringFormula.Var> strVar() {
    return Arbitraries.of(FormulaLayerProperties.S0, FormulaLayerProperties.S1, A, B);
  }

  static Arbitrary<StringFormula.Const> text() {
    return FormulaLayerProperties.text().map(StringFormula.Const::new);
  }

  /** An ARN-like concatenation of texts and variables. */
  static Arbitrary<StringFormula> concat() {
    return Combinators.combine(text(), strVar(), Arbitraries.of(":", "/", "::"), strVar())
        .as((c, x, sep, y) -> new StringFormula.Concat(List.of(c, x, new StringFormula.Const(sep), y)));
  }

  /** The atoms the formula layer's generators do not make. */
  static Arbitrary<BoolFormula> extraAtom() {
    Arbitrary<RegexFormula> globs = Combinators.combine(FormulaLayerProperties.pattern(),
        Arbitraries.of(new RegexFormula.AnyChar(), FormulaLayerProperties.NOT_COLON)).as(RegexFormula::glob);
    return Arbitraries.oneOf(
        Combinators.combine(strVar(), concat()).as(StringFormula.Equal::new),
        Combinators.combine(strVar(), strVar()).as(StringFormula.Equal::new),
        Combinators.combine(strVar(), text(), text(), strVar()).as((x, c, d, y) ->
            new StringFormula.Equal(new StringFormula.Concat(List.of(x, c)), new StringFormula.Concat(List.of(d, y)))),
        Combinators.combine(strVar(), text()).as((v, t) -> new StringFormula.PrefixOf(v, t)),
        Combinators.combine(strVar(), text()).as((v, t) -> new StringFormula.SuffixOf(v, t)),
        Combinators.combine(concat(), globs).as(StringFormula.InRegex::new),
        Combinators.combine(strVar(), text(), Arbitraries.oneOf(text(), strVar())).as((v, t, other) ->
            new StringFormula.Equal(new StringFormula.Ite(FormulaLayerProperties.B0, v, t), other)),
        Combinators.combine(Arbitraries.of(NumberFormula.Op.values()), Arbitraries.of(FormulaLayerProperties.N0, N1))
            .as((op, v) -> new NumberFormula.Compare(op, v, v == N1 ? FormulaLayerProperties.N0 : N1)),
        Arbitraries.integers().between(0, 255).map(c -> new BitvectorFormula.Equal(
            new BitvectorFormula.Extract(31, 24, new BitvectorFormula.Extract(31, 0, FormulaLayerProperties.IP)),
            new BitvectorFormula.Const(BigInteger.valueOf(c), 8))),
        Arbitraries.integers().between(0, 15).map(c -> new BitvectorFormula.Equal(
            new BitvectorFormula.Extract(27, 24, FormulaLayerProperties.IP), new BitvectorFormula.Const(BigInteger.valueOf(c), 4))));
  }

  static Arbitrary<BoolFormula> definitionAtom() {
    return Arbitraries.oneOf(Arbitraries.just(DEF_BOOL),
        text().map(t -> new StringFormula.Equal(DEF_STR, t)),
        Combinators.combine(FormulaLayerProperties.pattern(), Arbitraries.just(FormulaLayerProperties.NOT_COLON))
            .as((p, one) -> new StringFormula.InRegex(DEF_STR, RegexFormula.glob("arn:" + p, one))));
  }

  /** Counts the kinds of the atoms in the problem's assertions and definitions. */
  static void count(Problem p, Map<Kind, Integer> coverage) {
    p.assertions().forEach(a -> count(a, coverage));
    p.definitions().values().forEach(d -> {
      if (d instanceof BoolFormula f) {
        count(f, coverage);
      }
    });
  }

  private static void count(BoolFormula f, Map<Kind, Integer> coverage) {
    if (f instanceof BoolFormula.Not n) {
      count(n.operand(), coverage);
    } else if (f instanceof BoolFormula.And a) {
      a.operands().forEach(o -> count(o, coverage));
    } else if (f instanceof BoolFormula.Or o) {
      o.operands().forEach(x -> count(x, coverage));
    } else if (f instanceof BoolFormula.Implies i) {
      count(i.premise(), coverage);
      count(i.conclusion(), coverage);
    } else if (f instanceof BoolFormula.Const) {
      return;
    } else {
      coverage.merge(kind(f), 1, Integer::sum);
    }
  }

  private static Kind kind(BoolFormula f) {
    if (f instanceof BoolFormula.Var v) {
      return v.equals(DEF_BOOL) ? Kind.BOOL_DEFINITION : Kind.BOOL_VAR;
    }
    if (f instanceof StringFormula.Equal e) {
      if (e.left().equals(DEF_STR) || e.right().equals(DEF_STR)) {
        return Kind.STR_DEFINITION;
      }
      if (e.left() instanceof StringFormula.Ite || e.right() instanceof StringFormula.Ite) {
        return Kind.STR_ITE;
      }
      if (e.left() instanceof StringFormula.Concat || e.right() instanceof StringFormula.Concat) {
        return Kind.WORD_EQUATION;
      }
      return e.right() instanceof StringFormula.Var ? Kind.STR_EQ_VARS : Kind.STR_EQ_CONST;
    }
    if (f instanceof StringFormula.PrefixOf x) {
      return x.prefix() instanceof StringFormula.Var ? Kind.VAR_AFFIX_OF_CONST : Kind.PREFIX;
    }
    if (f instanceof StringFormula.SuffixOf x) {
      return x.suffix() instanceof StringFormula.Var ? Kind.VAR_AFFIX_OF_CONST : Kind.SUFFIX;
    }
    if (f instanceof StringFormula.InRegex r) {
      return r.string().equals(DEF_STR) ? Kind.STR_DEFINITION
          : r.string() instanceof StringFormula.Concat ? Kind.IN_REGEX_OF_CONCAT : Kind.IN_REGEX;
    }
    if (f instanceof NumberFormula.Compare c) {
      boolean vars = c.left() instanceof NumberFormula.Var && c.right() instanceof NumberFormula.Var;
      return vars ? Kind.VARIABLES_COMPARE : c.left().kind() == NumberFormula.Kind.INT ? Kind.INT_COMPARE : Kind.REAL_COMPARE;
    }
    if (f instanceof BitvectorFormula.Equal e) {
      Formula slice = e.left();
      return slice instanceof BitvectorFormula.Extract x && x.high() != 31 ? Kind.BV_MIDDLE_SLICE : Kind.BV_BLOCK;
    }
    throw new IllegalArgumentException("an atom of no kind: " + f);
  }
}
