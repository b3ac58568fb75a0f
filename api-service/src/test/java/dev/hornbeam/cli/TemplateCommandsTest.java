package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, inputs where users keep policies: {@code check public} and {@code validate} on CloudFormation
 * templates (the policy-model fixture {@code templates/unknowns.yaml}), with other files in one run, a verdict
 * line per policy, the unknown values named, UNSUPPORTED for what Hornbeam cannot check, and SARIF at the
 * template's line and column.
 */
class TemplateCommandsTest {
  static final Path TEMPLATE = Path.of("../policy-model/src/test/resources/templates/unknowns.yaml");

  @TempDir Path dir;

  private Path copy() throws Exception {
    Path t = dir.resolve("templates/stack.yaml");
    Files.createDirectories(t.getParent());
    Files.copy(TEMPLATE, t);
    return t;
  }

  @Test
  void aTemplateGetsAVerdictLinePerPolicyAndTheWorstExitStatus() throws Exception {
    Path t = copy();
    CliRun r = CliRun.of("check", "public", t.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(t + ":22 BucketPolicy AWS::S3::Bucket PUBLIC witness: anonymous caller calls s3:GetObject"), r.out());
    assertTrue(r.out().contains("  unknown: PolicyDocument/Statement/0/Principal = ${TrustedAccount}: Principal widened to \"*\" (" + t + ":27)"),
        r.out());
    assertTrue(r.out().contains(t + ":99 Role AWS::IAM::Role SKIPPED an identity policy"), r.out());
    assertTrue(r.out().contains(t + ":113 Bus AWS::Events::EventBusPolicy UNSUPPORTED"), r.out());
    assertTrue(r.out().contains(t + ":123 Mystery AWS::Example::Thing UNSUPPORTED the property AccessPolicy looks like a policy"), r.out());
    // every policy the table knows is named with its logical id, whatever the registry answers for its type
    assertTrue(r.out().contains(t + ":91 Role AWS::IAM::AssumeRolePolicyDocument "), r.out());
    assertTrue(r.out().contains(t + ":105 Permission AWS::Lambda::Function "), r.out());
  }

  @Test
  void givenParametersMakeValuesKnown() throws Exception {
    Path t = copy();
    CliRun r = CliRun.of("check", "public", "--parameter", "TrustedAccount=111122223333", "--parameter", "AWS::AccountId=111122223333",
        "--parameter", "AWS::Partition=aws", "--parameter", "Stage=dev", t.toString());
    assertTrue(r.out().contains(t + ":22 BucketPolicy AWS::S3::Bucket NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains(t + ":73 Key AWS::KMS::Key NOT_PUBLIC proved"), r.out());
  }

  /**
   * The deploying account: checkov's KMS key (its owner's statement names arn:aws:iam::${AWS::AccountId}:root) is
   * NOT_PUBLIC with the assumption said; a policy public only when deployed in the account it names is PUBLIC, the
   * witness's account named; where the account's digits may meet a pattern it stays widened, said why.
   */
  @Test
  void theDeployingAccountIsCheckedAsOneAccountWithTheAssumptionSaid() throws Exception {
    Path t = dir.resolve("checkov-success.json");
    Files.copy(Path.of("../policy-model/src/test/resources/templates/checkov-success.json"), t);
    Path d = dir.resolve("deploying-account.yaml");
    Files.copy(Path.of("../policy-model/src/test/resources/templates/deploying-account.yaml"), d);
    CliRun r = CliRun.of("check", "public", t.toString(), d.toString());
    assertTrue(r.out().contains(t + ":519 CloudtrailKMSKey AWS::KMS::Key NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains("  assumed: AWS::AccountId taken as the deploying account, one 12-digit id: checked as an account the policy"
        + " does not name (100000000001); the answer is the worst of these"), r.out());
    assertTrue(r.out().contains(d + ":11 Shared AWS::S3::Bucket PUBLIC witness: anonymous caller calls s3:GetObject on"
        + " arn:aws:s3:::shared-bucket/111122223333/"), r.out());
    assertTrue(r.out().contains(" — with AWS::AccountId = 111122223333\n  assumed: AWS::AccountId taken as the deploying account, one"
        + " 12-digit id: checked as an account the policy does not name (100000000001) and as 111122223333; the answer is the worst of"
        + " these\n"), r.out());
    assertTrue(r.out().contains(d + ":27 Own AWS::SQS::Queue NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains(" — in each of the 2 cases checked — with 1 value not known before deployment widened\n"), r.out());
    assertTrue(r.out().contains(d + ":44 Prefixed AWS::S3::Bucket PUBLIC"), r.out());
    // a Lambda permission for the deploying account is that account's, not everyone's
    assertTrue(r.out().contains(d + ":74 OwnInvoke AWS::Lambda::Function NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains(d + ":80 OwnInvokeSub AWS::Lambda::Function NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains("  assumed: AWS::AccountId not taken as one account (a digit next to a wildcard in"
        + " arn:aws:s3:::prefixed-bucket/1*: the answer may depend on which account it is): widened as any value"), r.out());
    // given, the account is that value and nothing is assumed
    CliRun given = CliRun.of("check", "public", "--parameter", "AWS::AccountId=444455556666", d.toString());
    assertTrue(given.out().contains(d + ":11 Shared AWS::S3::Bucket NOT_PUBLIC proved"), given.out());
    assertTrue(!given.out().contains("assumed:"), given.out());
  }

  /**
   * Fn::If on a condition not known, in a Principal or around a statement, and the partition in a role's ARN: one
   * value may leave a caller a stranger whom the other names, so each is checked one value at a time
   * (policy-model's ChoicesTest answers the same by brute force). Every policy there is public with some value.
   */
  @Test
  void aChoiceWithOnePublicValueIsPublic() throws Exception {
    Path t = dir.resolve("choices.yaml");
    Files.copy(Path.of("../policy-model/src/test/resources/templates/choices.yaml"), t);
    CliRun r = CliRun.of("check", "public", t.toString());
    assertEquals(HornbeamCli.EXIT_PUBLIC, r.code(), r.out() + r.err());
    for (String policy : List.of(":21 OpenBranch AWS::S3::Bucket PUBLIC", ":35 OptionalStatement AWS::S3::Bucket PUBLIC",
        ":56 EveryoneOrPartner AWS::SQS::Queue PUBLIC", ":68 AccountOrAnyone AWS::S3::Bucket PUBLIC",
        ":81 RoleInPartition AWS::S3::Bucket PUBLIC")) {
      assertTrue(r.out().contains(t + policy), r.out());
    }
    assertTrue(r.out().contains("  assumed: each Fn::If around a statement or in a Principal checked one value at a time (2 cases):"
        + " listing every value would name callers one value leaves strangers; the answer is the worst of these"), r.out());
    assertTrue(r.out().contains(" — with Fn::If [HasPartner, …] (the condition depends on values not known) = no value\n"), r.out());
    assertTrue(r.out().contains("  assumed: AWS::Partition taken as the deployment's partition: checked as each of aws, aws-cn,"), r.out());
  }

  @Test
  void templatesAndPolicyDocumentsInOneRun() throws Exception {
    Path t = copy();
    Path p = dir.resolve("templates/private.json");
    Files.writeString(p, CheckCommandTest.ACCOUNT);
    Path y = dir.resolve("templates/public.yml");
    Files.writeString(y, "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal: '*'\n    Action: s3:GetObject\n"
        + "    Resource: arn:aws:s3:::b/*\n");
    CliRun r = CliRun.of("check", "public", "--type", "s3", dir.resolve("templates").toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(p + ": NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains(y + ":1 - AWS::S3::Bucket PUBLIC witness: anonymous caller"), r.out());
    assertTrue(r.out().contains(t + ":22 BucketPolicy AWS::S3::Bucket PUBLIC"), r.out());
    CliRun noType = CliRun.of("check", "public", y.toString());
    assertEquals(2, noType.code(), noType.out());
    assertTrue(noType.out().contains("INVALID a policy document needs --type"), noType.out());
  }

  @Test
  void sarifPointsAtTheTemplatesLineAndColumn() throws Exception {
    Path t = copy();
    CliRun r = CliRun.of("check", "public", "--format", "sarif", t.toString());
    assertEquals(2, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode sarif = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    com.networknt.schema.JsonSchema schema;
    try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
      schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7).getSchema(in);
    }
    assertEquals(java.util.Set.of(), schema.validate(sarif));
    com.fasterxml.jackson.databind.JsonNode first = sarif.at("/runs/0/results/0");
    assertEquals("HB001", first.get("ruleId").asText());
    assertTrue(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText().endsWith("templates/stack.yaml"), first.toString());
    assertEquals(24, first.at("/locations/0/physicalLocation/region/startLine").asInt(), "where the granting statement starts");
    assertEquals(13, first.at("/locations/0/physicalLocation/region/startColumn").asInt());
    assertEquals("BucketPolicy", first.at("/locations/0/logicalLocations/0/name").asText());
    boolean unsupported = false;
    for (com.fasterxml.jackson.databind.JsonNode x : sarif.at("/runs/0/results")) {
      unsupported |= x.at("/message/text").asText().startsWith("Mystery (AWS::Example::Thing") && x.get("ruleId").asText().equals("HB002");
    }
    assertTrue(unsupported, sarif.toString());
  }

  @Test
  void validateReadsTemplates() throws Exception {
    Path t = copy();
    CliRun r = CliRun.of("validate", t.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(t + ":22 BucketPolicy AWS::S3::Bucket: valid"), r.out());
    assertTrue(r.out().contains(t + ":99 Role identity-policy: valid"), r.out());
    assertTrue(r.out().contains(t + ":123 Mystery AWS::Example::Thing: UNSUPPORTED"), r.out());
  }

  @Test
  void anIamGetRoleOutputUrlEncodedOrNot() throws Exception {
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";
    for (String policy : List.of(doc, java.net.URLEncoder.encode(doc, java.nio.charset.StandardCharsets.UTF_8))) {
      Path f = dir.resolve("role.json");
      Files.writeString(f, "{\"Role\": {\"RoleName\": \"Open\", \"Arn\": \"arn:aws:iam::111122223333:role/Open\", \"AssumeRolePolicyDocument\": "
          + (policy.equals(doc) ? doc : "\"" + policy + "\"") + "}}");
      CliRun r = CliRun.of("check", "public", f.toString());
      assertTrue(r.out().startsWith(f + ":1 Open AWS::IAM::AssumeRolePolicyDocument "), r.out());
      assertTrue(r.code() != 0, "never a NOT_PUBLIC for {\"AWS\": \"*\"} with sts:AssumeRole: " + r.out());
    }
  }

  /**
   * Terraform configuration files: a directory of .tf files is read as one module (a data source in one file, its
   * use in another), a verdict line per policy at its resource's line, the values not known named, count said.
   */
  @Test
  void terraformConfigurationFiles() throws Exception {
    Path tf = dir.resolve("tf");
    Files.createDirectories(tf);
    Path s3 = tf.resolve("s3.tf");
    Files.copy(Path.of("../policy-model/src/test/resources/terraform/provider-s3-cross-account-access.tf"), s3);
    Path iam = Files.writeString(tf.resolve("iam.tf"), String.join("\n",
        "data \"aws_iam_policy_document\" \"trust\" {",
        "  statement {",
        "    actions = [\"sts:AssumeRole\"]",
        "    principals {",
        "      type        = \"Service\"",
        "      identifiers = [\"lambda.amazonaws.com\"]",
        "    }",
        "  }",
        "}", ""));
    Path role = Files.writeString(tf.resolve("role.tf"), "resource \"aws_iam_role\" \"r\" {\n  count              = var.n\n"
        + "  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n");
    CliRun r = CliRun.of("check", "public", tf.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(s3 + ":27 aws_s3_bucket_policy.prod_bucket_policy AWS::S3::Bucket PUBLIC witness: anonymous caller"),
        r.out());
    assertTrue(r.out().contains("  unknown: policy/ = var.test_account_id written into the policy's JSON text (its value may hold JSON,"
        + " which would be read as the policy's own text): the whole policy is unknown: checked as a policy that allows everything (" + s3
        + ":37)"), r.out());
    assertTrue(r.out().contains(role + ":1 aws_iam_role.r AWS::IAM::AssumeRolePolicyDocument NOT_PUBLIC proved"), r.out());
    assertTrue(r.out().contains("  note: count (line 2): Terraform makes one copy of this policy for each instance"), r.out());
    assertTrue(r.out().contains(iam + " - - NONE no resource policy in the file"), r.out()); // a data source alone
    CliRun v = CliRun.of("validate", s3.toString());
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().contains(s3 + ":27 aws_s3_bucket_policy.prod_bucket_policy AWS::S3::Bucket: valid"), v.out());
    Path bad = Files.writeString(dir.resolve("bad.tf"), "resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = <<EOF\n{\n");
    CliRun b = CliRun.of("check", "public", bad.toString());
    assertEquals(2, b.code(), b.out() + b.err());
    assertTrue(b.out().contains(bad + ":2 - Terraform INVALID not HCL: the policy opened here is not closed"), b.out());
  }

  /**
   * What the red-team pass found skipped or misread (each a wrong NOT_PUBLIC or "no policy" before): a policy behind an
   * Fn::Transform in Properties, one handed to a Terraform module, and an AWS CLI output giving its Policy twice.
   */
  @Test
  void nothingThatMayHoldAPolicyIsSkippedOrGuessed() throws Exception {
    Path t = Files.writeString(dir.resolve("include.yaml"), "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n"
        + "      Bucket: b\n      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://x/p.yaml}}\n");
    CliRun r = CliRun.of("check", "public", t.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(t + ":6 P AWS::S3::BucketPolicy UNSUPPORTED Properties/Fn::Transform is "), r.out());
    Path m = Files.createDirectories(dir.resolve("tf")).resolve("main.tf");
    Files.writeString(m, "module \"b\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n  policy = jsonencode({Statement = [{"
        + "Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"*\"}]})\n}\n");
    r = CliRun.of("check", "public", m.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(m + ":1 module.b module UNSUPPORTED the module argument policy holds a policy"), r.out());
    String pub = "{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\","
        + "\\\"Resource\\\":\\\"*\\\"}]}";
    Path c = Files.writeString(dir.resolve("out.json"), "{\"Policy\": \"" + pub.replace("\\\"*\\\",", "{\\\"AWS\\\":\\\"111122223333\\\"},")
        + "\", \"Policy\": \"" + pub + "\"}");
    r = CliRun.of("check", "public", "--type", "s3", c.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("INVALID"), r.out());
    assertTrue(r.out().contains("DUPLICATE_KEY"), r.out());
  }
}
