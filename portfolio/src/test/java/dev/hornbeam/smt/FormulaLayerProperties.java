package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Evaluation;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.smt.api.StringFormula;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The formula layer (issue 15) against the real solvers: random formulas over every family, printed
 * once by {@link SmtLib}; Z3 and cvc5 agree, and every SAT model makes the formula true by the layer's
 * plain-Java {@link Evaluation}. A wrong printer or a wrong evaluator fails here.
 */
public class FormulaLayerProperties {
  public static final StringFormula.Var S0 = new StringFormula.Var("s0");
  public static final StringFormula.Var S1 = new StringFormula.Var("s1");
  public static final BoolFormula.Var B0 = new BoolFormula.Var("b0");
  public static final NumberFormula.Var N0 = new NumberFormula.Var("n0", NumberFormula.Kind.INT);
  public static final NumberFormula.Var R0 = new NumberFormula.Var("r0", NumberFormula.Kind.REAL);
  public static final BitvectorFormula.Var IP = new BitvectorFormula.Var("ip", 32);
  public static final List<Formula> VARIABLES = List.of(S0, S1, B0, N0, R0, IP);
  /** Any one character but ':' (a wildcard inside an ARN's first five fields). */
  public static final RegexFormula NOT_COLON = new RegexFormula.Union(List.of(new RegexFormula.Range(0, '9'),
      new RegexFormula.Range(';', SmtLib.MAX_CODE_POINT)));

  static String script(BoolFormula f) {
    StringBuilder b = new StringBuilder("(set-logic ALL)\n(set-option :produce-models true)\n");
    VARIABLES.forEach(v -> b.append(SmtLib.declare(v)).append('\n'));
    return b.append(SmtLib.assertion(f)).append("\n(check-sat)\n").toString();
  }

  @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
  void solversAgreeAndModelsSatisfyTheFormula(@ForAll("formulas") BoolFormula f) {
    String script = script(f);
    Map<SolverId, Solve.Answer> answers = Solve.each(script, Duration.ofSeconds(10));
    Status z3 = answers.get(SolverId.Z3).status();
    Status cvc5 = answers.get(SolverId.CVC5).status();
    if (z3.definite() && cvc5.definite()) {
      assertEquals(z3, cvc5, "Z3 and cvc5 disagree on\n" + script);
    }
    answers.forEach((id, a) -> {
      if (a.status() == Status.SAT) {
        assertTrue(Evaluation.holdsCompleted(f, a.model()), id + "'s model " + a.model() + " does not satisfy\n" + script);
      }
    });
  }

  @Provide
  Arbitrary<BoolFormula> formulas() {
    return formula(3);
  }

  static Arbitrary<BoolFormula> formula(int depth) {
    return formula(depth, atom());
  }

  /** Boolean structure of at most {@code depth} levels over {@code atoms} (also the native procedure's property, issue 15). */
  public static Arbitrary<BoolFormula> formula(int depth, Arbitrary<BoolFormula> atoms) {
    if (depth == 0) {
      return atoms;
    }
    Arbitrary<BoolFormula> sub = Arbitraries.lazy(() -> formula(depth - 1, atoms));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, atoms),
        net.jqwik.api.Tuple.of(1, sub.map(BoolFormula::not)),
        net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(BoolFormula::and)),
        net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(BoolFormula::or)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(BoolFormula::implies)));
  }

  public static Arbitrary<String> text() {
    return Arbitraries.of("", "a", "ab", "b:a", "s3:Get", "é", "a\"b", "\\u{41}", "𝄞").list().ofMaxSize(2)
        .map(parts -> String.join("", parts));
  }

  public static Arbitrary<String> pattern() {
    return Arbitraries.of("a", "b", ":", "*", "?", "é").list().ofMaxSize(4).map(parts -> String.join("", parts));
  }

  static Arbitrary<StringFormula> string() {
    return Arbitraries.oneOf(Arbitraries.of(S0, S1), text().map(StringFormula.Const::new),
        Combinators.combine(Arbitraries.of(S0, S1), text()).as((v, t) -> new StringFormula.Concat(List.of(v, new StringFormula.Const(t)))));
  }

  static Arbitrary<NumberFormula> number(NumberFormula.Kind kind) {
    Arbitrary<NumberFormula> constant = kind == NumberFormula.Kind.INT
        ? Arbitraries.integers().between(-3, 3).map(i -> new NumberFormula.Const(BigDecimal.valueOf(i), kind))
        : Arbitraries.of("-1.5", "0", "0.25", "2", "3.125").map(d -> new NumberFormula.Const(new BigDecimal(d), kind));
    NumberFormula var = kind == NumberFormula.Kind.INT ? N0 : R0;
    return Arbitraries.oneOf(Arbitraries.just(var), constant, constant.map(c -> new NumberFormula.Minus(var, c)));
  }

  public static Arbitrary<BoolFormula> atom() {
    Arbitrary<StringFormula.Var> strVar = Arbitraries.of(S0, S1);
    Arbitrary<BoolFormula> strings = Arbitraries.oneOf(
        Combinators.combine(strVar, string()).as(StringFormula.Equal::new),
        Combinators.combine(text(), strVar).as((t, v) -> new StringFormula.PrefixOf(new StringFormula.Const(t), v)),
        Combinators.combine(text(), strVar).as((t, v) -> new StringFormula.SuffixOf(new StringFormula.Const(t), v)),
        Combinators.combine(strVar, pattern(), Arbitraries.of(new RegexFormula.AnyChar(), NOT_COLON))
            .as((v, p, one) -> new StringFormula.InRegex(v, RegexFormula.glob(p, one))));
    Arbitrary<BoolFormula> numbers = Arbitraries.of(NumberFormula.Kind.values()).flatMap(k ->
        Combinators.combine(Arbitraries.of(NumberFormula.Op.values()), number(k), number(k)).as(NumberFormula.Compare::new));
    Arbitrary<BoolFormula> addresses = Combinators.combine(Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.integers().between(0, 32))
        .as((net, prefix) -> BitvectorFormula.inBlock(IP, BigInteger.valueOf(net), prefix));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, strings), net.jqwik.api.Tuple.of(2, numbers),
        net.jqwik.api.Tuple.of(1, addresses), net.jqwik.api.Tuple.of(1, Arbitraries.just(B0)));
  }
}
