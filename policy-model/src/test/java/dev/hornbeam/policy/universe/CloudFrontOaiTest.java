package dev.hornbeam.policy.universe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A CloudFront origin access identity as a caller (Amazon CloudFront Developer Guide, "Restricting access
 * to an Amazon S3 origin", legacy OAI; its example bucket policy names EH1HDMB1FH2TC by ARN and, in the
 * older form, by S3 canonical user id). docs/semantics.md, "Who can call".
 */
class CloudFrontOaiTest {
  static final String ARN = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC";
  static final String CANONICAL = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
  static final RequestPrincipal OAI = new RequestPrincipal.CloudFrontOai(ARN, CANONICAL);
  static final RequestPrincipal OTHER_OAI = RequestPrincipal.CloudFrontOai.of("E2OTHER", CANONICAL + "0");

  static Policy policy(String principal) {
    return PolicyParser.parse("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": %s,
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""".formatted(principal),
        PolicyKind.RESOURCE).policy();
  }

  static boolean allows(Policy p, RequestPrincipal who, Map<String, ContextValue> context) {
    return Evaluator.evaluate(p, new Request(who, "s3:GetObject", "arn:aws:s3:::tutorial-bucket/k", context)).outcome()
        == Outcome.ALLOW;
  }

  @Test
  void theOaiIsMatchedByItsArnItsCanonicalUserIdAndStarOnly() {
    assertTrue(allows(policy("{\"AWS\": \"" + ARN + "\"}"), OAI, Map.of()));
    assertTrue(allows(policy("{\"CanonicalUser\": \"" + CANONICAL + "\"}"), OAI, Map.of()));
    assertTrue(allows(policy("\"*\""), OAI, Map.of()));
    assertTrue(allows(policy("{\"AWS\": \"*\"}"), OAI, Map.of()));
    assertFalse(allows(policy("{\"AWS\": \"" + ARN + "\"}"), OTHER_OAI, Map.of()));
    assertFalse(allows(policy("{\"CanonicalUser\": \"" + CANONICAL + "\"}"), OTHER_OAI, Map.of()));
    // of no 12-digit account
    assertFalse(allows(policy("{\"AWS\": \"arn:aws:iam::111122223333:root\"}"), OAI, Map.of()));
    // NotPrincipal naming it excludes it; naming something else includes it
    Policy notOai = PolicyParser.parse("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "%s"},
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tutorial-bucket/*"}]}""".formatted(ARN), PolicyKind.RESOURCE).policy();
    assertFalse(allows(notOai, OAI, Map.of()));
    assertTrue(allows(notOai, OTHER_OAI, Map.of()));
  }

  @Test
  void kindIsTheOaiOnlyForAnOaiArn() {
    assertEquals(Optional.of(PrincipalKind.CLOUDFRONT_OAI), PrincipalKind.of(OAI));
    assertEquals(Optional.of(PrincipalKind.CLOUDFRONT_OAI),
        PrincipalKind.of(new RequestPrincipal.CloudFrontOai(ARN.replace("aws:", "aws-cn:"), "c")));
    assertEquals(Optional.empty(), PrincipalKind.of(new RequestPrincipal.CloudFrontOai("arn:aws:iam::cloudfront:user/x", "c")));
    assertEquals(Optional.empty(), PrincipalKind.of(new RequestPrincipal.CloudFrontOai(ARN + " ", "c")));
    assertFalse(PrincipalKind.CLOUDFRONT_OAI.isAwsIdentity());
    assertFalse(PrincipalKind.CLOUDFRONT_OAI.carriesIdentityPolicies());
  }

  @Test
  void derivedKeysAreFreeButPrincipalArnAndTheAccountKeys() {
    assertEquals(new Derived.AbsentOr(ARN), DerivedKeys.of(OAI, "aws:PrincipalArn"));
    assertInstanceOf(Derived.NotAccount.class, DerivedKeys.of(OAI, "aws:PrincipalAccount"));
    assertInstanceOf(Derived.NotAccount.class, DerivedKeys.of(OAI, "kms:CallerAccount"));
    for (String k : List.of("aws:PrincipalType", "aws:userid", "aws:username", "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName", "aws:FederatedProvider", "aws:PrincipalOrgID", "aws:PrincipalTag/team",
        "accounts.google.com:aud")) {
      assertInstanceOf(Derived.Free.class, DerivedKeys.of(OAI, k), k);
    }
    List<String> keys = List.of("aws:principalarn", "aws:principalaccount");
    assertNull(Realistic.problem(request(Map.of()), keys));
    assertNull(Realistic.problem(request(Map.of("aws:PrincipalArn", ContextValue.single(ARN),
        "aws:PrincipalAccount", ContextValue.single("cloudfront"))), keys));
    assertNotNull(Realistic.problem(request(Map.of("aws:PrincipalArn", ContextValue.single("arn:aws:iam::111122223333:root"))), keys));
    assertNotNull(Realistic.problem(request(Map.of("aws:PrincipalAccount", ContextValue.single("111122223333"))), keys));
    Request fixed = Realistic.withDerivedKeys(request(Map.of("aws:PrincipalArn", ContextValue.single("x"),
        "aws:PrincipalAccount", ContextValue.single("111122223333"), "aws:userid", ContextValue.single("u"))), keys);
    assertNull(Realistic.problem(fixed, keys));
    assertEquals(Map.of("aws:userid", ContextValue.single("u")), fixed.context()); // free: kept
    assertNull(Realistic.problem(Realistic.withDerivedKeys(request(Map.of()), List.of("aws:userid")), List.of("aws:userid")));
  }

  @Test
  void anOaiCallsOnlyS3() {
    assertNull(Realistic.problem(new Request(OAI, "s3:PutObject", "arn:aws:s3:::b/k", Map.of()), List.of()));
    assertNull(Realistic.problem(new Request(OAI, "S3:ListBucket", "arn:aws:s3:::b", Map.of()), List.of()));
    assertEquals("a CloudFront origin access identity calls only Amazon S3, not kms:Encrypt",
        Realistic.problem(new Request(OAI, "kms:Encrypt", "arn:aws:kms:us-east-1:111122223333:key/k", Map.of()), List.of()));
    assertNotNull(Realistic.problem(new Request(OAI, "s3express:CreateSession", "arn:aws:s3express:::b", Map.of()), List.of()));
  }

  private static Request request(Map<String, ContextValue> context) {
    return new Request(OAI, "s3:GetObject", "arn:aws:s3:::tutorial-bucket/k", context);
  }

  @Test
  void theOaiIsNoStrangerButOutsideEveryAccount() {
    Policy p = policy("{\"AWS\": \"" + ARN + "\"}");
    Request r = request(Map.of());
    assertFalse(PublicMeaning.isStranger(p, r, ResourceType.S3_BUCKET));
    assertTrue(Zone.isOutside(new Zone.Account("111122223333"), p, r, "s3"));
    Zone org = new Zone.Organization("o-aaaaaaaaaa", List.of("111122223333"));
    assertTrue(Zone.isOutside(org, p, r, "s3"));
    assertFalse(Zone.isOutside(org, p, request(Map.of("aws:PrincipalOrgID", ContextValue.single("o-aaaaaaaaaa"))), "s3"));
  }
}
