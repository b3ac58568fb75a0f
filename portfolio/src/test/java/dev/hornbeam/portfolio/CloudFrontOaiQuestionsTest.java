package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.DifferenceQuestionsTest.solved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.CheckAnswer.Verdict;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bucket policies granting a CloudFront origin access identity (Amazon CloudFront Developer Guide,
 * "Restricting access to an Amazon S3 origin", legacy OAI: its example policy), answered on real solvers.
 * Until the OAI was a caller of the model, every question about every caller was UNKNOWN here (FAIL).
 */
class CloudFrontOaiQuestionsTest extends CheckerFixture {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final String E1 = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC";
  static final String E2 = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZ";
  static final String CANONICAL = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
  static final String OWNER = "111122223333";

  static String oai(String arn) {
    return Policies.st("Allow", "{\"AWS\": \"" + arn + "\"}", "s3:GetObject", "arn:aws:s3:::tutorial-bucket/*", null);
  }

  static final String OWNER_LIST = Policies.st("Allow", "{\"AWS\": \"arn:aws:iam::" + OWNER + ":root\"}", "s3:ListBucket",
      "arn:aws:s3:::tutorial-bucket", null);

  static RequestPrincipal.CloudFrontOai witnessOai(CheckAnswer a) {
    return assertInstanceOf(RequestPrincipal.CloudFrontOai.class, a.witness().orElseThrow().principal(), a::toString);
  }

  @Test
  void anotherOaiIsNewAccessWithThatOaiAsWitness() {
    Policy e1 = Policies.of(oai(E1), OWNER_LIST);
    Policy e2 = Policies.of(oai(E2), OWNER_LIST);
    CheckAnswer a = solved(checker.noNewAccess(e1, e2, ResourceType.S3_BUCKET, DEADLINE), e2, e1);
    assertEquals(Verdict.FAIL, a.verdict(), a::toString);
    assertEquals(E2, witnessOai(a).arn());
    assertTrue(a.witnessText().contains("CloudFront origin access identity " + E2), a::witnessText);
  }

  @Test
  void removingAStatementIsNoNewAccess() {
    Policy both = Policies.of(oai(E1), OWNER_LIST);
    for (Policy fewer : List.of(Policies.of(oai(E1)), Policies.of(OWNER_LIST))) {
      assertEquals(Verdict.PASS, solved(checker.noNewAccess(both, fewer, ResourceType.S3_BUCKET, DEADLINE), fewer, both).verdict());
    }
    assertEquals(Verdict.PASS, solved(checker.noNewAccess(both, both, ResourceType.S3_BUCKET, DEADLINE), both, both).verdict());
  }

  @Test
  void theCanonicalUserFormMayNameAnotherOai() {
    // Which canonical user id is which OAI's cannot be told from the policies: naming the OAI by ARN
    // instead of by a canonical user id may grant a caller the old policy did not (fail closed).
    Policy canonical = Policies.of(Policies.st("Allow", "{\"CanonicalUser\": \"" + CANONICAL + "\"}", "s3:GetObject",
        "arn:aws:s3:::tutorial-bucket/*", null));
    Policy byArn = Policies.of(oai(E1));
    CheckAnswer a = solved(checker.noNewAccess(canonical, byArn, ResourceType.S3_BUCKET, DEADLINE), byArn, canonical);
    assertEquals(Verdict.FAIL, a.verdict(), a::toString);
    assertEquals(E1, witnessOai(a).arn());
  }

  @Test
  void theOaiIsOutsideTheAccountAndNoStranger() {
    Policy p = Policies.of(oai(E1), OWNER_LIST);
    CheckAnswer cross = solved(checker.crossAccount(p, ResourceType.S3_BUCKET, OWNER, DEADLINE), p, null);
    assertEquals(Verdict.FAIL, cross.verdict(), cross::toString);
    assertEquals(E1, witnessOai(cross).arn());
    FindingsAnswer f = FindingsTest.checked(p, ResourceType.S3_BUCKET, "arn:aws:s3:::tutorial-bucket", new Zone.Account(OWNER));
    assertEquals(1, f.findings().size(), f::toString);
    Finding only = f.findings().get(0);
    assertEquals(List.of("AWS " + E1), only.described().principals(), f::toString);
    assertEquals(PublicAccessAnswer.Result.NOT_PUBLIC, checker.isPublic(p, ResourceType.S3_BUCKET, DEADLINE).result());
  }
  /** A statement granting everyone {@code action} on {@code resource} when {@code key} is the text "*". */
  static String starAccount(String action, String resource, String key) {
    return Policies.st("Allow", "\"*\"", action, resource, "{\"StringEquals\": {\"" + key + "\": \"*\"}}");
  }

  @Test
  void anOaiCallsOnlyS3() {
    // The shape of the corpus's kms/custodian__test_cross_account_kms_condition_keys_3…: no AWS identity's
    // account is the text "*", and only an OAI (whose account keys are free but for 12 digits) could carry
    // it. An OAI calls only S3, so the key grants nobody outside the account.
    Policy key = Policies.of(starAccount("kms:Encrypt", "*", "kms:CallerAccount"));
    CheckAnswer kms = solved(checker.crossAccount(key, ResourceType.KMS_KEY, OWNER, DEADLINE), key, null);
    assertEquals(Verdict.PASS, kms.verdict(), kms::toString);
    // The same condition on a bucket still lets an OAI in.
    Policy bucket = Policies.of(starAccount("s3:GetObject", "arn:aws:s3:::tutorial-bucket/*", "aws:PrincipalAccount"));
    CheckAnswer s3 = solved(checker.crossAccount(bucket, ResourceType.S3_BUCKET, OWNER, DEADLINE), bucket, null);
    assertEquals(Verdict.FAIL, s3.verdict(), s3::toString);
    witnessOai(s3);
  }
}
