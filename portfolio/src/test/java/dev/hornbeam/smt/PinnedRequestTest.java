package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encoding per operator family and qualifier: the pinned query is SAT iff the evaluator allows. */
class PinnedRequestTest {
  static final RequestPrincipal ALICE = new RequestPrincipal.Aws("111122223333", "arn:aws:iam::111122223333:user/alice");
  static final RequestPrincipal ANON = new RequestPrincipal.Anonymous();

  static Request req(RequestPrincipal p, String action, String resource, Map<String, ContextValue> ctx) {
    return new Request(p, action, resource, ctx);
  }

  /** Asserts solver and evaluator agree, and returns the evaluator's verdict. */
  static boolean agree(Policy p, Request r) {
    Query q = PinnedRequest.query(p, r);
    assertTrue(q.exact(), () -> "gaps: " + q.gaps());
    boolean allowed = Evaluator.evaluate(p, r).outcome() == Outcome.ALLOW;
    Solve.Answer a = Solve.both(q);
    assertEquals(allowed, a.sat(), () -> "evaluator says " + allowed + " for " + r + "\n" + q.text());
    return allowed;
  }

  static Policy policy(String statements) {
    return QueryTextTest.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
  }

  static String allow(String principal, String action, String resource, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\""
        + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  @Test
  void principalsActionsResources() {
    Policy p = policy(allow("{\"AWS\":\"111122223333\"}", "s3:Get*", "arn:aws:s3:::b/*", null));
    assertTrue(agree(p, req(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", Map.of())));
    assertTrue(agree(p, req(ALICE, "S3:GETOBJECT", "arn:aws:s3:::b/k:x", Map.of())));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "arn:aws:s3:::b/k", Map.of())));
    assertEquals(false, agree(p, req(ALICE, "s3:PutObject", "arn:aws:s3:::b/k", Map.of())));
    assertEquals(false, agree(p, req(ALICE, "s3:GetObject", "arn:aws:s3:::c/k", Map.of())));
  }

  @Test
  void arnFieldsDoNotLeakAcrossColons() {
    Policy p = policy(allow("\"*\"", "sqs:*", "arn:aws:sqs:*:111122223333:q", null));
    assertTrue(agree(p, req(ANON, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", Map.of())));
    assertEquals(false, agree(p, req(ANON, "sqs:SendMessage", "arn:aws:sqs:us:east:111122223333:q", Map.of())));
  }

  @Test
  void stringOperatorsAndVariables() {
    Policy p = policy(allow("\"*\"", "s3:*", "arn:aws:s3:::b/${aws:username}/*",
        "{\"StringLike\":{\"aws:Referer\":[\"https://ex.com/*\",\"x?z\"]},\"StringNotEqualsIgnoreCase\":{\"aws:UserAgent\":\"Bot\"}}"));
    Map<String, ContextValue> ok = Map.of("aws:username", ContextValue.single("al"), "aws:Referer",
        ContextValue.single("https://ex.com/p"), "aws:UserAgent", ContextValue.single("curl"));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "arn:aws:s3:::b/al/k", ok)));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "arn:aws:s3:::b/bob/k", ok)));
    Map<String, ContextValue> bot = new java.util.HashMap<>(ok);
    bot.put("aws:UserAgent", ContextValue.single("bOT"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "arn:aws:s3:::b/al/k", bot)));
    Map<String, ContextValue> oneChar = new java.util.HashMap<>(ok);
    oneChar.put("aws:Referer", ContextValue.single("x😀z"));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "arn:aws:s3:::b/al/k", oneChar)));
  }

  @Test
  void typedOperators() {
    Policy p = policy(allow("\"*\"", "s3:*", "*",
        "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"1.5\"},\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"},"
            + "\"Bool\":{\"aws:SecureTransport\":\"true\"},\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}}"));
    Map<String, ContextValue> ctx = new java.util.HashMap<>(Map.of("s3:max-keys", ContextValue.single("1.50"),
        "aws:CurrentTime", ContextValue.single("2021-05-05T10:00:00Z"), "aws:SecureTransport", ContextValue.single("TRUE"),
        "aws:SourceIp", ContextValue.single("10.1.2.3")));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:SourceIp", ContextValue.single("2001:db8::1"));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:SourceIp", ContextValue.single("11.0.0.1"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:SourceIp", ContextValue.single("10.0.0.1"));
    ctx.put("s3:max-keys", ContextValue.single("1.51"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("s3:max-keys", ContextValue.single("abc"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", ctx)));
  }

  @Test
  void setQualifiersAndNull() {
    Policy p = policy(allow("\"*\"", "s3:*", "*",
        "{\"ForAllValues:StringLike\":{\"aws:TagKeys\":[\"a*\",\"b\"]},\"ForAnyValue:StringEquals\":{\"aws:PrincipalOrgPaths\":\"o/r\"},"
            + "\"Null\":{\"aws:SourceVpce\":\"true\"}}"));
    Map<String, ContextValue> ctx = new java.util.HashMap<>(Map.of("aws:TagKeys", ContextValue.multi("ax", "b"),
        "aws:PrincipalOrgPaths", ContextValue.multi("x", "o/r")));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:TagKeys", ContextValue.multi("ax", "c"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:TagKeys", ContextValue.multi());
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", ctx)));
    ctx.put("aws:SourceVpce", ContextValue.single("vpce-1"));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", ctx)));
  }

  @Test
  void ifExistsAndNegatedOperatorsOnAbsentKeys() {
    Policy p = policy(allow("\"*\"", "s3:*", "*",
        "{\"StringEqualsIfExists\":{\"aws:SourceVpce\":\"vpce-1\"},\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"},"
            + "\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},\"ForAnyValue:StringLikeIfExists\":{\"aws:TagKeys\":\"t*\"}}"));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", Map.of())));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:SourceVpce", ContextValue.single("vpce-1"),
        "s3:max-keys", ContextValue.single("9.99"), "aws:TagKeys", ContextValue.multi("a", "tb")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:SourceVpce", ContextValue.single("vpce-2")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("s3:max-keys", ContextValue.single("10")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:SourceIp", ContextValue.single("10.9.9.9")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:TagKeys", ContextValue.multi("a")))));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:TagKeys", ContextValue.multi()))));
  }

  @Test
  void principalKindsAndRoleSessions() {
    Policy p = policy(allow("{\"AWS\":\"arn:aws:iam::111122223333:role/path/R\",\"Service\":\"sns.amazonaws.com\","
        + "\"Federated\":\"cognito-identity.amazonaws.com\",\"CanonicalUser\":\"abc\"}", "sqs:SendMessage", "*", null));
    assertTrue(agree(p, req(new RequestPrincipal.Aws("111122223333", "arn:aws:sts::111122223333:assumed-role/R/s"), "sqs:SendMessage", "q", Map.of())));
    assertEquals(false, agree(p, req(new RequestPrincipal.Aws("111122223333", "arn:aws:sts::111122223333:assumed-role/R2/s"), "sqs:SendMessage", "q", Map.of())));
    assertTrue(agree(p, req(new RequestPrincipal.Service("sns.amazonaws.com"), "sqs:SendMessage", "q", Map.of())));
    assertTrue(agree(p, req(new RequestPrincipal.Federated("cognito-identity.amazonaws.com"), "sqs:SendMessage", "q", Map.of())));
    assertTrue(agree(p, req(new RequestPrincipal.CanonicalUser("abc"), "sqs:SendMessage", "q", Map.of())));
    assertEquals(false, agree(p, req(ALICE, "sqs:SendMessage", "q", Map.of())));
  }

  @Test
  void binaryValuesCompareAsBytes() {
    Policy p = policy(allow("\"*\"", "s3:*", "*", "{\"BinaryEquals\":{\"ex:Blob\":\"QQ==\"}}"));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", Map.of("ex:Blob", ContextValue.single("QQ==")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("ex:Blob", ContextValue.single("QUI=")))));
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of("ex:Blob", ContextValue.single("!0!")))));
    agree(p, req(ANON, "s3:GetObject", "x", Map.of("ex:Blob", ContextValue.single("QR=="))));
  }

  @Test
  void denyBeatsAllow() {
    Policy p = policy(allow("\"*\"", "s3:*", "*", null)
        + ",{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-1\"}}}");
    assertEquals(false, agree(p, req(ANON, "s3:GetObject", "x", Map.of())));
    assertTrue(agree(p, req(ANON, "s3:GetObject", "x", Map.of("aws:SourceVpce", ContextValue.single("vpce-1")))));
  }
}
