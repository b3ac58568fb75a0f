package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CloudFront origin access identity (Amazon S3 User Guide's CloudFront tutorial bucket policy) is no caller
 * of the model: the public-access question is exact without it (no stranger is one), the difference
 * question is left undecided (a gap: UNKNOWN, FAIL), never a PASS that misses the identity's requests.
 */
class UnmodelledPrincipalTest {
  static final Policy OAI = PolicyParser.parse("""
      {"Version": "2008-10-17", "Id": "PolicyForCloudFrontPrivateContent", "Statement": [{"Sid": "1", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""", PolicyKind.RESOURCE).policy();
  static final Policy NOTHING = PolicyParser.parse("""
      {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""", PolicyKind.RESOURCE).policy();

  @Test
  void anOriginAccessIdentityIsAGapWhereEveryCallerCounts() {
    assertTrue(PublicAccess.query(OAI, ResourceType.S3_BUCKET, null).exact());
    Query difference = Difference.query(OAI, NOTHING, Scope.of(ResourceType.S3_BUCKET));
    assertEquals(1, difference.gaps().size(), difference.gaps()::toString);
    assertTrue(difference.gaps().get(0).contains("CloudFront origin access identity"));
    assertTrue(Difference.query(NOTHING, OAI, Scope.of(ResourceType.S3_BUCKET)).gaps().size() == 1);
    assertTrue(Difference.query(NOTHING, NOTHING, Scope.of(ResourceType.S3_BUCKET)).exact());
    Query account = Coverage.query(OAI, List.of(OAI), List.of(), ResourceType.S3_BUCKET, null, new Zone.Account("111122223333"));
    assertEquals(1, account.gaps().size(), account.gaps()::toString);
  }
}
