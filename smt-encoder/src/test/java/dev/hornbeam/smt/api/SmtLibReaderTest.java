package dev.hornbeam.smt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.Difference;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.smt.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader is the printer's inverse: every corpus query (public access of the S3/KMS/SQS/SNS policies,
 * and their no-new-access question against themselves without the last statement) printed, read back and
 * printed again is the same text, and reads back to the same assertions; what the printer never writes is
 * refused, naming the line.
 */
class SmtLibReaderTest {
  static void roundTrip(Query q) {
    String text = q.text();
    Problem read = SmtLibReader.read(text);
    assertEquals(text, SmtLib.script(read));
    assertEquals(q.problem().assertions(), read.assertions());
    assertEquals(q.problem().declared(), read.declared());
  }

  @Test
  void everyCorpusQueryReadsBackToItsOwnText() throws Exception {
    List<Corpus.Entry> entries = Corpus.entries();
    assumeTrue(!entries.isEmpty(), "no corpus on this machine");
    int n = 0;
    for (Corpus.Entry e : entries) {
      ResourceType type = ResourceType.fromName(e.folder()).orElse(null);
      if (type == null) {
        continue;
      }
      ParseResult r = PolicyParser.parse(e.bytes(), e.kind(), e.limits());
      if (!r.isValid()) {
        continue;
      }
      Policy p = r.policy();
      roundTrip(PublicAccess.query(p, type, null));
      n++;
      if (p.statements().size() > 1) {
        List<Statement> fewer = new ArrayList<>(p.statements().subList(0, p.statements().size() - 1));
        roundTrip(Difference.query(p, new Policy(p.version(), p.id(), fewer), Scope.of(type)));
        n++;
      }
    }
    assertTrue(n > 500, "queries read back: " + n);
  }

  @Test
  void everyKindOfTermReadsBack() {
    NumberFormula.Var i = new NumberFormula.Var("i", NumberFormula.Kind.INT);
    NumberFormula.Var r = new NumberFormula.Var("r", NumberFormula.Kind.REAL);
    StringFormula.Var s = new StringFormula.Var("s");
    BitvectorFormula.Var a = new BitvectorFormula.Var("a", 32);
    BoolFormula.Var b = new BoolFormula.Var("b");
    Problem p = new Problem.Builder().comment("a \"quoted\" comment with \u00e9").declare(i).declare(r).declare(s).declare(a).declare(b)
        .define(new BoolFormula.Var("d"), new BoolFormula.Or(List.of(b, new BoolFormula.Not(b))))
        .assertThat(new NumberFormula.Compare(NumberFormula.Op.LE, new NumberFormula.Minus(i, new NumberFormula.Const(
            java.math.BigDecimal.valueOf(-3), NumberFormula.Kind.INT)), new NumberFormula.Const(java.math.BigDecimal.TEN, NumberFormula.Kind.INT)))
        .assertThat(new NumberFormula.Compare(NumberFormula.Op.GT, r, new NumberFormula.Const(new java.math.BigDecimal("0.25"), NumberFormula.Kind.REAL)))
        .assertThat(new StringFormula.InRegex(new StringFormula.Concat(List.of(s, new StringFormula.Const("\"\\x\uD83D\uDE00"))),
            new RegexFormula.Union(List.of(new RegexFormula.Star(new RegexFormula.Range('a', 'z')), new RegexFormula.Concat(List.of(
                new RegexFormula.Literal("a\"b"), new RegexFormula.AnyChar(), new RegexFormula.All()))))))
        .assertThat(new StringFormula.InRegex(s, new RegexFormula.Concat(List.of(new RegexFormula.Concat(
            java.util.Collections.nCopies(12, new RegexFormula.Range('0', '9'))), new RegexFormula.All()))))
        .assertThat(new StringFormula.Equal(new StringFormula.Ite(b, s, new StringFormula.Const("x")), new StringFormula.Const("y")))
        .assertThat(new BoolFormula.Implies(new BoolFormula.Var("d"), new StringFormula.SuffixOf(new StringFormula.Const("z"), s)))
        .assertThat(new BitvectorFormula.Equal(new BitvectorFormula.Extract(31, 24, a), new BitvectorFormula.Const(java.math.BigInteger.valueOf(10), 8)))
        .build("every kind");
    String text = SmtLib.script(p);
    Problem read = SmtLibReader.read(text);
    assertEquals(text, SmtLib.script(read));
    assertEquals(p.assertions(), read.assertions());
    assertEquals(p.title(), read.title());
  }

  @Test
  void whatThePrinterNeverWritesIsRefusedWithTheLine() {
    String head = "; hornbeam query: t\n(set-logic ALL)\n(declare-const x String)\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SmtLibReader.read(head + "(assert (str.contains x \"a\"))\n"));
    assertTrue(e.getMessage().startsWith("line 4: expected an operator the printer writes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(assert (= y \"a\"))\n"), "an undeclared name");
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(assert (= x \"a\")\n"), "an open paren");
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(push 1)\n"), "another command");
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(assert x)\n"), "a string asserted");
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(assert (str.in_re x ((_ re.loop 1 3) re.allchar)))\n"),
        "a loop of a range of lengths");
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read(head + "(assert (str.in_re x ((_ re.loop 1 1) re.allchar)))\n"),
        "a loop of one");
    assertEquals(new StringFormula.InRegex(new StringFormula.Var("x"), new RegexFormula.Concat(List.of(new RegexFormula.AnyChar(),
        new RegexFormula.AnyChar()))), SmtLibReader.read(head + "(assert (str.in_re x ((_ re.loop 2 2) re.allchar)))\n").assertions().get(0));
    assertThrows(IllegalArgumentException.class, () -> SmtLibReader.read("(set-logic ALL)\n(check-sat)\n"), "no title");
  }
}
