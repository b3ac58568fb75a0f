package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform configuration files ({@code .tf}): the AWS provider's examples and checkov's test data, unchanged
 * (SOURCES.tsv beside them), each policy with its line, address and type — the expected lines written by
 * reading the files.
 */
class TerraformConfigTest {
  private static final Path DIR = Path.of("src/test/resources/terraform");

  /** One fixture alone (the fixtures are of different modules: their data sources are not shared). */
  static List<Found> read(String name) throws IOException {
    return TerraformConfig.extract(name, Files.readAllBytes(DIR.resolve(name)), Map.of());
  }

  static List<Found> hcl(String text) {
    return TerraformConfig.extract("main.tf", text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static List<String> lines(List<Found> found) {
    return found.stream().map(TerraformTest::line).toList();
  }

  static String json(Found f) {
    Widening.Widened w = ((Found.Policy) f).widened();
    assertTrue(w.refusal().isEmpty(), () -> w.refusal().get());
    return new String(w.json(), StandardCharsets.UTF_8);
  }

  static List<String> notes(Found f) {
    return ((Found.Policy) f).widened().notes().stream().map(n -> n.toLine() + " @" + n.loc().line()).toList();
  }

  @Test
  void everyPolicyOfTheProviderExamples() throws IOException {
    List<String> all = new ArrayList<>();
    for (String f : List.of("provider-alexa.tf", "provider-elasticsearch-domain.tf", "provider-lambda.tf",
        "provider-lambda-file-systems.tf", "provider-s3-api-gateway-integration.tf", "provider-s3-cross-account-access.tf")) {
      all.addAll(lines(read(f)));
    }
    assertEquals(List.of(
        "provider-alexa.tf:14 aws_lambda_permission.default aws_lambda_permission AWS::Lambda::Function",
        "provider-alexa.tf:30 aws_iam_role.default aws_iam_role AWS::IAM::AssumeRolePolicyDocument",
        "provider-alexa.tf:55 aws_iam_role_policy.default aws_iam_role_policy identity",
        "provider-elasticsearch-domain.tf:16 aws_elasticsearch_domain.test aws_elasticsearch_domain AWS::OpenSearchService::Domain",
        "provider-lambda.tf:28 aws_iam_role.iam_for_lambda aws_iam_role AWS::IAM::AssumeRolePolicyDocument",
        "provider-lambda-file-systems.tf:44 aws_iam_role.iam_role_for_lambda aws_iam_role AWS::IAM::AssumeRolePolicyDocument",
        "provider-s3-api-gateway-integration.tf:9 aws_iam_policy.s3_policy aws_iam_policy identity",
        "provider-s3-api-gateway-integration.tf:28 aws_iam_role.s3_api_gateyway_role aws_iam_role AWS::IAM::AssumeRolePolicyDocument",
        "provider-s3-cross-account-access.tf:27 aws_s3_bucket_policy.prod_bucket_policy aws_s3_bucket_policy AWS::S3::Bucket"),
        all);
  }

  /** Interpolations in a heredoc are unknown, each at its own line of the file; the statement at its line. */
  @Test
  void aHeredocsInterpolationsAreUnknownAtTheirLines() throws IOException {
    // A variable written into the heredoc's JSON text may hold JSON: with var.test_account_id =
    // 1"},"Action":"s3:*","Resource":"*"},{"Effect":"Allow","Principal":"*","Sid":"x the policy gains a public statement.
    // So the whole policy is unknown, named at the variable's line.
    Found p = read("provider-s3-cross-account-access.tf").get(0);
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
        json(p));
    assertEquals(List.of("/ = var.test_account_id written into the policy's JSON text (its value may hold JSON, which would be read as"
        + " the policy's own text): the whole policy is unknown: checked as a policy that allows everything @37"), notes(p));
    // An AWS resource's ARN (or a data source's account id, region, partition) holds no '"': it is one unknown in its place.
    p = hcl("resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = \"b\"\n  policy = <<EOF\n{\"Statement\": [{\"Effect\": \"Allow\",\n"
        + "  \"Principal\": {\"AWS\": \"arn:aws:iam::${data.aws_caller_identity.c.account_id}:root\"},\n  \"Action\": \"s3:GetObject\",\n"
        + "  \"Resource\": \"${aws_s3_bucket.b.arn}/*\"}, ${jsonencode(var.more)}]}\nEOF\n}\n").get(0);
    assertEquals(List.of("/Statement/0/Principal = data.aws_caller_identity.c.account_id: Principal widened to \"*\" @5",
        "/Statement/0/Resource = aws_s3_bucket.b.arn: Resource entry widened to \"*\" @7",
        "/Statement/1 = jsonencode(var.more): an unknown statement: checked as one that allows everything @7"), notes(p));
    assertEquals(List.of(new Loc(4, 0), new Loc(7, 0)), ((Found.Policy) p).widened().statementLocs());
  }

  /** data.aws_iam_policy_document.X.json, also as "${…}" alone, is the document the provider makes of X. */
  @Test
  void aPolicyDocumentDataSourceIsConverted() throws IOException {
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\"],"
        + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\"]}}]}";
    assertEquals(trust, json(read("provider-lambda.tf").get(0)));
    assertEquals(trust, json(read("provider-lambda-file-systems.tf").get(0)));
    assertEquals(List.of(), notes(read("provider-lambda.tf").get(0)));
  }

  @Test
  void everyPolicyOfCheckovsTestData() throws IOException {
    assertEquals(List.of(
        "checkov-SQSOverlyPermissive.tf:6 aws_sqs_queue_policy.fail aws_sqs_queue_policy AWS::SQS::Queue",
        "checkov-SQSOverlyPermissive.tf:27 aws_sqs_queue_policy.fail2 aws_sqs_queue_policy AWS::SQS::Queue",
        "checkov-SQSOverlyPermissive.tf:49 aws_sqs_queue_policy.pass aws_sqs_queue_policy AWS::SQS::Queue",
        "checkov-SQSOverlyPermissive.tf:72 aws_sqs_queue_policy.pass_w_condition aws_sqs_queue_policy AWS::SQS::Queue"),
        lines(read("checkov-SQSOverlyPermissive.tf")));
    List<String> sqs = new ArrayList<>();
    for (String q : List.of("q1:2", "q2:21", "q3:45", "q4:66", "q5:87", "q6:106", "q7:125")) {
      sqs.add("checkov-SQSQueuePolicyAnyPrincipal.tf:" + q.split(":")[1] + " aws_sqs_queue_policy." + q.split(":")[0]
          + " aws_sqs_queue_policy AWS::SQS::Queue");
    }
    for (String q : List.of("aq1:134", "aq2:152", "aq3:174", "aq4:194", "aq5:214", "aq6:231", "aq7:248")) {
      sqs.add("checkov-SQSQueuePolicyAnyPrincipal.tf:" + q.split(":")[1] + " aws_sqs_queue." + q.split(":")[0]
          + " aws_sqs_queue AWS::SQS::Queue");
    }
    sqs.add("checkov-SQSQueuePolicyAnyPrincipal.tf:254 aws_sqs_queue_policy.aq8 aws_sqs_queue_policy AWS::SQS::Queue");
    assertEquals(sqs, lines(read("checkov-SQSQueuePolicyAnyPrincipal.tf")));
    List<String> ecr = new ArrayList<>();
    for (String r : List.of("fail:9", "pass:44", "pass_conditional:91", "fail_conditional:131", "cond_any_pass:167",
        "pass_without_principal:196", "cond_equals_pass:224")) { // "empty" (line 82) has policy = "": no policy
      ecr.add("checkov-ECRPolicy.tf:" + r.split(":")[1] + " aws_ecr_repository_policy." + r.split(":")[0]
          + " aws_ecr_repository_policy AWS::ECR::Repository");
    }
    assertEquals(ecr, lines(read("checkov-ECRPolicy.tf")));
    List<String> iam = new ArrayList<>();
    for (String r : List.of("aws_iam_policy.fail:1", "aws_iam_policy.pass:19", "aws_iam_policy.pass_unrestrictable:38",
        "aws_iam_role_policy.fail:57", "aws_iam_role_policy.pass:76", "aws_iam_user_policy.fail:96", "aws_iam_user_policy.pass:115",
        "aws_iam_group_policy.fail:135", "aws_iam_group_policy.pass:154")) {
      String a = r.split(":")[0];
      iam.add("checkov-IAMStarResourcePolicyDocument.tf:" + r.split(":")[1] + " " + a + " " + a.split("\\.")[0] + " identity");
    }
    for (String r : List.of("pass:174", "fail:190")) { // no Terraform place for SSO permission sets: said, not skipped
      iam.add("checkov-IAMStarResourcePolicyDocument.tf:" + r.split(":")[1] + " aws_ssoadmin_permission_set_inline_policy."
          + r.split(":")[0] + " aws_ssoadmin_permission_set_inline_policy Unsupported");
    }
    assertEquals(iam, lines(read("checkov-IAMStarResourcePolicyDocument.tf")));
  }

  /** jsonencode of an object literal is the object; a reference in it is unknown; a for expression is unknown. */
  @Test
  void jsonencodeReferencesAndForExpressions() throws IOException {
    List<Found> sqs = read("checkov-SQSOverlyPermissive.tf");
    assertEquals("{\"Version\":\"2012-10-17\",\"Id\":\"ConditionalAllowSendMessage\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
        + "{\"aws:SourceVpc\":\"vpc-12345678\"}}}]}", json(sqs.get(3)));
    assertEquals(List.of("/Statement/0/Resource = aws_sqs_queue.pass_w_condition.arn: Resource entry widened to \"*\" @83"),
        notes(sqs.get(3)));
    List<Found> any = read("checkov-SQSQueuePolicyAnyPrincipal.tf");
    assertEquals(List.of("/ = data.aws_iam_policy_document.bucket_policy.json (no such data source in the module's files read):"
        + " the whole policy is unknown: checked as a policy that allows everything @128"), notes(any.get(6)));
    assertEquals(List.of("/Statement = a for expression: an unknown statement: checked as one that allows everything @260"),
        notes(any.get(14)));
    List<Found> ecr = read("checkov-ECRPolicy.tf");
    assertEquals(List.of("/Statement/0/Condition/ForAnyValue:StringEquals/aws:PrincipalOrgID = local.org_ids: the condition on"
        + " aws:PrincipalOrgID is left out (fewer conditions allow more) @187"), notes(ecr.get(4)));
  }

  /** A data source in another file of the module (a directory) is found there. */
  @Test
  void aDataSourceInAnotherFileOfTheModule(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("iam.tf"), String.join("\n",
        "data \"aws_iam_policy_document\" \"p\" {",
        "  policy_id = \"x\"",
        "  statement {",
        "    sid = \"Public\"",
        "    actions = [\"s3:GetObject\"]",
        "    resources = [\"${aws_s3_bucket.b.arn}/*\"]",
        "    principals {",
        "      type        = \"*\"",
        "      identifiers = [\"*\"]",
        "    }",
        "    condition {",
        "      test     = \"IpAddress\"",
        "      variable = \"aws:SourceIp\"",
        "      values   = [\"192.0.2.0/24\"]",
        "    }",
        "  }",
        "  statement {",
        "    effect = \"Deny\"",
        "    not_actions = [\"s3:*\"]",
        "    not_resources = [\"arn:aws:s3:::b\"]",
        "    not_principals {",
        "      type        = \"AWS\"",
        "      identifiers = [var.admin]",
        "    }",
        "  }",
        "}", ""));
    Path main = Files.writeString(dir.resolve("main.tf"), "resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = \"b\"\n"
        + "  policy = data.aws_iam_policy_document.p.json\n}\n");
    Inputs.Read r = Inputs.read(main.toString(), Files.readAllBytes(main), Map.of(), null);
    assertEquals(Inputs.Format.TERRAFORM_CONFIG, r.format());
    Found p = r.found().get(0);
    assertEquals(main + ":1 aws_s3_bucket_policy.b aws_s3_bucket_policy AWS::S3::Bucket", TerraformTest.line(p));
    assertEquals("{\"Version\":\"2012-10-17\",\"Id\":\"x\",\"Statement\":[{\"Sid\":\"Public\",\"Effect\":\"Allow\","
        + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"],\"Principal\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":"
        + "[\"192.0.2.0/24\"]}}}]}", json(p));
    assertEquals(List.of("/Statement/0/Resource/0 = aws_s3_bucket.b.arn: Resource entry widened to \"*\" @6",
        "/Statement/1 = var.admin: the Deny statement holding it is left out @23"), notes(p));
  }

  /** count, for_each and dynamic blocks: how many is not known, and said so; merged documents are unknown. */
  @Test
  void unknownMultiplicityIsSaid() {
    List<Found> f = hcl(String.join("\n",
        "data \"aws_iam_policy_document\" \"d\" {",
        "  statement {",
        "    actions   = [\"sqs:*\"]",
        "    resources = [\"*\"]",
        "    principals {",
        "      type        = \"AWS\"",
        "      identifiers = [\"arn:aws:iam::111122223333:root\"]",
        "    }",
        "  }",
        "  dynamic \"statement\" {",
        "    for_each = var.more",
        "    content {}",
        "  }",
        "}",
        "data \"aws_iam_policy_document\" \"m\" {",
        "  source_policy_documents = [data.aws_iam_policy_document.d.json]",
        "}",
        "resource \"aws_sqs_queue_policy\" \"q\" {",
        "  count     = 2",
        "  queue_url = \"u\"",
        "  policy    = data.aws_iam_policy_document.d.json",
        "}",
        "resource \"aws_sqs_queue_policy\" \"m\" {",
        "  for_each  = toset([\"a\"])",
        "  queue_url = \"u\"",
        "  policy    = data.aws_iam_policy_document.m.json",
        "}", ""));
    Found.Policy q = (Found.Policy) f.get(0);
    assertEquals(List.of("count (line 19): Terraform makes one copy of this policy for each instance, how many not known here;"
        + " each is checked as this one, with count.index unknown"), q.notes());
    assertEquals(List.of("/Statement/1 = data.aws_iam_policy_document.d.json: dynamic \"statement\" blocks (how many statements,"
        + " and what they hold, is not known): an unknown statement: checked as one that allows everything @10"), notes(q));
    Found.Policy m = (Found.Policy) f.get(1);
    assertTrue(m.notes().get(0).startsWith("for_each (line 24): "), m.notes().get(0));
    assertEquals(List.of("/ = data.aws_iam_policy_document.m.json merges other documents (source_policy_documents), which Hornbeam"
        + " does not model: the whole policy is unknown: checked as a policy that allows everything @16"), notes(m));
  }

  /** Conditionals, function calls and template directives are unknown; "$${" is a literal "${". */
  @Test
  void expressionsAreUnknown() {
    List<Found> f = hcl(String.join("\n",
        "resource \"aws_sns_topic_policy\" \"a\" {",
        "  arn    = \"t\"",
        "  policy = var.open ? \"x\" : \"y\"",
        "}",
        "resource \"aws_sns_topic_policy\" \"b\" {",
        "  arn    = \"t\"",
        "  policy = file(\"policy.json\")",
        "}",
        "resource \"aws_sns_topic_policy\" \"c\" {",
        "  arn    = \"t\"",
        "  policy = <<EOF",
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"$${aws:username}\"}, \"Action\": \"sns:Publish\",",
        "  \"Resource\": \"*\"}]}",
        "EOF",
        "}",
        "resource \"aws_sns_topic_policy\" \"d\" {",
        "  arn    = \"t\"",
        "  policy = \"%{if var.x}{}%{endif}\"",
        "}",
        "resource \"aws_sns_topic_policy\" \"e\" {",
        "  arn    = \"t\"",
        "  policy = jsonencode({",
        "    Statement = [{",
        "      Effect = \"Allow\", Action = \"sns:Publish\", Resource = \"*\"",
        "      Principal = { AWS = <<EOT",
        "arn:aws:iam::${var.account}:root",
        "EOT",
        "      }",
        "    }]",
        "  })",
        "}", ""));
    assertEquals(List.of("/ = var.open ? \"x\" : \"y\": the whole policy is unknown: checked as a policy that allows everything @3"),
        notes(f.get(0)));
    assertEquals(List.of("/ = file(…): the whole policy is unknown: checked as a policy that allows everything @7"), notes(f.get(1)));
    assertEquals("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"${aws:username}\"},\"Action\":\"sns:Publish\","
        + "\"Resource\":\"*\"}]}", json(f.get(2)));
    assertInstanceOf(Node.Unknown.class, ((Found.Policy) f.get(3)).document());
    // a heredoc inside an object literal: its interpolation is unknown too, never the text "${var.account}"
    assertEquals(List.of("/Statement/0/Principal = var.account: Principal widened to \"*\" @26"), notes(f.get(4)));
  }

  /** Malformed HCL or JSON is an error naming the line, never a policy read in part or skipped. */
  @Test
  void malformedInputIsAnErrorAtItsLine() {
    Found open = hcl("resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = \"{}\"\n").get(0);
    assertEquals("main.tf:1 - Terraform Broken", TerraformTest.line(open));
    assertTrue(((Found.Broken) open).reason().contains("not closed"), ((Found.Broken) open).reason());
    Found heredoc = hcl("resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = <<EOF\n{\"a\": 1}\n").get(0);
    assertEquals("main.tf:2 - Terraform Broken", TerraformTest.line(heredoc)); // the heredoc opened there
    Found json = hcl("resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = \"b\"\n  policy = <<EOF\n{\n  \"Statement\": [\n"
        + "  }\n}\nEOF\n}\n").get(0);
    assertEquals("main.tf:6 aws_s3_bucket_policy.b aws_s3_bucket_policy Broken", TerraformTest.line(json));
    Found twice = hcl("resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = \"{}\"\n  policy = \"{}\"\n}\n").get(0);
    assertEquals("main.tf:3 aws_s3_bucket_policy.b aws_s3_bucket_policy Broken", TerraformTest.line(twice));
    Found arg = hcl("data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    action = [\"s3:*\"]\n  }\n}\n"
        + "resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = data.aws_iam_policy_document.d.json\n}\n").get(0);
    assertEquals("main.tf:3 aws_s3_bucket_policy.b aws_s3_bucket_policy Broken", TerraformTest.line(arg));
  }

  /**
   * A policy handed to a module (terraform-aws-modules/s3-bucket's {@code policy} with {@code attach_policy}), or held
   * by a resource of the AWS Cloud Control provider ({@code awscc_s3_bucket_policy}'s {@code policy_document}), is
   * not one Hornbeam checks: UNSUPPORTED at its block, never "no policy in the file".
   */
  @Test
  void aPolicyGivenToAModuleOrAnotherAwsProviderIsNeverSkipped() {
    List<Found> found = hcl("module \"s3_bucket\" {\n  source        = \"terraform-aws-modules/s3-bucket/aws\"\n  attach_policy = true\n"
        + "  policy        = data.aws_iam_policy_document.pub.json\n}\n"
        + "module \"q\" {\n  source = \"./q\"\n  queue_policy = jsonencode({Statement = []})\n}\n"
        + "module \"other\" {\n  source = \"./other\"\n  attach_policy = true\n  policy_name = \"x\"\n}\n"
        + "resource \"awscc_s3_bucket_policy\" \"p\" {\n  bucket = \"b\"\n  policy_document = jsonencode({\n    Statement = [{\n"
        + "      Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/*\"\n    }]\n  })\n}\n");
    assertEquals(List.of("main.tf:1 module.s3_bucket module Unsupported", "main.tf:6 module.q module Unsupported",
        "main.tf:15 awscc_s3_bucket_policy.p awscc_s3_bucket_policy Unsupported"), lines(found));
    assertTrue(((Found.Unsupported) found.get(0)).reason().contains("policy"), found.toString());
  }

  /**
   * Terraform language documentation, "Override Files": the blocks of override.tf and *_override.tf (and their .tf.json
   * forms) are merged into the module's blocks of the same address, their arguments replacing the original's. A
   * policy replaced by one is not the policy deployed: UNSUPPORTED, naming the override (which is checked in its own
   * file); one the override leaves alone is checked as written.
   */
  @Test
  void aPolicyAnOverrideFileReplacesIsNotCheckedAsWritten(@TempDir Path dir) throws IOException {
    String priv = "jsonencode({Statement = [{Effect = \"Allow\", Principal = {AWS = \"arn:aws:iam::111122223333:root\"},"
        + " Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/*\"}]})";
    Path main = Files.writeString(dir.resolve("main.tf"), "resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = \"b\"\n  policy = "
        + priv + "\n}\nresource \"aws_s3_bucket_policy\" \"c\" {\n  bucket = \"c\"\n  policy = " + priv + "\n}\n");
    Files.writeString(dir.resolve("override.tf"), "resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = jsonencode({Statement = [{"
        + "Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/*\"}]})\n}\n");
    Files.writeString(dir.resolve("tags_override.tf"), "resource \"aws_s3_bucket_policy\" \"c\" {\n  bucket = \"c2\"\n}\n");
    List<Found> found = Inputs.read(main.toString(), Files.readAllBytes(main), Map.of(), null).found();
    assertEquals(List.of(main + ":1 aws_s3_bucket_policy.b aws_s3_bucket_policy Unsupported",
        main + ":5 aws_s3_bucket_policy.c aws_s3_bucket_policy AWS::S3::Bucket"), lines(found));
    assertTrue(((Found.Unsupported) found.get(0)).reason().contains("override.tf:1"), found.toString());
    // the override itself is checked as written
    Path over = dir.resolve("override.tf");
    assertEquals(List.of(over + ":1 aws_s3_bucket_policy.b aws_s3_bucket_policy AWS::S3::Bucket"),
        lines(Inputs.read(over.toString(), Files.readAllBytes(over), Map.of(), null).found()));
    // an override Hornbeam does not read (a symbolic link, not followed; Terraform's JSON syntax) may replace any policy
    Path elsewhere = Files.createDirectories(dir.resolve("shared")).resolve("any.tf");
    Files.writeString(elsewhere, "resource \"aws_s3_bucket_policy\" \"c\" {\n  policy = \"{}\"\n}\n");
    Files.createSymbolicLink(dir.resolve("link_override.tf"), elsewhere);
    found = Inputs.read(main.toString(), Files.readAllBytes(main), Map.of(), null).found();
    assertEquals(List.of(main + ":1 aws_s3_bucket_policy.b aws_s3_bucket_policy Unsupported",
        main + ":5 aws_s3_bucket_policy.c aws_s3_bucket_policy Unsupported"), lines(found));
    Files.delete(dir.resolve("link_override.tf"));
    Files.writeString(dir.resolve("x_override.tf.json"), "{\"resource\": {}}");
    found = Inputs.read(main.toString(), Files.readAllBytes(main), Map.of(), null).found();
    assertEquals(List.of(main + ":1 aws_s3_bucket_policy.b aws_s3_bucket_policy Unsupported",
        main + ":5 aws_s3_bucket_policy.c aws_s3_bucket_policy Unsupported"), lines(found));
  }

  /**
   * aws_s3_bucket_policy on a directory bucket (its name ends in --x-s3; the provider then uses the S3 Express client)
   * is a directory bucket's policy; on a bucket whose name is not known, a policy that may allow an s3express action
   * may be either's, and is UNSUPPORTED rather than checked as an S3 bucket's alone.
   */
  @Test
  void aDirectoryBucketsPolicyIsCheckedAsOne() {
    String policy = "  policy = jsonencode({Statement = [{Effect = \"Allow\", Principal = \"*\", Action = \"s3express:CreateSession\","
        + " Resource = \"*\"}]})\n}\n";
    List<Found> found = hcl("resource \"aws_s3_bucket_policy\" \"a\" {\n  bucket = \"logs--use1-az4--x-s3\"\n" + policy
        + "resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_s3_directory_bucket.d.bucket\n" + policy
        + "resource \"aws_s3_bucket_policy\" \"c\" {\n  bucket = var.bucket\n" + policy
        + "resource \"aws_s3_bucket_policy\" \"d\" {\n  bucket = aws_s3_bucket.b.id\n" + policy
        + "resource \"aws_s3_bucket_policy\" \"e\" {\n  bucket = var.bucket\n  policy = jsonencode({Statement = [{Effect = \"Allow\","
        + " Principal = \"*\", Action = \"s3:GetObject\", Resource = \"*\"}]})\n}\n");
    assertEquals(List.of("main.tf:1 aws_s3_bucket_policy.a aws_s3_bucket_policy AWS::S3Express::DirectoryBucket",
        "main.tf:5 aws_s3_bucket_policy.b aws_s3_bucket_policy AWS::S3Express::DirectoryBucket",
        "main.tf:9 aws_s3_bucket_policy.c aws_s3_bucket_policy Unsupported",
        "main.tf:13 aws_s3_bucket_policy.d aws_s3_bucket_policy AWS::S3::Bucket",
        "main.tf:17 aws_s3_bucket_policy.e aws_s3_bucket_policy AWS::S3::Bucket"), lines(found));
  }
  /**
   * aws_kinesis_resource_policy and aws_dynamodb_resource_policy are typed by resource_arn, as in a plan ({@link ArnTyping}):
   * a reference by the attribute it names (a consumer's stream_arn is its stream's, a table's stream_arn its stream's), a
   * literal ARN by its shape; anything else is UNSUPPORTED at resource_arn's line, naming the types it may be.
   */
  @Test
  void aResourcePolicyIsTypedByItsResourceArn() {
    String policy = "  policy = jsonencode({Statement = [{Effect = \"Allow\", Principal = \"*\", Action = \"*\", Resource = \"*\"}]})\n}\n";
    StringBuilder tf = new StringBuilder();
    String[][] cases = {{"kinesis", "consumer", "aws_kinesis_stream_consumer.c.arn"},
        {"kinesis", "consumers_stream", "aws_kinesis_stream_consumer.c.stream_arn"},
        {"kinesis", "stream", "\"${aws_kinesis_stream.s.arn}\""},
        {"kinesis", "literal", "\"arn:aws:kinesis:us-east-1:111122223333:stream/s/consumer/c:1700000000\""},
        {"dynamodb", "table", "aws_dynamodb_table.t.arn"},
        {"dynamodb", "tables_stream", "aws_dynamodb_table.t.stream_arn"},
        {"dynamodb", "indexed", "aws_dynamodb_table.t[0].stream_arn"},
        {"dynamodb", "variable", "var.arn"},
        {"kinesis", "name", "aws_kinesis_stream.s.name"},
        {"kinesis", "other", "aws_dynamodb_table.t.stream_arn"}};
    for (String[] c : cases) {
      tf.append("resource \"aws_").append(c[0]).append("_resource_policy\" \"").append(c[1]).append("\" {\n  resource_arn = ")
          .append(c[2]).append("\n").append(policy);
    }
    tf.append("resource \"aws_kinesis_resource_policy\" \"missing\" {\n").append(policy);
    List<Found> found = hcl(tf.toString());
    assertEquals(List.of("main.tf:1 aws_kinesis_resource_policy.consumer aws_kinesis_resource_policy AWS::Kinesis::StreamConsumer",
        "main.tf:5 aws_kinesis_resource_policy.consumers_stream aws_kinesis_resource_policy AWS::Kinesis::Stream",
        "main.tf:9 aws_kinesis_resource_policy.stream aws_kinesis_resource_policy AWS::Kinesis::Stream",
        "main.tf:13 aws_kinesis_resource_policy.literal aws_kinesis_resource_policy AWS::Kinesis::StreamConsumer",
        "main.tf:17 aws_dynamodb_resource_policy.table aws_dynamodb_resource_policy AWS::DynamoDB::Table",
        "main.tf:21 aws_dynamodb_resource_policy.tables_stream aws_dynamodb_resource_policy AWS::DynamoDB::Stream",
        "main.tf:25 aws_dynamodb_resource_policy.indexed aws_dynamodb_resource_policy AWS::DynamoDB::Stream",
        "main.tf:30 aws_dynamodb_resource_policy.variable aws_dynamodb_resource_policy Unsupported",
        "main.tf:34 aws_kinesis_resource_policy.name aws_kinesis_resource_policy Unsupported",
        "main.tf:38 aws_kinesis_resource_policy.other aws_kinesis_resource_policy Unsupported",
        "main.tf:41 aws_kinesis_resource_policy.missing aws_kinesis_resource_policy Broken"), lines(found));
    assertEquals("resource_arn is not known before deployment (var.arn), and the policy's type depends on it: it may be an"
        + " AWS::DynamoDB::Table or AWS::DynamoDB::Stream; write the ARN, or name the resource with the attribute that returns its ARN",
        ((Found.Unsupported) found.get(7)).reason());
    assertEquals("resource_arn aws_kinesis_stream.s.name is aws_kinesis_stream.s's name (an aws_kinesis_stream), which Hornbeam does"
        + " not know as the ARN of any type, and the policy's type depends on it: it may be an AWS::Kinesis::Stream or AWS::Kinesis::StreamConsumer; write the"
        + " ARN, or name the resource with the attribute that returns its ARN", ((Found.Unsupported) found.get(8)).reason());
    assertEquals("resource_arn aws_dynamodb_table.t.stream_arn is the ARN of an AWS::DynamoDB::Stream (aws_dynamodb_table.t's"
        + " stream_arn), which is none of the types this policy may be for (AWS::Kinesis::Stream or AWS::Kinesis::StreamConsumer)",
        ((Found.Unsupported) found.get(9)).reason());
  }
  /** An override file that replaces resource_arn changes what the policy is for: not checked as written. */
  @Test
  void anOverriddenResourceArnIsNotCheckedAsWritten(@TempDir Path dir) throws IOException {
    Path main = Files.writeString(dir.resolve("main.tf"), "resource \"aws_kinesis_resource_policy\" \"p\" {\n"
        + "  resource_arn = aws_kinesis_stream.s.arn\n  policy = jsonencode({Statement = [{Effect = \"Allow\", Principal = \"*\","
        + " Action = \"kinesis:GetRecords\", Resource = \"*\"}]})\n}\n");
    Files.writeString(dir.resolve("arn_override.tf"), "resource \"aws_kinesis_resource_policy\" \"p\" {\n"
        + "  resource_arn = aws_kinesis_stream_consumer.c.arn\n}\n");
    List<Found> found = Inputs.read(main.toString(), Files.readAllBytes(main), Map.of(), null).found();
    assertEquals(List.of(main + ":1 aws_kinesis_resource_policy.p aws_kinesis_resource_policy Unsupported"), lines(found));
    assertTrue(((Found.Unsupported) found.get(0)).reason().contains("arn_override.tf:1"), found.toString());
  }
}
