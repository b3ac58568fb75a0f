package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check public} and {@code validate} on AWS CLI outputs of the registry's commands, in-process with the real
 * solvers. The outputs are the AWS CLI's documented examples (policy-model/src/test/resources/cli/SOURCES.tsv).
 */
class CliOutputCommandsTest {
  static final Path CLI = Path.of("../policy-model/src/test/resources/cli");

  @TempDir Path dir;

  static String fixture(String name) {
    return CLI.resolve(name).toString();
  }

  private String file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f.toString();
  }

  /** ECR's get-repository-policy names its type: the documented example (Principal "*", image pulls) is PUBLIC without --type. */
  @Test
  void ecrsDocumentedOutputIsPublicWithoutType() {
    CliRun r = CliRun.of("check", "public", fixture("ecr-get-repository-policy.json"));
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.lines().get(0).matches(".*ecr-get-repository-policy.json:4 cluster-autoscaler AWS::ECR::Repository PUBLIC witness: anonymous caller calls "
        + "ecr:.*"), r.out());
  }

  /** Glacier's documented example grants one other account: NOT_PUBLIC, its type from the shape. */
  @Test
  void glaciersDocumentedOutputIsNotPublicWithoutType() {
    CliRun r = CliRun.of("check", "public", fixture("glacier-get-vault-access-policy.json"));
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.lines().get(0).contains("glacier-get-vault-access-policy.json:3 - AWS::S3::Glacier NOT_PUBLIC proved"), r.out());
  }

  /** API Gateway's policy comes escaped once more; read, a Principal "*" limited to one source network is not public. */
  @Test
  void apiGatewaysEscapedPolicyIsRead() {
    CliRun r = CliRun.of("check", "public", fixture("apigateway-get-rest-api-policy.json"));
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.lines().get(0).contains("AWS::ApiGateway::RestApi NOT_PUBLIC proved"), r.out());
  }

  /**
   * Lambda's get-policy prints {"Policy": …, "RevisionId": …}: INVALID (/RevisionId UNKNOWN_KEY) before; now its policy is
   * checked with --type lambda (a service principal: not public), and without --type it needs one (get-layer-version-policy
   * prints the same shape).
   */
  @Test
  void lambdasDocumentedOutputIsCheckedWithItsType() {
    CliRun r = CliRun.of("check", "public", "--type", "lambda", fixture("lambda-get-policy.json"));
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("NOT_PUBLIC", r.lines().get(0));
    assertTrue(r.err().contains("is AWS CLI output: checking the policy in /Policy"), r.err());
    CliRun none = CliRun.of("check", "public", fixture("lambda-get-policy.json"));
    assertEquals(2, none.code(), none.out() + none.err());
    assertTrue(none.err().contains("needs --type"), none.err());
    CliRun v = CliRun.of("validate", "--type", "lambda-layer", fixture("lambda-get-layer-version-policy.json"));
    assertEquals(0, v.code(), v.out() + v.err());
  }

  /** A --type whose command does not print the output's shape is exit 2 naming both, never a verdict on the wrong type. */
  @Test
  void aWrongTypeIsInvalidNamingBoth() {
    CliRun ecr = CliRun.of("check", "public", "--type", "s3", fixture("ecr-get-repository-policy.json"));
    assertEquals(2, ecr.code(), ecr.out() + ecr.err());
    assertTrue(ecr.out().contains("INVALID") && ecr.out().contains("AWS::ECR::Repository") && ecr.out().contains("not of AWS::S3::Bucket"),
        ecr.out());
    CliRun lambda = CliRun.of("check", "public", "--type", "s3", fixture("lambda-get-policy.json"));
    assertEquals(2, lambda.code(), lambda.out() + lambda.err());
    assertTrue(lambda.err().contains("AWS::Lambda::Function or AWS::Lambda::LayerVersion") && lambda.err().contains("not of AWS::S3::Bucket"),
        lambda.err());
    CliRun v = CliRun.of("validate", "--type", "kms", fixture("lambda-get-policy.json"));
    assertEquals(2, v.code(), v.out() + v.err());
    assertTrue(v.err().contains("not of AWS::KMS::Key"), v.err());
  }

  /** Not exactly a command's shape: read as a policy document, INVALID at the member that is not a policy's. */
  @Test
  void anUnknownOrDuplicateMemberIsInvalid() throws Exception {
    String ecr = Files.readString(CLI.resolve("ecr-get-repository-policy.json"));
    CliRun extra = CliRun.of("check", "public", "--type", "ecr", file("extra.json", ecr.replace("\"registryId\"", "\"nextToken\": \"x\", \"registryId\"")));
    assertEquals(2, extra.code(), extra.out() + extra.err());
    assertEquals("INVALID", extra.lines().get(0));
    assertTrue(extra.out().contains("/nextToken"), extra.out());
    String glacier = Files.readString(CLI.resolve("glacier-get-vault-access-policy.json"));
    String twice = glacier.replace("\"policy\": {", "\"policy\": {\"Policy\": \"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":"
        + "\\\"*\\\",\\\"Action\\\":\\\"glacier:*\\\",\\\"Resource\\\":\\\"*\\\"}]}\",");
    CliRun dup = CliRun.of("check", "public", "--type", "glacier", file("twice.json", twice));
    assertEquals(2, dup.code(), dup.out() + dup.err());
    assertEquals("INVALID", dup.lines().get(0));
    assertTrue(dup.out().contains("DUPLICATE"), dup.out());
  }

  /** An invalid policy inside: the problem points into it, on the line of the member holding it. */
  @Test
  void anInvalidPolicyInsideIsInvalidAtItsMember() throws Exception {
    String glacier = Files.readString(CLI.resolve("glacier-get-vault-access-policy.json")).replace("\\\"Effect\\\":\\\"Allow\\\"",
        "\\\"Effect\\\":\\\"Maybe\\\"");
    CliRun r = CliRun.of("check", "public", file("bad.json", glacier));
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.lines().get(0).matches(".*bad.json:3 - AWS::S3::Glacier INVALID /Statement/0/Effect .*"), r.out());
  }
}
