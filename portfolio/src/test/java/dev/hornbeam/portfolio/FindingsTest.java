package dev.hornbeam.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Findings end to end on real solvers (native first, every native UNSAT confirmed by Z3 and cvc5): the CAV
 * 2020 paper's example and Access Analyzer's kinds of findings, each with both guarantees checked.
 */
class FindingsTest extends CheckerFixture {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final Zone OWN = new Zone.Account("111122223333");

  /** Both guarantees on the answer's own terms: proved coverage, and each finding's witness rechecked. */
  static FindingsAnswer checked(Policy p, ResourceType type, String arn, Zone zone) {
    FindingsAnswer a = checker.findings(p, type, arn, zone, DEADLINE);
    assertEquals(FindingsAnswer.Coverage.PROVED, a.coverage(), a::toString);
    for (Finding f : a.findings()) {
      Request w = f.witness().orElseThrow();
      String version = p.version() == null ? Policy.VERSION_2008 : p.version();
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, w).outcome(), f::toString);
      assertTrue(f.contains(w, version), f::toString);
      assertTrue(Zone.isOutside(zone, p, w, type), f::toString);
      assertFalse(f.statements().isEmpty(), f::toString);
      assertFalse(f.words().isEmpty());
    }
    return a;
  }

  static Set<List<String>> conditions(FindingsAnswer a) {
    return a.findings().stream().map(f -> {
      List<String> c = new java.util.ArrayList<>(f.described().conditions());
      f.described().unless().forEach(u -> c.add("unless " + u));
      c.sort(null);
      return c;
    }).collect(Collectors.toSet());
  }

  /**
   * CAV 2020, "Stratified Abstraction of Access Control Policies", the running example: keys SourceVpc ∈
   * {vpc-a, vpc-b} and OrgID ∈ {o-1, o-2}, P = Allow(vpc-a ∨ vpc-b) ∪ Allow(o-2) − Deny(¬o-1 ∧ vpc-b).
   * The allowed set is (vpc-a) ∨ (vpc-b ∧ o-1) ∨ (o-2 ∧ ¬vpc-b): three findings, each exact and prime.
   */
  @Test
  void cav2020Example() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
           "Condition":{"StringEquals":{"aws:SourceVpc":["vpc-a","vpc-b"]}}},
          {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
           "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-2"}}},
          {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
           "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"},"StringEquals":{"aws:SourceVpc":"vpc-b"}}}]}""");
    FindingsAnswer a = checked(p, ResourceType.S3_BUCKET, "arn:aws:s3:::b", OWN);
    assertEquals(Set.of(
        List.of("aws:SourceVpc StringEquals vpc-a"),
        List.of("aws:PrincipalOrgID StringEquals o-1", "aws:SourceVpc StringEquals vpc-b"),
        List.of("aws:PrincipalOrgID StringEquals o-2", "unless aws:SourceVpc StringEquals vpc-b")), conditions(a), a::toString);
    for (Finding f : a.findings()) {
      assertTrue(f.exact(), f::toString);
      assertEquals(List.of("s3:GetObject"), f.described().catalogueActions(), f::toString);
      assertEquals(List.of("arn:aws:s3:::b/*"), f.described().resources(), f::toString);
      assertEquals(List.of("anyone outside account 111122223333"), f.described().principals(), f::toString);
    }
  }

  /**
   * AWS KMS Developer Guide, "Key policies in AWS KMS", the example key policy: account 444455556666 may use
   * the key (five actions) and attach grants for AWS resources (three actions). Two findings, each found in
   * one round of the search: an exact finding's cube is tried with each other action of the policy, so the
   * eight actions do not take eight rounds (each asking a coverage question with one more excluded cube).
   */
  @Test
  void aPrincipalsActionsAreFoundInOneRound() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
          {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/KMSAdminUser","arn:aws:iam::111122223333:role/KMSAdminRole"]},
           "Action":["kms:Create*","kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*","kms:Revoke*","kms:Disable*",
             "kms:Get*","kms:Delete*","kms:TagResource","kms:UntagResource","kms:ScheduleKeyDeletion","kms:CancelKeyDeletion"],"Resource":"*"},
          {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/ExampleUser","arn:aws:iam::111122223333:role/ExampleRole","arn:aws:iam::444455556666:root"]},
           "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
          {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/ExampleUser","arn:aws:iam::111122223333:role/ExampleRole","arn:aws:iam::444455556666:root"]},
           "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}""");
    FindingsAnswer a = checked(p, ResourceType.KMS_KEY, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", OWN);
    assertEquals(2, a.findings().size(), a::toString);
    assertEquals(2, a.found(), "rounds of the search: " + a);
    assertEquals(Set.of(List.of(), List.of("kms:GrantIsForAWSResource Bool true")), conditions(a), a::toString);
    for (Finding f : a.findings()) {
      assertTrue(f.exact(), f::toString);
      assertEquals(List.of("AWS arn:aws:iam::444455556666:root"), f.described().principals(), f::toString);
    }
    assertEquals(Set.of(5, 3), a.findings().stream().map(f -> f.cubes().size()).collect(Collectors.toSet()), a::toString);
  }

  /** One account's actions granted by two statements: one finding, naming both statements. */
  @Test
  void aFindingNamesEveryStatementThatGrantsIt() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q"},
          {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:ReceiveMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}]}""");
    FindingsAnswer a = checked(p, ResourceType.SQS_QUEUE, "arn:aws:sqs:us-east-1:111122223333:q", OWN);
    assertEquals(1, a.findings().size(), a::toString);
    assertEquals(List.of(0, 1), a.findings().get(0).statements(), a::toString);
    assertEquals(List.of("sqs:ReceiveMessage", "sqs:SendMessage"), a.findings().get(0).described().catalogueActions().stream().sorted().toList(),
        a::toString);
  }

  /** Access to the own account only: no finding, proved. */
  @Test
  void ownAccountOnlyHasNoFinding() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
          "Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}]}""");
    FindingsAnswer a = checked(p, ResourceType.SQS_QUEUE, "arn:aws:sqs:us-east-1:111122223333:q", OWN);
    assertEquals(List.of(), a.findings());
  }

  /** Another account named: one finding naming it, with its actions and condition. */
  @Test
  void crossAccountFinding() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","111122223333"]},
           "Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
           "Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}""");
    FindingsAnswer a = checked(p, ResourceType.S3_BUCKET, "arn:aws:s3:::b", OWN);
    assertFalse(a.findings().isEmpty());
    for (Finding f : a.findings()) {
      assertEquals(List.of("AWS arn:aws:iam::444455556666:root"), f.described().principals(), f::toString);
      assertEquals(List.of("aws:SourceVpc StringEquals vpc-1"), f.described().conditions(), f::toString);
    }
    assertEquals(Set.of("s3:GetObject", "s3:ListBucket"), a.findings().stream()
        .flatMap(f -> f.described().catalogueActions().stream()).collect(Collectors.toSet()), a::toString);
  }

  /** An organization's condition: a finding for the account zone, none for the organization's zone. */
  @Test
  void organizationZone() {
    Policy p = Policies.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish",
          "Resource":"arn:aws:sns:us-east-1:111122223333:t","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}]}""");
    String arn = "arn:aws:sns:us-east-1:111122223333:t";
    FindingsAnswer account = checked(p, ResourceType.SNS_TOPIC, arn, OWN);
    assertEquals(1, account.findings().size(), account::toString);
    assertEquals(List.of("aws:PrincipalOrgID StringEquals o-abcdefghij"), account.findings().get(0).described().conditions());
    FindingsAnswer org = checked(p, ResourceType.SNS_TOPIC, arn,
        new Zone.Organization("o-abcdefghij", List.of("111122223333", "222233334444")));
    assertEquals(List.of(), org.findings(), org::toString);
  }

  /** The public zone: a source-IP restriction is no public access; Principal "*" alone is. */
  @Test
  void publicZone() {
    String arn = "arn:aws:s3:::b";
    Policy restricted = Policies.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
          "Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}""");
    assertEquals(List.of(), checked(restricted, ResourceType.S3_BUCKET, arn, new Zone.Public()).findings());
    Policy open = Policies.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],
          "Resource":"arn:aws:s3:::b/*"},
          {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
           "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");
    FindingsAnswer a = checked(open, ResourceType.S3_BUCKET, arn, new Zone.Public());
    assertFalse(a.findings().isEmpty(), a::toString);
    for (Finding f : a.findings()) {
      assertEquals(List.of("anyone"), f.described().principals(), f::toString);
    }
  }

  /**
   * The external-access examples of awslabs/aws-cloudformation-iam-policy-validator's tests (MIT-0, commit
   * 8490ff7f; via the shared corpus, other/cfn-policy-validator__validation_tests_*), which expect an
   * Access Analyzer external-access finding for each: a secret shared with account 777888999444 (one finding
   * naming it, for GetSecretValue) and a role trust policy with {"AWS": "*"} (public: anyone, every sts action).
   */
  @Test
  void cfnPolicyValidatorsExternalAccessExamples() {
    Policy secret = Policies.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777888999444:root"},
          "Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""");
    FindingsAnswer a = checked(secret, ResourceType.SECRETS_MANAGER_SECRET, null, OWN);
    assertEquals(1, a.findings().size(), a::toString);
    assertEquals(List.of("AWS arn:aws:iam::777888999444:root"), a.findings().get(0).described().principals());
    assertEquals(List.of("secretsmanager:GetSecretValue"), a.findings().get(0).described().catalogueActions());
    Policy trust = dev.hornbeam.policy.parse.PolicyParser.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Principal":{"AWS":"*"}}]}""",
        dev.hornbeam.policy.parse.PolicyKind.RESOURCE, ResourceType.IAM_ROLE_TRUST.limits()).policy();
    FindingsAnswer t = checked(trust, ResourceType.IAM_ROLE_TRUST, null, new Zone.Public());
    assertEquals(1, t.findings().size(), t::toString);
    assertEquals(List.of("anyone"), t.findings().get(0).described().principals());
    assertEquals(List.of(), t.findings().get(0).described().actions(), "every sts action");
    assertTrue(t.findings().get(0).described().catalogueActions().contains("sts:AssumeRole"), t::toString);
  }
}
