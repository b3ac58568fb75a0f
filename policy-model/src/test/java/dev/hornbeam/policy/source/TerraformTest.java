package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Terraform plans ({@code terraform show -json}) from checkov's test data (SOURCES.tsv beside them). */
class TerraformTest {
  static List<Found> read(String name) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/terraform", name));
    Inputs.Read r = Inputs.read(name, bytes, Map.of(), null);
    assertEquals(Inputs.Format.TERRAFORM, r.format());
    return r.found();
  }

  static String line(Found f) {
    return f.place() + " " + f.name() + " " + f.sourceType() + " "
        + (f instanceof Found.Policy p ? (p.identity() ? "identity" : p.policyType()) : f.getClass().getSimpleName());
  }

  @Test
  void everyPolicyOfAPlanWithItsAddressTypeAndLine() throws IOException {
    List<Found> found = read("checkov-plan_with_iam_policies.json");
    assertEquals(List.of(
        "checkov-plan_with_iam_policies.json:151 aws_iam_group_policy.fail_2 aws_iam_group_policy identity",
        "checkov-plan_with_iam_policies.json:175 aws_iam_policy.policy_pass aws_iam_policy identity",
        "checkov-plan_with_iam_policies.json:206 aws_iam_role.example aws_iam_role AWS::IAM::AssumeRolePolicyDocument",
        "checkov-plan_with_iam_policies.json:245 aws_iam_role_policy.fail_1 aws_iam_role_policy identity",
        "checkov-plan_with_iam_policies.json:299 aws_iam_user_policy.fail_3 aws_iam_user_policy identity"),
        found.stream().map(TerraformTest::line).toList());
    assertEquals("{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}],"
        + "\"Version\":\"2012-10-17\"}", new String(((Found.Policy) found.get(2)).widened().json(), StandardCharsets.UTF_8));
  }

  /** A policy known only after apply may be anything: checked as one that allows everything, and said so. */
  @Test
  void aPolicyKnownOnlyAfterApplyIsUnknown() throws IOException {
    List<Found> found = read("checkov-plan_with_iam_data_block.json");
    Found.Policy p = (Found.Policy) found.stream().filter(f -> f.name().equals("aws_s3_bucket_policy.allow_access_from_another_account"))
        .findFirst().orElseThrow();
    Widening.Widened w = p.widened();
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
        new String(w.json(), StandardCharsets.UTF_8));
    assertEquals("/ = known after apply: aws_s3_bucket_policy.allow_access_from_another_account.policy: the whole policy is unknown:"
        + " checked as a policy that allows everything", w.notes().get(0).toLine());
  }

  /**
   * Terraform documentation, "JSON Output Format": planned_values' "values" leave out (or give as null) what is
   * known only after apply. A plan given only as planned_values (no resource_changes) says nothing about such a
   * policy: it is unknown, never no policy.
   */
  @Test
  void aPolicyLeftOutOfPlannedValuesIsUnknown() {
    String plan = "{\"format_version\": \"1.1\", \"planned_values\": {\"root_module\": {\"resources\": ["
        + "{\"address\": \"aws_s3_bucket_policy.p\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket_policy\", \"name\": \"p\","
        + " \"sensitive_values\": {}},"
        + "{\"address\": \"aws_sqs_queue_policy.q\", \"mode\": \"managed\", \"type\": \"aws_sqs_queue_policy\", \"name\": \"q\","
        + " \"values\": {\"queue_url\": \"u\", \"policy\": null}}],"
        + " \"child_modules\": [{\"resources\": [{\"address\": \"module.m.aws_sns_topic_policy.t\", \"mode\": \"managed\","
        + " \"type\": \"aws_sns_topic_policy\", \"name\": \"t\", \"values\": {\"arn\": \"a\"}}]}]}}}";
    List<Found> found = Inputs.read("plan.json", plan.getBytes(StandardCharsets.UTF_8), Map.of(), null).found();
    assertEquals(List.of("aws_s3_bucket_policy.p", "aws_sqs_queue_policy.q", "module.m.aws_sns_topic_policy.t"),
        found.stream().map(Found::name).toList());
    for (Found f : found) {
      Widening.Widened w = ((Found.Policy) f).widened();
      assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
          new String(w.json(), StandardCharsets.UTF_8));
      assertTrue(w.notes().get(0).expression().contains("planned_values"), w.notes().toString());
    }
  }

  /**
   * Terraform AWS provider, internal/service/s3/bucket_policy.go: aws_s3_bucket_policy puts its policy with the S3
   * Express client when the bucket's name is a directory bucket's (isDirectoryBucket: it ends in --x-s3). Such a
   * policy is a directory bucket's, whose question ranges over s3express actions: checked as an S3 bucket's, its
   * public s3express:CreateSession would go unseen.
   */
  @Test
  void aDirectoryBucketsPolicyIsCheckedAsOne() {
    String policy = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\","
        + "\\\"Action\\\":\\\"s3express:CreateSession\\\",\\\"Resource\\\":\\\"*\\\"},{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":"
        + "{\\\"AWS\\\":\\\"arn:aws:iam::111122223333:root\\\"},\\\"Action\\\":\\\"s3:ListBucket\\\",\\\"Resource\\\":\\\"*\\\"}]}";
    String plan = "{\"format_version\": \"1.2\", \"resource_changes\": ["
        + change("d", "logs--use1-az4--x-s3", policy) + ", " + change("g", "logs", policy) + "]}";
    List<Found> found = Inputs.read("plan.json", plan.getBytes(StandardCharsets.UTF_8), Map.of(), null).found();
    assertEquals(List.of("plan.json:1 aws_s3_bucket_policy.d aws_s3_bucket_policy AWS::S3Express::DirectoryBucket",
        "plan.json:1 aws_s3_bucket_policy.g aws_s3_bucket_policy AWS::S3::Bucket"), found.stream().map(TerraformTest::line).toList());
  }

  private static String change(String name, String bucket, String policy) {
    return "{\"address\": \"aws_s3_bucket_policy." + name + "\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket_policy\", \"name\": \""
        + name + "\", \"change\": {\"actions\": [\"create\"], \"after\": {\"bucket\": \"" + bucket + "\", \"policy\": \"" + policy
        + "\"}, \"after_unknown\": {\"id\": true}}}";
  }
}
