package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.api.BoolFormula;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CloudFront origin access identity (the Amazon CloudFront Developer Guide's bucket policy, "Restricting
 * access to an Amazon S3 origin") is a caller of the model: every question about it is exact (no gap), the
 * OAI entry is its own kind of caller, and the canonical-user entry also names OAIs. The answers are
 * checked with solvers in portfolio's {@code CloudFrontOaiQuestionsTest}.
 */
class CloudFrontOaiQueryTest {
  static final String ARN = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC";
  static final Policy OAI = PolicyParser.parse("""
      {"Version": "2008-10-17", "Id": "PolicyForCloudFrontPrivateContent", "Statement": [{"Sid": "1", "Effect": "Allow",
        "Principal": {"AWS": "%s"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""".formatted(ARN), PolicyKind.RESOURCE).policy();
  static final Policy NOTHING = PolicyParser.parse("""
      {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""", PolicyKind.RESOURCE).policy();

  @Test
  void everyQuestionAboutAnOaiPolicyIsExact() {
    assertTrue(PublicAccess.query(OAI, ResourceType.S3_BUCKET, null).exact());
    for (Query q : List.of(Difference.query(OAI, NOTHING, Scope.of(ResourceType.S3_BUCKET)),
        Difference.query(NOTHING, OAI, Scope.of(ResourceType.S3_BUCKET)),
        Coverage.query(OAI, List.of(OAI), List.of(), ResourceType.S3_BUCKET, null, new Zone.Account("111122223333")))) {
      assertEquals(List.of(), q.gaps());
    }
  }

  @Test
  void theOaiEntryNamesTheOaiKindAndCanonicalUserEntriesNameOaisToo() {
    assertEquals(BoolFormula.and(RequestVars.kind(RequestVars.CLOUDFRONT_OAI), Terms.eq(RequestVars.ARN_VAR, ARN)),
        PolicyEncoder.awsEntry(ARN));
    Policy canonical = PolicyParser.parse("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"CanonicalUser": "c0ffee"},
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""", PolicyKind.RESOURCE).policy();
    String script = Difference.query(canonical, NOTHING, Scope.of(ResourceType.S3_BUCKET)).text();
    assertTrue(script.contains("(or (= p.kind 4) (= p.kind 5))"), script);
    assertTrue(script.contains("CloudFront Origin Access Identity"), script); // the OAI kind's ARN shape
  }
}
