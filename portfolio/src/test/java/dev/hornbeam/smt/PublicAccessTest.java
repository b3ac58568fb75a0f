package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public-access question on documented examples; every PUBLIC witness is re-checked. */
class PublicAccessTest {

  /** Solves on both solvers; for SAT, checks the witness with the reference evaluator and returns it. */
  static boolean isPublic(Policy p, ResourceType type) {
    Query q = PublicAccess.query(p, type, null);
    assertTrue(q.exact(), () -> "gaps: " + q.gaps());
    Solve.Answer a = Solve.both(q);
    if (a.sat()) {
      Request w = q.witness(a.model());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, w).outcome(), () -> "witness " + w + "\n" + q.text());
      assertNull(PublicMeaning.whyNotStranger(p, w, type), () -> "witness is no stranger: " + w);
    }
    return a.sat();
  }

  static Policy statement(String st) {
    return QueryTextTest.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + st + "]}");
  }

  static String st(String effect, String principal, String action, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action
        + "\",\"Resource\":\"*\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  /** The witness of a policy that must be public (both solvers; checked as in {@link #isPublic}). */
  static Request witness(Policy p, ResourceType type) {
    Query q = PublicAccess.query(p, type, null);
    assertTrue(q.exact(), () -> "gaps: " + q.gaps());
    Solve.Answer a = Solve.both(q);
    assertTrue(a.sat(), "expected PUBLIC");
    Request w = q.witness(a.model());
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, w).outcome(), () -> "witness " + w);
    assertNull(PublicMeaning.whyNotStranger(p, w, type), () -> "witness is no stranger: " + w);
    return w;
  }

  // Issue 13: callers the encoder's world used to lack (account root users, STS federated users).

  @Test
  void theRootUserOfEveryAccountIsPublic() {
    Request w = witness(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}")), ResourceType.S3_BUCKET);
    assertEquals(PrincipalKind.ACCOUNT_ROOT, PrincipalKind.of(w.principal()).orElseThrow(), w::toString);
  }

  @Test
  void everyFederatedUserIsPublic() {
    Request w = witness(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:sts::*:federated-user/*\"}}")), ResourceType.S3_BUCKET);
    assertEquals(PrincipalKind.FEDERATED_USER, PrincipalKind.of(w.principal()).orElseThrow(), w::toString);
  }

  @Test
  void aDenyThatSparesOnlyRootUsersLeavesThemPublic() {
    Request w = witness(statement(st("Allow", "\"*\"", "s3:GetObject", null) + ","
        + st("Deny", "\"*\"", "s3:*", "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}")),
        ResourceType.S3_BUCKET);
    assertEquals(PrincipalKind.ACCOUNT_ROOT, PrincipalKind.of(w.principal()).orElseThrow(), w::toString);
  }

  @Test
  void roleSessionsArePublicUnderTheirRoleArn() {
    // aws:PrincipalArn of a role session is the role's ARN, path included (global condition keys page).
    Request w = witness(statement(st("Allow", "\"*\"", "sqs:SendMessage",
        "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/ops/*\"},"
            + "\"StringEquals\":{\"aws:PrincipalType\":\"AssumedRole\"}}")), ResourceType.SQS_QUEUE);
    assertEquals(PrincipalKind.ROLE_SESSION, PrincipalKind.of(w.principal()).orElseThrow(), w::toString);
  }

  @Test
  void derivedKeysFollowTheCaller() {
    // An anonymous caller's aws:PrincipalType is "Anonymous", never "User"; only IAM users have aws:username.
    assertFalse(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"StringEquals\":{\"aws:PrincipalType\":\"User\"},\"Null\":{\"aws:username\":\"true\",\"aws:PrincipalAccount\":\"false\"}}")),
        ResourceType.S3_BUCKET));
    Request w = witness(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"StringEquals\":{\"aws:PrincipalType\":\"User\"},\"StringLike\":{\"aws:userid\":\"AIDA*\"},"
            + "\"Null\":{\"aws:PrincipalAccount\":\"false\"}}")),
        ResourceType.S3_BUCKET);
    assertEquals(PrincipalKind.IAM_USER, PrincipalKind.of(w.principal()).orElseThrow(), w::toString);
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"StringEquals\":{\"aws:PrincipalType\":\"FederatedUser\"},\"StringLike\":{\"aws:userid\":\"*:bob\"}}")),
        ResourceType.S3_BUCKET));
  }

  @Test
  void aNamedRoleSpansItsSessionsButOtherSessionsOfItsAccountAreStrangers() {
    assertFalse(isPublic(statement(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:role/app\"}", "s3:GetObject", null)),
        ResourceType.S3_BUCKET));
    assertFalse(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject",
        "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/app\"}}")), ResourceType.S3_BUCKET));
  }

  // S3 User Guide, "The meaning of public": the examples listed there.

  @Test
  void webIdentityFederationIsPublic() {
    assertTrue(isPublic(statement(st("Allow", "{\"Federated\":\"graph.facebook.com\"}", "s3:PutObject", null)), ResourceType.S3_BUCKET));
  }

  @Test
  void wildcardPrincipalIsPublic() {
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:PutObject", null)), ResourceType.S3_BUCKET));
  }

  @Test
  void binaryWitnessesAreWellFormedBase64() {
    // Found by PublicAccessProperties: the witness held "!0!" as a binary value.
    assertTrue(isPublic(statement(st("Allow", "{\"Federated\":\"cognito-identity.amazonaws.com\"}", "*",
        "{\"BinaryEqualsIfExists\":{\"ex:Blob\":[\"QUJD\",\"QUJDRA==\"]}}") + ","
        + st("Deny", "\"*\"", "s3:*", "{\"BinaryEquals\":{\"ex:Blob\":\"QUJD\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void witnessesReadAsPlainWords() {
    Policy p = statement(st("Allow", "\"*\"", "s3:GetObject", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/7\"},"
        + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}"));
    Query q = PublicAccess.query(p, ResourceType.S3_BUCKET, "arn:aws:s3:::examplebucket");
    Solve.Answer a = Solve.both(q);
    assertTrue(a.sat());
    String text = WitnessText.describe(q.witness(a.model()));
    assertTrue(text.matches("(anonymous caller|IAM (user|role) arn:aws:iam::\\d{12}:\\S+ \\(account \\d{12}\\)|federated user of \\S+)"
        + " calls s3:getobject on arn:aws:s3:::examplebucket(/.*)?( \\(not a resource of a type s3:getobject accepts[^)]*\\))?, with aws:SecureTransport = true, aws:SourceIp = 1[01](\\.\\d+){3}"), text);
  }

  @Test
  void wildcardInAFixedValueKeyIsPublic() {
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:PutObject", "{\"StringLike\":{\"aws:SourceVpc\":\"vpc-*\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void aWildcardCharacterInAnExactMatchValueIsNoFixedValue() {
    // Amazon S3 User Guide, "The meaning of public": non-public means "fixed values (values that don't
    // contain a wildcard)", whatever the operator: StringEquals "vpc-*" is public although it matches "*" as
    // a plain character.
    for (String op : List.of("StringEquals", "StringEqualsIgnoreCase", "StringNotEquals")) {
      // StringNotEquals: a Deny "unless from vpc-*", which only the value vpc-* escapes
      String condition = "{\"" + op + "\":{\"aws:SourceVpc\":\"vpc-*\"}}";
      Policy p = op.equals("StringNotEquals")
          ? statement(st("Allow", "\"*\"", "s3:PutObject", null) + "," + st("Deny", "\"*\"", "s3:PutObject", condition))
          : statement(st("Allow", "\"*\"", "s3:PutObject", condition));
      assertTrue(isPublic(p, ResourceType.S3_BUCKET), op);
    }
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"StringEquals\":{\"aws:SourceArn\":\"*\"}}")),
        ResourceType.S3_BUCKET));
    // ${*} is a literal asterisk ("Variables and tags", "Special characters"), not a wildcard: still fixed
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:PutObject",
        "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-${*}\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void fixedVpcIsNotPublic() {
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:PutObject", "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-91237329\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void ipBlocksBroaderThanSlash8RestrictNothing() {
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/7\"}}")), ResourceType.S3_BUCKET));
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")), ResourceType.S3_BUCKET));
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/31\"}}")), ResourceType.S3_BUCKET));
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void roleIdPrefixOfUserIdRestricts() {
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:GetObject", "{\"StringLike\":{\"aws:userid\":\"AROAEXAMPLEID:*\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void wildcardPrincipalArnDoesNotRestrict() {
    assertTrue(isPublic(statement(st("Allow", "{\"AWS\":\"*\"}", "s3:GetObject",
        "{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/*\"}}")), ResourceType.S3_BUCKET));
    assertEquals(false, isPublic(statement(st("Allow", "{\"AWS\":\"*\"}", "s3:GetObject",
        "{\"StringEquals\":{\"aws:PrincipalAccount\":\"111122223333\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void everythingButOneUserIsPublic() {
    // checkov labels this not-public; it grants every principal except one user, which is public.
    assertTrue(isPublic(statement(st("Allow", "{\"AWS\":\"*\"}", "s3:GetObject",
        "{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/bob\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void denyUnlessFromMyEndpointIsNotPublic() {
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "s3:*", null) + ","
        + st("Deny", "\"*\"", "s3:*", "{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}}")), ResourceType.S3_BUCKET));
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "s3:*", null) + ","
        + st("Deny", "\"*\"", "s3:*", "{\"StringNotLike\":{\"aws:SourceVpce\":\"vpce-*\"}}")), ResourceType.S3_BUCKET));
  }

  @Test
  void namedAccountsAndServicesAreNotPublic() {
    assertEquals(false, isPublic(statement(st("Allow", "{\"AWS\":[\"111122223333\",\"arn:aws:iam::444455556666:role/r\"],"
        + "\"Service\":\"cloudtrail.amazonaws.com\"}", "s3:*", null)), ResourceType.S3_BUCKET));
    assertTrue(isPublic(statement("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
        ResourceType.S3_BUCKET));
  }

  @Test
  void actionsOfAnotherServiceDoNotCount() {
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "sqs:SendMessage", null)), ResourceType.S3_BUCKET));
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "sqs:SendMessage", null)), ResourceType.SQS_QUEUE));
    assertTrue(isPublic(statement(st("Allow", "\"*\"", "*", null)), ResourceType.KMS_KEY));
  }

  @Test
  void kmsCallerAccountRestricts() {
    assertEquals(false, isPublic(statement(st("Allow", "{\"AWS\":\"*\"}", "kms:Decrypt",
        "{\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\",\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}")), ResourceType.KMS_KEY));
  }

  @Test
  void sourceArnWildcardOnlyAfterFixedAccountIsStillPublic() {
    assertTrue(isPublic(statement(st("Allow", "{\"Service\":\"sns.amazonaws.com\"}", "sqs:SendMessage", null) + ","
        + st("Allow", "\"*\"", "sqs:SendMessage", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:111122223333:*\"}}")), ResourceType.SQS_QUEUE));
    assertEquals(false, isPublic(statement(st("Allow", "\"*\"", "sqs:SendMessage",
        "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:topic\"}}")), ResourceType.SQS_QUEUE));
  }
}
