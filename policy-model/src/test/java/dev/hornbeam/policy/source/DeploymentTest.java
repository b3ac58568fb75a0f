package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.gen.RequestUniverse;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deploying account ({@code AWS::AccountId}) checked as one 12-digit id ({@link Deployment}), answered here by
 * brute force: the reference evaluator and the plain-Java meaning of public over a request universe, no solver.
 */
class DeploymentTest {
  static final String ACCOUNT = "AWS::AccountId";

  /** Whether some stranger's request in the universe of {@code json} is allowed by it. */
  static boolean publicByBruteForce(byte[] json) {
    ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE, Limits.DEFAULT);
    assertTrue(r.isValid(), () -> new String(json, StandardCharsets.UTF_8) + " " + r.errors());
    Policy p = r.policy();
    return new RequestUniverse(List.of(p), null).find(q -> Evaluator.evaluate(p, q).outcome() == Outcome.ALLOW
        && PublicMeaning.isStranger(p, q, (String) null), 4, 1L) != null;
  }

  /** The policy as deployed in {@code account} (no other unknown in the fixtures used with it). */
  static byte[] deployedIn(Found.Policy p, String account) {
    Widening.Widened w = Widening.widen(Deployment.substitute(p.document(), Map.of(ACCOUNT, account)), false);
    assertFalse(w.hasUnknowns(), w.notes().toString());
    return w.json();
  }

  static Found.Policy policy(String file, String name) throws IOException {
    return CloudFormationTest.read(file, Map.of()).stream().filter(f -> f.name().equals(name) && f instanceof Found.Policy)
        .map(f -> (Found.Policy) f).findFirst().orElseThrow();
  }

  /**
   * The variants of the one policy of main.tf {@code tf}, asserted to be the fresh account's alone (the caller identity
   * data source is the deploying account; the policy names no other).
   */
  static Deployment.Variants freshAccountOnly(String tf) {
    Found.Policy p = (Found.Policy) Inputs.read("main.tf", tf.getBytes(StandardCharsets.UTF_8), Map.of(), null).found().get(0);
    Deployment.Variants vs = p.variants();
    assertEquals(List.of("data.aws_caller_identity.current.account_id = 100000000001 (an account the policy does not name)"),
        labels(vs));
    return vs;
  }

  /** The variants of a policy naming 111122223333: a fresh account and that one. */
  static final List<String> FRESH_AND_NAMED =
      List.of("AWS::AccountId = 100000000001 (an account the policy does not name)", "AWS::AccountId = 111122223333");

  static List<String> labels(Deployment.Variants vs) {
    return vs.variants().stream().map(Deployment.Variant::label).toList();
  }

  static String json(Deployment.Variant v) {
    return new String(v.widened().json(), StandardCharsets.UTF_8);
  }

  @Test
  void checkovsKmsKeyIsCheckedForAnAccountItDoesNotNameAndIsNotPublic() throws IOException {
    Found.Policy key = policy("checkov-success.json", "CloudtrailKMSKey");
    Deployment.Variants vs = key.variants();
    assertEquals(List.of("AWS::AccountId taken as the deploying account, one 12-digit id: checked as an account the policy does not"
        + " name (100000000001); the answer is the worst of these"), vs.notes());
    assertEquals(1, vs.variants().size());
    Deployment.Variant v = vs.variants().get(0);
    assertEquals("AWS::AccountId = 100000000001 (an account the policy does not name)", v.label());
    assertTrue(json(v).contains("\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:root\"}"), json(v));
    assertTrue(json(v).contains("\"kms:CallerAccount\":\"100000000001\""), json(v));
    assertFalse(v.widened().hasUnknowns());
    assertFalse(publicByBruteForce(v.widened().json()));
    // as before: the account as any value makes its own statement everyone's
    assertTrue(publicByBruteForce(key.widened().json()));
  }

  @Test
  void anAccountThePolicyNamesIsCheckedTooAndTheWorstAnswerHolds() throws IOException {
    Found.Policy shared = policy("deploying-account.yaml", "Shared");
    Deployment.Variants vs = shared.variants();
    assertEquals(FRESH_AND_NAMED, labels(vs));
    assertTrue(vs.notes().get(0).endsWith("checked as an account the policy does not name (100000000001) and as 111122223333; the answer"
        + " is the worst of these"), vs.notes().toString());
    assertFalse(publicByBruteForce(vs.variants().get(0).widened().json()), "another account's folder is denied");
    assertTrue(publicByBruteForce(vs.variants().get(1).widened().json()), "deployed in 111122223333, its folder is everyone's");
    // the real account: 111122223333 gives the literal's answer, any other the fresh account's
    assertTrue(publicByBruteForce(deployedIn(shared, "111122223333")));
    for (String real : List.of("123456789012", "444455556666", "100000000002", "210987654321")) {
      assertFalse(publicByBruteForce(deployedIn(shared, real)), real);
    }
  }

  @Test
  void thePartitionOnlyListedIsNotCheckedOneByOne() throws IOException {
    Deployment.Variants vs = policy("deploying-account.yaml", "Own").variants();
    assertEquals(List.of("AWS::AccountId = 100000000001 (an account the policy does not name)", "AWS::AccountId = 444455556666"),
        labels(vs));
    assertEquals(1, vs.notes().size(), vs.notes().toString());
    for (Deployment.Variant v : vs.variants()) {
      assertFalse(publicByBruteForce(v.widened().json()), v.label());
    }
    assertTrue(json(vs.variants().get(0)).contains("\"arn:aws-cn:iam::100000000001:root\""), json(vs.variants().get(0)));
  }

  @Test
  void aDenyLostToThePartitionAloneIsCheckedForEachPartition() throws IOException {
    // unknowns.yaml's bucket policy: a Deny on the bucket's ARN, arn:${AWS::Partition}:s3:::my-data, left out when widened
    Found.Policy bucket = (Found.Policy) CloudFormationTest.read("unknowns.yaml", Map.of()).get(0);
    assertFalse(new String(bucket.widened().json(), StandardCharsets.UTF_8).contains("Deny"));
    Deployment.Variants vs = bucket.variants();
    assertEquals(PrincipalKind.PARTITIONS.stream().map(p -> "AWS::Partition = " + p).toList(),
        labels(vs));
    for (Deployment.Variant v : vs.variants()) {
      String p = v.values().get("AWS::Partition");
      assertTrue(json(v).contains("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:" + p
          + ":s3:::my-data\",\"arn:" + p + ":s3:::my-data/*\"]"), json(v));
    }
  }

  /**
   * A digit next to a wildcard, or the account written next to a digit: the answer depends on which account it is
   * (the brute force shows two accounts the policy does not name with different answers), so the account is not
   * taken as one: widened, PUBLIC, as before.
   */
  @Test
  void whereTheAccountsDigitsMayMeetAPatternItStaysUnknown() throws IOException {
    Found.Policy prefixed = policy("deploying-account.yaml", "Prefixed");
    assertNotEquals(publicByBruteForce(deployedIn(prefixed, "100000000001")), publicByBruteForce(deployedIn(prefixed, "200000000002")));
    Deployment.Variants vs = prefixed.variants();
    assertEquals(1, vs.variants().size());
    assertEquals("", vs.variants().get(0).label());
    assertEquals(List.of("AWS::AccountId not taken as one account (a digit next to a wildcard in arn:aws:s3:::prefixed-bucket/1*: the"
        + " answer may depend on which account it is): widened as any value"), vs.notes());
    assertTrue(publicByBruteForce(vs.variants().get(0).widened().json()));

    // no digit touches a wildcard, yet the answer depends on the account: its digits join a longer number
    Found.Policy gluedPolicy = policy("deploying-account.yaml", "Glued");
    assertTrue(dev.hornbeam.policy.universe.AccountGenericity.safe(
        PolicyParser.parse(deployedIn(gluedPolicy, "100000000001"), PolicyKind.RESOURCE, Limits.DEFAULT).policy()));
    assertNotEquals(publicByBruteForce(deployedIn(gluedPolicy, "100000000001")), publicByBruteForce(deployedIn(gluedPolicy, "200000000002")));
    Deployment.Variants glued = gluedPolicy.variants();
    assertEquals("", glued.variants().get(0).label());
    assertTrue(publicByBruteForce(glued.variants().get(0).widened().json()));
    assertEquals(List.of("AWS::AccountId not taken as one account (it is written next to a digit in"
        + " arn:aws:s3:::glued-bucket/${AWS::AccountId}7/*): widened as any value"), glued.notes());
    assertTrue(glued.variants().get(0).widened().hasUnknowns());
  }

  @Test
  void tooManyNamedAccountsLeaveTheAccountUnknown() throws Exception {
    StringBuilder accounts = new StringBuilder();
    for (int i = 0; i < Deployment.MAX_VARIANTS; i++) {
      accounts.append(i == 0 ? "" : ", ").append("\"").append(String.format("5555%08d", i)).append("\"");
    }
    String template = "{\"Resources\": {\"K\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"KeyPolicy\": {\"Statement\": ["
        + "{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [{\"Ref\": \"AWS::AccountId\"}, " + accounts + "]}, \"Action\": \"kms:*\","
        + " \"Resource\": \"*\"}]}}}}}";
    Found.Policy p = (Found.Policy) Inputs.read("t.json", template.getBytes(StandardCharsets.UTF_8), Map.of(), null).found().get(0);
    Deployment.Variants vs = p.variants();
    assertEquals(1, vs.variants().size());
    assertEquals(List.of("AWS::AccountId not taken as one account (the policy names 24 accounts, each of which it may be: too many to"
        + " check one by one): widened as any value"), vs.notes());
  }

  @Test
  void aPolicyWithoutTheAccountOrPartitionIsWidenedAsBefore() throws IOException {
    Found.Policy p = policy("checkov-success.json", "acmeCWSTopicPolicy");
    Deployment.Variants vs = p.variants();
    assertEquals(List.of(), vs.notes());
    assertEquals(1, vs.variants().size());
    assertEquals(new String(p.widened().json(), StandardCharsets.UTF_8), json(vs.variants().get(0)));
  }

  /** In a .tf file, data.aws_caller_identity.NAME.account_id is one account too, written in a string or alone. */
  @Test
  void terraformsCallerIdentityIsOneAccount() throws Exception {
    String tf = String.join("\n",
        "data \"aws_caller_identity\" \"current\" {}",
        "resource \"aws_sqs_queue_policy\" \"p\" {",
        "  queue_url = \"https://sqs.us-east-1.amazonaws.com/111122223333/q\"",
        "  policy = jsonencode({",
        "    Version = \"2012-10-17\"",
        "    Statement = [{",
        "      Effect = \"Allow\"",
        "      Principal = { AWS = [\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root\",",
        "        data.aws_caller_identity.current.account_id] }",
        "      Action = \"sqs:SendMessage\"",
        "      Resource = \"*\"",
        "    }]",
        "  })",
        "}", "");
    Deployment.Variants vs = freshAccountOnly(tf);
    assertTrue(json(vs.variants().get(0)).contains("\"Principal\":{\"AWS\":[\"arn:aws:iam::100000000001:root\",\"100000000001\"]}"),
        json(vs.variants().get(0)));
    assertFalse(publicByBruteForce(vs.variants().get(0).widened().json()));
  }
  /**
   * A Lambda permission whose principal is the deploying account ({@code Ref AWS::AccountId}, {@code Fn::Sub} of it, or
   * data.aws_caller_identity in a .tf file) is that one account's root ARN, checked as the other accounts are: not
   * public, for an account it does not name and for each it names; widened, it would be everyone's.
   */
  @Test
  void aLambdaPermissionForTheDeployingAccountIsThatAccount() throws Exception {
    Found.Policy own = policy("deploying-account.yaml", "OwnInvoke");
    Deployment.Variants vs = own.variants();
    assertEquals(FRESH_AND_NAMED, labels(vs));
    assertTrue(json(vs.variants().get(0)).contains("\"arn:aws:iam::100000000001:root\""), json(vs.variants().get(0)));
    for (Deployment.Variant v : vs.variants()) {
      assertFalse(publicByBruteForce(v.widened().json()), v.label() + " " + json(v));
    }
    for (String real : List.of("111122223333", "123456789012")) {
      // the function's partition, not known, is listed: the account's root in each partition
      assertFalse(publicByBruteForce(Widening.widen(Deployment.substitute(own.document(), Map.of(ACCOUNT, real)), false).json()), real);
    }
    assertTrue(publicByBruteForce(own.widened().json()), "the account as any value is anyone");
    Deployment.Variants sub = policy("deploying-account.yaml", "OwnInvokeSub").variants();
    assertEquals(List.of("AWS::AccountId = 100000000001 (an account the policy does not name)"),
        labels(sub));
    assertFalse(publicByBruteForce(sub.variants().get(0).widened().json()), json(sub.variants().get(0)));
    // an ARN with the account in it is an AWS principal, the account checked as one
    Deployment.Variants role = policy("deploying-account.yaml", "OwnRoleInvoke").variants();
    assertTrue(json(role.variants().get(0)).contains("\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:role/caller\"}"),
        json(role.variants().get(0)));
    assertFalse(publicByBruteForce(role.variants().get(0).widened().json()), json(role.variants().get(0)));
    String tf = String.join("\n",
        "data \"aws_caller_identity\" \"current\" {}",
        "resource \"aws_lambda_permission\" \"own\" {",
        "  function_name = \"f\"",
        "  action = \"lambda:InvokeFunction\"",
        "  principal = data.aws_caller_identity.current.account_id",
        "}", "");
    Deployment.Variants tfs = freshAccountOnly(tf);
    assertFalse(publicByBruteForce(tfs.variants().get(0).widened().json()), json(tfs.variants().get(0)));
  }
}
