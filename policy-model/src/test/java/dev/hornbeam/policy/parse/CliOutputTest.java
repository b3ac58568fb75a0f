package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outputs are the "Output" examples of the AWS CLI Command Reference pages (get-bucket-policy,
 * get-key-policy, get-queue-attributes, get-topic-attributes), shortened to their policy.
 */
class CliOutputTest {
  static final String POLICY = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Principal\":\"*\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}";

  static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static Optional<CliOutput.Unwrapped> unwrap(String text) {
    return CliOutput.unwrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCliOutputsGiveTheirPolicy() {
    for (String[] c : new String[][] {
        {"{\n    \"Policy\": " + quoted(POLICY) + "\n}", "/Policy"},
        {"{\"Policy\": " + quoted(POLICY) + ", \"PolicyName\": \"default\"}", "/Policy"},
        {"{\"Attributes\": {\"Policy\": " + quoted(POLICY) + ", \"QueueArn\": \"arn:aws:sqs:us-east-1:123456789012:MyQueue\"}}",
            "/Attributes/Policy"}}) {
      CliOutput.Unwrapped u = unwrap(c[0]).orElseThrow();
      assertEquals(POLICY, new String(u.policy(), StandardCharsets.UTF_8));
      assertEquals(c[1], u.pointer());
      assertTrue(PolicyParser.parse(u.policy(), PolicyKind.RESOURCE, Limits.DEFAULT).isValid());
    }
  }

  @Test
  void aPolicyOrAnythingElseIsNotUnwrapped() {
    assertEquals(Optional.empty(), unwrap(POLICY));
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(POLICY) + ", \"Statement\": []}"));
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(POLICY) + ", \"Other\": 1}"), "an unknown member beside it");
    assertEquals(Optional.empty(), unwrap("{\"Policy\": 5}"), "neither a string nor an object");
    assertEquals(Optional.empty(), unwrap("{\"Policy\": {\"Statement\": []}, \"PolicyName\": \"default\"}"), "an object where KMS prints a string");
    // Only the Lambda commands' documented outputs show Policy as an object (awscli/examples/lambda/get-policy.rst).
    assertEquals(List.of(ResourceType.LAMBDA_FUNCTION, ResourceType.LAMBDA_LAYER_VERSION),
        unwrap("{\"Policy\": {\"Statement\": []}}").orElseThrow().types());
    assertEquals(Optional.empty(), unwrap("not json"));
    assertEquals(Optional.empty(), unwrap("[]"));
  }

  @Test
  void anOutputWithAMemberGivenTwiceIsNotUnwrapped() {
    // Which of the two policies the output stands for is not known (JSON readers differ: the first, the last):
    // unwrapping either could check the wrong one. Read as a document, it is INVALID for its duplicate key.
    String other = POLICY.replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}");
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(other) + ", \"Policy\": " + quoted(POLICY) + "}"));
    assertEquals(Optional.empty(), unwrap("{\"Attributes\": {\"Policy\": " + quoted(other) + ", \"Policy\": " + quoted(POLICY) + "}}"));
    assertEquals(Optional.empty(), unwrap("{\"Attributes\": {\"Policy\": " + quoted(POLICY) + "}, \"Attributes\": {}}"));
  }

  /** The types whose command prints {@code {"Policy": "…"}} alone, in the registry's order. */
  static final List<String> POLICY_ONLY = List.of("s3", "kms", "lambda", "lambda-layer", "efs", "dynamodb-table", "dynamodb-stream",
      "kinesis-stream", "kinesis-consumer", "backup", "s3-access-point", "s3express-bucket", "s3express-access-point",
      "s3outposts-bucket", "s3outposts-access-point");

  static byte[] fixture(String name) {
    try (InputStream in = CliOutputTest.class.getResourceAsStream("/cli/" + name)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("no fixture " + name, e);
    }
  }

  /**
   * Every command the registry names, on the AWS CLI's documented example output where aws/aws-cli has one, and
   * otherwise on an output of the members the service model gives (src/test/resources/cli/SOURCES.tsv): where the
   * policy is, which types print that shape, and the policy valid for them.
   */
  @Test
  void everyRegistryCommandsOutputGivesItsPolicyAndTypes() {
    Object[][] cases = {
        {"s3api-get-bucket-policy.json", "/Policy", POLICY_ONLY},
        {"kms-get-key-policy.json", "/Policy", List.of("kms")},
        {"sqs-get-queue-attributes-policy.json", "/Attributes/Policy", List.of("sqs", "sns")},
        {"sns-get-topic-attributes.json", "/Attributes/Policy", List.of("sqs", "sns")},
        {"lambda-get-policy.json", "/Policy", List.of("lambda", "lambda-layer")},
        {"lambda-get-layer-version-policy.json", "/Policy", List.of("lambda", "lambda-layer")},
        {"secretsmanager-get-resource-policy.json", "/ResourcePolicy", List.of("secretsmanager")},
        {"ecr-get-repository-policy.json", "/policyText", List.of("ecr")},
        {"efs-describe-file-system-policy.json", "/Policy", List.of("efs")},
        {"opensearch-describe-domain-config.json", "/DomainConfig/AccessPolicies/Options", List.of("opensearch")},
        {"glacier-get-vault-access-policy.json", "/policy/Policy", List.of("glacier")},
        {"dynamodb-get-resource-policy.json", "/Policy", List.of("lambda", "lambda-layer", "dynamodb-table", "dynamodb-stream")},
        {"kinesis-get-resource-policy.json", "/Policy", POLICY_ONLY},
        {"apigateway-get-rest-api-policy.json", "/policy", List.of("apigateway")},
        {"backup-get-backup-vault-access-policy.json", "/Policy", List.of("backup")},
        {"codeartifact-get-domain-permissions-policy.json", "/policy/document", List.of("codeartifact")},
        {"cloudtrail-get-resource-policy.json", "/ResourcePolicy", List.of("cloudtrail-dashboard", "cloudtrail-eds")},
        {"s3control-get-access-point-policy.json", "/Policy", POLICY_ONLY},
        {"s3control-get-bucket-policy.json", "/Policy", POLICY_ONLY},
        {"s3tables-get-table-bucket-policy.json", "/resourcePolicy", List.of("s3tables-bucket", "s3tables-table")},
        {"s3tables-get-table-policy.json", "/resourcePolicy", List.of("s3tables-bucket", "s3tables-table")}};
    java.util.Set<String> commands = new java.util.TreeSet<>();
    for (Object[] c : cases) {
      String file = (String) c[0];
      CliOutput.Unwrapped u = CliOutput.unwrap(fixture(file)).orElseThrow(() -> new AssertionError(file + " is not unwrapped"));
      assertEquals(c[1], u.pointer(), file);
      assertEquals(c[2], u.types().stream().map(ResourceType::cliName).toList(), file);
      ResourceType own = ResourceType.fromName(file.startsWith("s3control-get-bucket") ? "s3outposts-bucket"
          : file.startsWith("s3control-get-access") ? "s3-access-point" : file.startsWith("s3tables-get-table-policy") ? "s3tables-table"
          : file.startsWith("cloudtrail") ? "cloudtrail-eds" : file.startsWith("kinesis") ? "kinesis-stream"
          : file.startsWith("dynamodb") ? "dynamodb-table" : file.startsWith("sns") ? "sns" : file.startsWith("sqs") ? "sqs"
          : file.startsWith("lambda-get-layer") ? "lambda-layer" : file.startsWith("s3api") ? "s3" : u.types().get(0).cliName()).orElseThrow();
      assertTrue(u.types().contains(own), file);
      ParseResult parsed = PolicyParser.parse(u.policy(), new ResourceScope(own, null));
      assertTrue(parsed.isValid(), file + ": " + parsed.problems());
      commands.add(own.cliLocation().orElseThrow().source());
    }
    // Every command of the registry but aws iam get-role (read by Inputs: an object or URL-encoded text) is covered.
    java.util.Set<String> all = new java.util.TreeSet<>();
    Arrays.stream(ResourceType.values()).forEach(t -> all.add(t.cliLocation().orElseThrow().source()));
    all.remove("aws iam get-role");
    assertEquals(all, commands);
  }

  /** The documented examples of get-queue-attributes and get-rest-api print no policy: nothing to unwrap. */
  @Test
  void documentedOutputsWithoutAPolicyAreNotUnwrapped() {
    assertEquals(Optional.empty(), CliOutput.unwrap(fixture("sqs-get-queue-attributes.json")));
    assertEquals(Optional.empty(), CliOutput.unwrap(fixture("apigateway-get-rest-api.json")));
  }

  @Test
  void anOutputNotOfExactlyACommandsShapeIsNotUnwrapped() {
    String ecr = new String(fixture("ecr-get-repository-policy.json"), StandardCharsets.UTF_8);
    assertTrue(CliOutput.unwrap(ecr.getBytes(StandardCharsets.UTF_8)).isPresent());
    assertEquals(Optional.empty(), unwrap(ecr.replace("\"registryId\"", "\"extra\": 1, \"registryId\"")), "an unknown member beside it");
    assertEquals(Optional.empty(), unwrap(ecr.replace("\"registryId\"", "\"policyText\": " + quoted(POLICY) + ", \"registryId\"")),
        "policyText twice");
    assertEquals(Optional.empty(), unwrap("{\"policyText\": {\"Statement\": []}}"), "an object where ECR prints a string");
    assertEquals(Optional.empty(), unwrap("{\"policy\": {\"Policy\": " + quoted(POLICY) + ", \"resourceArn\": \"x\"}}"),
        "Glacier's policy with a member only CodeArtifact's has");
    assertEquals(Optional.empty(), unwrap("{\"policy\": {\"Policy\": " + quoted(POLICY) + "}, \"policy\": {}}"), "policy twice");
    assertEquals(Optional.empty(), unwrap("{\"DomainConfig\": {\"AccessPolicies\": {\"Options\": " + quoted(POLICY)
        + ", \"Other\": 1}}}"), "an unknown member of AccessPolicies");
    // API Gateway's policy must be escaped as AWS returns it: plain JSON text is not the body of a string literal.
    assertEquals(Optional.empty(), unwrap("{\"id\": \"o1y243m4f5\", \"policy\": " + quoted(POLICY) + "}"));
    assertEquals(POLICY, new String(unwrap("{\"id\": \"o1y243m4f5\", \"policy\": " + quoted(quoted(POLICY).substring(1,
        quoted(POLICY).length() - 1)) + "}").orElseThrow().policy(), StandardCharsets.UTF_8));
  }

  @Test
  void aTypeWhoseCommandDoesNotPrintTheShapeIsAMismatchNamingBoth() {
    CliOutput.Unwrapped ecr = CliOutput.unwrap(fixture("ecr-get-repository-policy.json")).orElseThrow();
    assertEquals(Optional.empty(), ecr.mismatch(ResourceType.ECR_REPOSITORY));
    String why = ecr.mismatch(ResourceType.S3_BUCKET).orElseThrow();
    assertTrue(why.contains("AWS::ECR::Repository") && why.contains("AWS::S3::Bucket") && why.contains("aws ecr get-repository-policy"), why);
    CliOutput.Unwrapped lambda = CliOutput.unwrap(fixture("lambda-get-policy.json")).orElseThrow();
    assertEquals(Optional.empty(), lambda.mismatch(ResourceType.LAMBDA_FUNCTION));
    why = lambda.mismatch(ResourceType.S3_BUCKET).orElseThrow();
    assertTrue(why.contains("AWS::Lambda::Function or AWS::Lambda::LayerVersion") && why.contains("not of AWS::S3::Bucket"), why);
  }
}
