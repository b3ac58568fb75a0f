package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.api.SmtLib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTextTest {
  static Policy parse(String json) {
    var r = PolicyParser.parse(json, PolicyKind.RESOURCE);
    assertTrue(r.isValid(), () -> r.problems().toString());
    return r.policy();
  }

  /** The hostile policy plus a statement the validator would reject: the encoder must cope anyway. */
  static Policy hostile() {
    Policy p = parse(HOSTILE);
    List<Statement> st = new java.util.ArrayList<>(p.statements());
    st.add(new Statement("\n(assert false)", Effect.ALLOW, new PrincipalElement(false, new Principals.Anyone()),
        new ActionElement(false, List.of("s3:Get\")*", "|x|", ";")),
        new ResourceElement(false, List.of("(((", "arn:aws:s3:::\"))")), List.of()));
    return new Policy(p.version(), p.id(), st);
  }

  /** Public access prunes statements of other services unless pruning is off (the upgrade gate's encoder setting). */
  @Test
  void pruningCanBeSwitchedOff() {
    Policy p = parse("""
        {"Version":"2012-10-17","Statement":[
         {"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"},
         {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""");
    String pruned = PublicAccess.query(p, ResourceType.S3_BUCKET, null).text();
    String full = PublicAccess.query(p, ResourceType.S3_BUCKET, null, new PolicyEncoder.Options(null, true, false)).text();
    assertTrue(pruned.contains("matches no action starting with"), pruned);
    assertFalse(full.contains("matches no action starting with"), full);
    assertTrue(full.contains("sqs:sendmessage"), full);
  }

  /**
   * Without shortcuts every pattern is a regex; a short ARN pattern (fewer than six fields) must still be
   * matched as a whole string, its '*' spanning ':' (docs/semantics.md). Found by the upgrade gate: the
   * no-shortcuts encoding answered NOT_PUBLIC for a corpus policy the default encoding (rightly) found public.
   */
  @Test
  void shortArnPatternsAreWholeStringWithoutShortcutsToo() {
    Policy p = parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject",
         "Resource":"arn:aws:s3:::bucket/*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*"},
         "ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:t*"}}}]}""");
    String full = PublicAccess.query(p, ResourceType.S3_BUCKET, null, new PolicyEncoder.Options(null, false, true)).text();
    assertTrue(full.contains("(re.++ (str.to_re \"arn:aws:iam::\") re.all)"), full);
    // a six-field pattern stays field-wise: its first-field wildcards exclude ':'
    assertTrue(full.contains("(re.++ (str.to_re \"arn:aws:sns:\") (re.* (re.union"), full);
  }

  @Test
  void literalsEscapeQuotesBackslashesAndNonAscii() {
    assertEquals("\"a\\u{22}b\\u{5c}c\\u{e9}\\u{1f600}\\u{a}\"", SmtLib.string("a\"b\\cé😀\n"));
    for (String s : List.of("", "plain", "\"\"", "\\u{41}", "é😀\u0000\u007f", "(assert false)")) {
      String lit = SmtLib.string(s);
      assertEquals(s, ScriptSyntax.decode(lit.substring(1, lit.length() - 1)));
    }
  }

  @Test
  void codePointsBeyondTheAlphabetAreRefusedNotMangled() {
    String beyond = new String(Character.toChars(0x30000));
    assertFalse(SmtLib.representable(beyond));
    assertTrue(SmtLib.representable("😀"));
  }

  @Test
  void realsAreExactDecimals() {
    assertEquals("1.2", SmtLib.print(new dev.hornbeam.smt.api.NumberFormula.Const(new java.math.BigDecimal("1.20").stripTrailingZeros(), dev.hornbeam.smt.api.NumberFormula.Kind.REAL)));
    assertEquals("(- 3.0)", SmtLib.print(new dev.hornbeam.smt.api.NumberFormula.Const(new java.math.BigDecimal("-3"), dev.hornbeam.smt.api.NumberFormula.Kind.REAL)));
    assertEquals("100.0", SmtLib.print(new dev.hornbeam.smt.api.NumberFormula.Const(new java.math.BigDecimal("1E+2"), dev.hornbeam.smt.api.NumberFormula.Kind.REAL)));
  }

  private static final String HOSTILE = """
      {"Version":"2012-10-17","Id":"x\\") (assert false) ;","Statement":[
        {"Sid":"a\\"b\\n(check-sat)|q|","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/\\")|x"},
         "Action":"s3:Get*","Resource":"arn:aws:s3:::b\\\\u{41}/${aws:username}/*",
         "Condition":{"StringLike":{"k\\") (assert false) (\\"":"v\\n;*"},
                      "StringEquals":{"aws:PrincipalTag/te am|x":["${aws:username}", "\\\\", "é😀"]},
                      "IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
        {"Effect":"Deny","Principal":"*","NotAction":"s3:Put*","Resource":"*",
         "Condition":{"NumericLessThan":{"s3:max-keys":"1.5"},"Null":{"x\\u0000y":"true"}}}]}""";

  @Test
  void hostileStringsCannotChangeTheQueryStructure() {
    Policy p = hostile();
    for (Query q : List.of(PublicAccess.query(p, ResourceType.S3_BUCKET, null),
        PublicAccess.query(p, ResourceType.S3_BUCKET, "arn:aws:s3:::b\") (assert false)"))) {
      List<ScriptSyntax.Command> commands = ScriptSyntax.read(q.text());
      assertEquals("check-sat", commands.get(commands.size() - 1).head());
      assertEquals(1, commands.stream().filter(c -> c.head().equals("check-sat")).count());
      assertTrue(commands.stream().anyMatch(c -> "st0.matches".equals(c.name())));
      assertTrue(commands.stream().anyMatch(c -> "allows".equals(c.name())));
    }
  }

  @Test
  void sameInputSameText() {
    Policy p = hostile();
    assertEquals(PublicAccess.query(p, ResourceType.S3_BUCKET, null).text(),
        PublicAccess.query(hostile(), ResourceType.S3_BUCKET, null).text());
  }

  @Test
  void readableNamesPerStatement() {
    Policy p = hostile();
    String text = PublicAccess.query(p, ResourceType.S3_BUCKET, null).text();
    for (String name : List.of("st0.principal", "st0.action", "st0.resource", "st0.conditions", "st0.matches",
        "st1.matches", "allowed_by_some", "denied_by_some", "allows")) {
      assertTrue(text.contains("(define-fun " + name + " () Bool"), name);
    }
  }
}
