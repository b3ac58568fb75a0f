package dev.hornbeam.smt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The formula layer's builders and its SMT-LIB printer. */
class SmtLibTest {
  static final StringFormula.Var ACTION = new StringFormula.Var("action");

  @Test
  void booleanBuildersFoldConstantsAndFlatten() {
    BoolFormula a = new BoolFormula.Var("a");
    BoolFormula b = new BoolFormula.Var("b");
    assertEquals(BoolFormula.FALSE, BoolFormula.and(a, BoolFormula.FALSE, b));
    assertEquals(a, BoolFormula.and(BoolFormula.TRUE, a));
    assertEquals(new BoolFormula.And(List.of(a, b, a)), BoolFormula.and(BoolFormula.and(a, b), a));
    assertEquals(BoolFormula.TRUE, BoolFormula.or(a, BoolFormula.TRUE));
    assertEquals(BoolFormula.FALSE, BoolFormula.or(List.of()));
    assertEquals(a, BoolFormula.not(BoolFormula.not(a)));
    assertEquals(b, BoolFormula.implies(BoolFormula.TRUE, b));
    assertEquals("(and a (or (not b) (=> a b)))", SmtLib.print(BoolFormula.and(a, BoolFormula.or(BoolFormula.not(b),
        BoolFormula.implies(a, b)))));
  }

  @Test
  void stringsAndGlobs() {
    assertEquals("(str.prefixof \"s3:\" action)", SmtLib.print(new StringFormula.PrefixOf(new StringFormula.Const("s3:"), ACTION)));
    assertEquals("(str.in_re action (re.++ (str.to_re \"s3:Get\") re.all (str.to_re \"Obj\") re.allchar))",
        SmtLib.print(new StringFormula.InRegex(ACTION, RegexFormula.glob("s3:Get*Obj?", new RegexFormula.AnyChar()))));
    RegexFormula notColon = new RegexFormula.Union(List.of(new RegexFormula.Range(0, '9'), new RegexFormula.Range(';', SmtLib.MAX_CODE_POINT)));
    assertEquals("(re.++ (str.to_re \"arn:\") (re.* (re.union (re.range \"\\u{0}\" \"9\") (re.range \";\" \"\\u{2ffff}\"))))",
        SmtLib.print(RegexFormula.glob("arn:*", notColon)));
    assertEquals("(str.to_re \"\")", SmtLib.print(RegexFormula.glob("", new RegexFormula.AnyChar())));
    assertEquals("(= action (str.++ \"a\\u{22}\\u{5c}\\u{e9}\" action))", SmtLib.print(new StringFormula.Equal(ACTION,
        new StringFormula.Concat(List.of(new StringFormula.Const("a\"\\é"), ACTION)))));
    // n equal parts: a loop (Z3 takes its length at once); a mixed concatenation: as it is.
    RegexFormula digit = new RegexFormula.Range('0', '9');
    assertEquals("((_ re.loop 3 3) (re.range \"0\" \"9\"))", SmtLib.print(new RegexFormula.Concat(List.of(digit, digit, digit))));
    assertEquals("(re.++ (re.range \"0\" \"9\") (re.range \"0\" \"9\") re.all)",
        SmtLib.print(new RegexFormula.Concat(List.of(digit, digit, new RegexFormula.All()))));
    assertThrows(IllegalArgumentException.class, () -> new StringFormula.Const(new String(Character.toChars(0x30000))));
    assertThrows(IllegalArgumentException.class, () -> new StringFormula.Var("x) (assert false"));
  }

  @Test
  void escapingRoundTrips() {
    for (String s : List.of("", "plain", "quote\"back\\slash", "tab\tnew\nline", "é€𝄞", "\\u{41} stays", "\u0000")) {
      String printed = SmtLib.string(s);
      assertEquals(s, SmtLib.unescape(printed.substring(1, printed.length() - 1)), printed);
    }
  }

  @Test
  void numbersAndBitvectors() {
    NumberFormula.Var n = new NumberFormula.Var("k0.num0", NumberFormula.Kind.REAL);
    assertEquals("(<= k0.num0 (- 2.5))", SmtLib.print(new NumberFormula.Compare(NumberFormula.Op.LE, n,
        new NumberFormula.Const(new BigDecimal("-2.5"), NumberFormula.Kind.REAL))));
    assertEquals("(> kind 3)", SmtLib.print(new NumberFormula.Compare(NumberFormula.Op.GT, new NumberFormula.Var("kind", NumberFormula.Kind.INT),
        new NumberFormula.Const(BigDecimal.valueOf(3), NumberFormula.Kind.INT))));
    assertThrows(IllegalArgumentException.class, () -> new NumberFormula.Compare(NumberFormula.Op.EQ, n,
        new NumberFormula.Const(BigDecimal.ONE, NumberFormula.Kind.INT)));
    BitvectorFormula.Var ip = new BitvectorFormula.Var("k1.ip4", 32);
    // 10.0.0.0/8: the first 8 bits are 00001010
    assertEquals("(= ((_ extract 31 24) k1.ip4) (_ bv10 8))", SmtLib.print(BitvectorFormula.inBlock(ip, BigInteger.valueOf(10L << 24), 8)));
    assertEquals(BoolFormula.TRUE, BitvectorFormula.inBlock(ip, BigInteger.ZERO, 0));
    assertEquals("(declare-const k1.ip4 (_ BitVec 32))", SmtLib.declare(ip));
    assertThrows(IllegalArgumentException.class, () -> new BitvectorFormula.Const(BigInteger.valueOf(256), 8));
  }

  /** Z3 returns string values with these escapes (Expr.getString); unescape gives back the code points. */
  @Test
  void solverEscapesDecodeToCodePoints() {
    assertEquals("a\u00e9b", SmtLib.unescape("a\\u{e9}b"));
    assertEquals("\uD83D\uDE00", SmtLib.unescape("\\u{1f600}"));
    assertEquals("A", SmtLib.unescape("\\u0041"));
    assertEquals("\\u{41}", SmtLib.unescape("\\u{5c}u{41}"));
    assertEquals("\\\\a\"", SmtLib.unescape("\\\\a\""));
    assertEquals("\\u{zz}", SmtLib.unescape("\\u{zz}"));
    assertEquals("\\u{30000}", SmtLib.unescape("\\u{30000}"));
    assertEquals("\\u{}x\\u12", SmtLib.unescape("\\u{}x\\u12"));
  }

  @Test
  void aProblemPrintsInOrderAndIsEvaluatedThroughItsDefinitions() {
    StringFormula.Var key = new StringFormula.Var("k0.e0.str");
    BoolFormula.Var present = new BoolFormula.Var("k0.present");
    BoolFormula.Var matches = new BoolFormula.Var("st0.matches");
    StringFormula.Var pinned = new StringFormula.Var("resource");
    StringFormula read = new StringFormula.Ite(present, key, new StringFormula.Const("dflt"));
    Problem p = new Problem.Builder()
        .comment("k0 = condition key \"a\"\n")
        .declare(present)
        .declare(key)
        .define(pinned, new StringFormula.Const("arn:x"))
        .define(matches, new StringFormula.PrefixOf(new StringFormula.Const("arn:"), pinned))
        .assertThat(BoolFormula.TRUE)
        .assertThat(BoolFormula.and(matches, new StringFormula.Equal(read, new StringFormula.Const("v"))))
        .build("t");
    assertEquals("""
        ; hornbeam query: t
        (set-logic ALL)
        (set-option :produce-models true)
        ; k0 = condition key "a"\\u{a}
        (declare-const k0.present Bool)
        (declare-const k0.e0.str String)
        (define-fun resource () String "arn:x")
        (define-fun st0.matches () Bool (str.prefixof "arn:" resource))
        (assert (and st0.matches (= (ite k0.present k0.e0.str "dflt") "v")))
        (check-sat)
        """, SmtLib.script(p));
    assertEquals(1, p.assertions().size());
    assertEquals(List.of(present, key), p.declared());
    assertEquals(true, Evaluation.satisfies(p, java.util.Map.of("k0.present", new ModelValue.Bool(true), "k0.e0.str",
        new ModelValue.Str("v"))));
    assertEquals(false, Evaluation.satisfies(p, java.util.Map.of("k0.present", new ModelValue.Bool(false), "k0.e0.str",
        new ModelValue.Str("v"))));
    assertThrows(IllegalArgumentException.class, () -> new Problem.Define(matches, key));
    assertThrows(IllegalArgumentException.class, () -> new Problem.Declare(new StringFormula.Const("x")));
  }
}
