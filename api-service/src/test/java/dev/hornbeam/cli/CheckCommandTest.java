package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hornbeam check public} and {@code hornbeam version}, in-process, with the real solvers. */
class CheckCommandTest {
  static final String PUBLIC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Principal\":\"*\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
  static final String ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private String file(String json) throws Exception {
    Path f = Files.createTempFile(dir, "policy", ".json");
    Files.writeString(f, json);
    return f.toString();
  }

  @Test
  void aPublicPolicyPrintsPublicFirstThenGrantAndWitnessAndExitsOne() throws Exception {
    CliRun r = run("check", "public", "--type", "s3", file(PUBLIC));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("PUBLIC", r.lines().get(0));
    assertTrue(r.lines().get(1).startsWith("reason: SOLVED by "), r.out());
    assertTrue(r.out().contains("grant: statement 0 (Sid Read) allows: anonymous caller calls s3:GetObject"), r.out());
    assertTrue(r.out().contains("witness: anonymous caller calls s3:GetObject on arn:aws:s3:::b/example-key"), r.out());
  }

  /** Issue 14, item 2: --arn of another type or shape, and --type of another service, are exit 2, never NOT_PUBLIC. */
  @Test
  void anArnNotOfTheTypeIsInvalidInput() throws Exception {
    for (String arn : List.of("notanarn", "arn:aws:s3::b", "arn:aws:sqs:us-east-1:111122223333:q", " arn:aws:s3:::bbb")) {
      CliRun r = run("check", "public", "--type", "s3", "--arn", arn, file(PUBLIC));
      assertEquals(2, r.code(), arn + ": " + r.out() + r.err());
      assertTrue(r.err().contains("--arn is not the ARN of an AWS::S3::Bucket"), r.err());
    }
  }

  @Test
  void aPolicyAboutAnotherBucketIsInvalid() throws Exception {
    CliRun r = run("check", "public", "--type", "s3", "--arn", "arn:aws:s3:::another-bucket", file(PUBLIC));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("INVALID", r.lines().get(0));
    assertTrue(r.out().contains("/Statement/0/Resource RESOURCE_MISMATCH"), r.out());
    CliRun same = run("check", "public", "--type", "s3", "--arn", "arn:aws:s3:::bbb", file(PUBLIC.replace(":::b/", ":::bbb/")));
    assertEquals(1, same.code(), same.out() + same.err());
  }

  @Test
  void aBucketPolicyCheckedAsAKeyIsInvalid() throws Exception {
    CliRun r = run("check", "public", "--type", "kms", file(PUBLIC));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("INVALID", r.lines().get(0));
    assertTrue(r.out().contains("NO_ACTION_FOR_RESOURCE_TYPE"), r.out());
  }

  @Test
  void aPolicyForOneAccountIsNotPublicAndExitsZero() throws Exception {
    CliRun r = run("check", "public", "--type", "s3", file(ACCOUNT));
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("NOT_PUBLIC", r.lines().get(0));
  }

  @Test
  void standardInputIsRead() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(PUBLIC.replace("s3:", "sqs:").replace("arn:aws:s3:::b/*", "*").getBytes(StandardCharsets.UTF_8)));
      CliRun r = run("check", "public", "--type", "sqs", "-");
      assertEquals(1, r.code(), r.out() + r.err());
      assertEquals("PUBLIC", r.lines().get(0));
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void anInvalidPolicyPrintsInvalidAndItsProblemsAndExitsTwo() throws Exception {
    CliRun r = run("check", "public", "--type", "kms", file("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"kms:*\"}]}"));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("INVALID", r.lines().get(0));
    assertTrue(r.lines().size() > 1 && r.lines().get(1).startsWith("/"), r.out());
    assertTrue(r.out().contains("/Statement/0/Effect INVALID_EFFECT"), r.out());
  }

  @Test
  void jsonIsTheApisAnswer() throws Exception {
    CliRun r = run("check", "public", "--type", "s3", "--json", file(PUBLIC));
    assertEquals(1, r.code(), r.err());
    Map<String, Object> json = JsonMapper.createDefault().readValue(r.out(), Argument.mapOf(String.class, Object.class));
    assertEquals("PUBLIC", json.get("result"));
    assertEquals("SOLVED", json.get("reason"));
    assertEquals("s3:GetObject", ((Map<?, ?>) json.get("witness")).get("action"));
    CliRun invalid = run("check", "public", "--type", "s3", "--json", file("{\"Statement\":7}"));
    assertEquals(2, invalid.code());
    Map<String, Object> problem = JsonMapper.createDefault().readValue(invalid.out(), Argument.mapOf(String.class, Object.class));
    assertEquals("urn:hornbeam:problem:invalid-policy", problem.get("type"));
  }

  @Test
  void aTinyDeadlineFailsClosed() throws Exception {
    // A policy variable with a default: the native backend leaves it to the race, which cannot answer in 1 ms.
    CliRun r = run("check", "public", "--type", "s3", "--deadline", "1", file(ACCOUNT.replace("b/*", "b/${aws:username, 'x'}")));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("PUBLIC", r.lines().get(0));
    assertTrue(r.lines().get(1).startsWith("reason: TIMEOUT"), r.out());
  }

  @Test
  void usageErrorsAndMissingFilesExitTwo() throws Exception {
    assertEquals(2, run("check", "public", file(PUBLIC)).code(), "--type is required");
    assertEquals(2, run("check", "public", "--type", "ec2", file(PUBLIC)).code());
    CliRun missing = run("check", "public", "--type", "s3", dir.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertEquals("", missing.out());
  }

  @Test
  void versionNamesBothSolvers() {
    CliRun r = run("version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.lines().get(0).startsWith("hornbeam "), r.out());
    assertTrue(r.out().contains("z3 4.") && r.out().contains("cvc5 1."), r.out());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"--help"}, {"check", "--help"}, {"check", "public", "--help"}, {"serve", "--help"},
        {"validate", "--help"}, {"version", "--help"}}) {
      CliRun r = run(args);
      assertEquals(0, r.code(), String.join(" ", args));
      assertTrue(r.out().startsWith("Usage: hornbeam"), r.out());
    }
  }

  /** Issue 16: many files and directories in one run, one line each, the worst exit status. */
  @Test
  void manyFilesAndDirectoriesInOneRunOneLineEachAndTheWorstExitStatus() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("policies/nested"));
    Files.writeString(tree.resolve("public.json"), PUBLIC);
    Files.writeString(dir.resolve("policies/account.json"), ACCOUNT);
    Files.writeString(dir.resolve("policies/notes.txt"), "not a policy, not read");
    CliRun both = run("check", "public", "--type", "s3", dir.resolve("policies").toString());
    assertEquals(1, both.code(), both.out() + both.err());
    assertEquals(2, both.lines().size(), both.out());
    assertTrue(both.lines().get(0).startsWith(dir.resolve("policies/account.json") + ": NOT_PUBLIC proved"), both.out());
    assertTrue(both.lines().get(1).startsWith(tree.resolve("public.json") + ": PUBLIC witness: anonymous caller calls s3:GetObject"),
        both.out());

    String invalid = file("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]}");
    CliRun worst = run("check", "public", "--type", "s3", file(ACCOUNT), invalid, dir.resolve("missing.json").toString());
    assertEquals(2, worst.code(), "invalid input is the worst here: " + worst.out());
    assertEquals(3, worst.lines().size(), worst.out());
    assertTrue(worst.lines().get(0).endsWith("NOT_PUBLIC proved (native)") || worst.lines().get(0).contains(": NOT_PUBLIC proved"), worst.out());
    assertTrue(worst.lines().get(1).startsWith(invalid + ": INVALID /Statement/0/Effect "), worst.out());
    assertTrue(worst.lines().get(2).startsWith(dir.resolve("missing.json") + ": INVALID no such file"), worst.out());

    CliRun quiet = run("check", "public", "--type", "s3", file(ACCOUNT), file(ACCOUNT));
    assertEquals(0, quiet.code(), quiet.out());

    CliRun arn = run("check", "public", "--type", "s3", "--arn", "arn:aws:s3:::b", file(ACCOUNT), file(ACCOUNT));
    assertEquals(2, arn.code());
    assertTrue(arn.err().contains("--arn names one resource"), arn.err());
    CliRun empty = run("check", "public", "--type", "s3", Files.createDirectories(dir.resolve("empty")).toString());
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("no *.json, *.yaml, *.yml, *.template or *.tf file"), empty.err());
  }

  /** Issue 16: AWS CLI output as it comes (get-bucket-policy's {"Policy": "..."}, get-queue-attributes's Attributes). */
  @Test
  void awsCliOutputIsCheckedAsItsPolicy() throws Exception {
    String quoted = "\"" + PUBLIC.replace("\"", "\\\"") + "\"";
    CliRun r = run("check", "public", "--type", "s3", file("{\n  \"Policy\": " + quoted + "\n}\n"));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("PUBLIC", r.lines().get(0));
    assertTrue(r.err().contains("is AWS CLI output: checking the policy in /Policy"), r.err());
    String queue = "\"" + PUBLIC.replace("s3:GetObject", "sqs:SendMessage").replace("arn:aws:s3:::b/*", "arn:aws:sqs:us-east-1:111122223333:q")
        .replace("\"", "\\\"") + "\"";
    CliRun v = run("validate", "--type", "sqs", file("{\"Attributes\": {\"Policy\": " + queue + "}}"));
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.err().contains("checking the policy in /Attributes/Policy"), v.err());
    // Only get-queue-attributes and get-topic-attributes print Attributes: a bucket's type is refused, naming both.
    CliRun s3 = run("validate", "--type", "s3", file("{\"Attributes\": {\"Policy\": " + quoted + "}}"));
    assertEquals(2, s3.code(), s3.out() + s3.err());
    assertTrue(s3.err().contains("AWS::SQS::Queue or AWS::SNS::Topic") && s3.err().contains("not of AWS::S3::Bucket"), s3.err());
  }

  /** Issue 16: SARIF for code scanning, at the line of the granting statement or the problem, valid against SARIF 2.1.0. */
  @Test
  void sarifPointsAtTheGrantingStatementsLine() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("sarif"));
    Files.writeString(tree.resolve("a-public.json"), """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Mine", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*"},
            {
              "Sid": "Everyone",
              "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"
            }
          ]
        }
        """);
    Files.writeString(tree.resolve("b-private.json"), ACCOUNT);
    Files.writeString(tree.resolve("c-invalid.json"), "{\"Version\":\"2012-10-17\",\n\"Statement\":[\n{\"Effect\":\"Maybe\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    CliRun r = run("check", "public", "--type", "s3", "--format", "sarif", tree.toString());
    assertEquals(2, r.code(), r.err());
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode sarif = json.readTree(r.out());
    com.networknt.schema.JsonSchema schema;
    try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
      schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7).getSchema(in);
    }
    assertEquals(java.util.Set.of(), schema.validate(sarif));
    com.fasterxml.jackson.databind.JsonNode results = sarif.at("/runs/0/results");
    assertEquals(2, results.size(), results.toString());
    com.fasterxml.jackson.databind.JsonNode pub = results.get(0);
    assertEquals("HB001", pub.get("ruleId").asText());
    assertTrue(pub.at("/locations/0/physicalLocation/artifactLocation/uri").asText().endsWith("sarif/a-public.json"), pub.toString());
    assertEquals(6, pub.at("/locations/0/physicalLocation/region/startLine").asInt(), "the line where statement 1 starts");
    assertTrue(pub.at("/message/text").asText().contains("anonymous caller calls s3:GetObject"), pub.toString());
    com.fasterxml.jackson.databind.JsonNode bad = results.get(1);
    assertEquals("HB002", bad.get("ruleId").asText());
    assertEquals(3, bad.at("/locations/0/physicalLocation/region/startLine").asInt(), "the line of /Statement/0/Effect");
  }

  /**
   * Role trust policies (issue 16): {"AWS": "*"} with sts:AssumeRole is PUBLIC from the CLI; a role trusting
   * GitHub's OIDC provider (the IAM User Guide's example, "Configuring a role for GitHub OIDC identity
   * provider") is NOT_PUBLIC with its sub pinned to one owner's repository and PUBLIC with only the audience
   * condition; a Federated value that is no identity provider is refused, exit 2 — never read as a fixed
   * value.
   */
  @Test
  void roleTrustPoliciesAnyoneAndAGithubTrustWithoutSubArePublic() throws Exception {
    CliRun anyone = run("check", "public", "--type", "iam-role", file("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"));
    assertEquals(1, anyone.code(), anyone.out() + anyone.err());
    assertEquals("PUBLIC", anyone.lines().get(0));
    assertTrue(anyone.out().contains("sts:AssumeRole"), anyone.out());
    String github = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Federated": "arn:aws:iam::012345678910:oidc-provider/token.actions.githubusercontent.com"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:GitHubOrg/GitHubRepo:ref:refs/heads/GitHubBranch"}}}]}""";
    CliRun pinned = run("check", "public", "--type", "iam-role", file(github));
    assertEquals(0, pinned.code(), pinned.out() + pinned.err());
    assertEquals("NOT_PUBLIC", pinned.lines().get(0));
    String audienceOnly = github.replace(",\n    \"token.actions.githubusercontent.com:sub\": \"repo:GitHubOrg/GitHubRepo:ref:refs/heads/GitHubBranch\"", "");
    assertFalse(audienceOnly.contains(":sub"), audienceOnly);
    CliRun anyRepository = run("check", "public", "--type", "iam-role", file(audienceOnly));
    assertEquals(1, anyRepository.code(), anyRepository.out() + anyRepository.err());
    assertEquals("PUBLIC", anyRepository.lines().get(0));
    assertTrue(anyRepository.out().contains("sts:AssumeRoleWithWebIdentity"), anyRepository.out());
    String noProvider = github.replace("arn:aws:iam::012345678910:oidc-provider/token.actions.githubusercontent.com",
        "token.actions.githubusercontent.com");
    CliRun refused = run("check", "public", "--type", "iam-role", file(noProvider));
    assertEquals(2, refused.code(), refused.out() + refused.err());
    assertEquals("INVALID", refused.lines().get(0));
    assertTrue(refused.out().contains("/Statement/0/Principal/Federated UNSUPPORTED_PRINCIPAL"), refused.out());
    // The facade fails closed for a caller that hands it a parsed policy without the type's checks.
    dev.hornbeam.policy.model.Policy parsed = dev.hornbeam.policy.parse.PolicyParser.parse(noProvider,
        dev.hornbeam.policy.parse.PolicyKind.RESOURCE).policy();
    try (dev.hornbeam.portfolio.PolicyChecker checker = PolicyFile.checker()) {
      dev.hornbeam.portfolio.PublicAccessAnswer a = checker.isPublic(parsed, dev.hornbeam.policy.resource.ResourceType.IAM_ROLE_TRUST,
          java.time.Duration.ofSeconds(10));
      assertTrue(a.isPublic(), a.toString());
      assertEquals(dev.hornbeam.portfolio.Reason.INVALID_INPUT, a.reason());
    }
  }
}
