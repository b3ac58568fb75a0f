package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS CLI outputs read by {@link Inputs}: a shape only one type's command prints names its type; a shape several
 * print needs the type, as a policy document does. Fixtures: src/test/resources/cli (SOURCES.tsv).
 */
class CliInputsTest {
  static byte[] fixture(String name) {
    try (InputStream in = CliInputsTest.class.getResourceAsStream("/cli/" + name)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("no fixture " + name, e);
    }
  }

  static Inputs.Read read(String name, ResourceType type) {
    return Inputs.read(name, fixture(name), Map.of(), type == null ? null : type.cloudFormationName());
  }

  @Test
  void aShapeOnlyOneCommandPrintsNamesItsType() {
    Object[][] cases = {
        {"ecr-get-repository-policy.json", ResourceType.ECR_REPOSITORY, "policyText", 4, "cluster-autoscaler"},
        {"glacier-get-vault-access-policy.json", ResourceType.GLACIER_VAULT, "policy/Policy", 3, "-"},
        {"secretsmanager-get-resource-policy.json", ResourceType.SECRETS_MANAGER_SECRET, "ResourcePolicy", 4, "MyTestSecret"},
        {"codeartifact-get-domain-permissions-policy.json", ResourceType.CODEARTIFACT_DOMAIN, "policy/document", 5, "-"},
        {"opensearch-describe-domain-config.json", ResourceType.OPENSEARCH_DOMAIN, "DomainConfig/AccessPolicies/Options", 14, "-"},
        {"apigateway-get-rest-api-policy.json", ResourceType.API_GATEWAY_REST_API, "policy", 11, "myAPI"},
        {"kms-get-key-policy.json", ResourceType.KMS_KEY, "Policy", 2, "-"},
        {"efs-describe-file-system-policy.json", ResourceType.EFS_FILE_SYSTEM, "Policy", 3, "fs-0123456789abcdef0"},
        {"backup-get-backup-vault-access-policy.json", ResourceType.BACKUP_VAULT, "Policy", 4, "my-vault"}};
    for (Object[] c : cases) {
      String file = (String) c[0];
      ResourceType type = (ResourceType) c[1];
      for (ResourceType given : new ResourceType[] {null, type}) {
        Inputs.Read r = read(file, given);
        assertEquals(Inputs.Format.AWS_CLI, r.format(), file);
        Found.Policy p = (Found.Policy) r.found().get(0);
        assertEquals(type.cloudFormationName(), p.policyType(), file);
        assertEquals(c[2], p.where(), file);
        assertEquals(c[4], p.name(), file + ": the resource's name as the output gives it");
        assertEquals(type.cliLocation().orElseThrow().source(), p.sourceType(), file);
        assertEquals((int) c[3], p.loc().line(), file + ": the line of the member holding the policy");
        assertTrue(p.document() instanceof Node.Obj o && o.members().containsKey("Statement"), file);
      }
    }
  }

  @Test
  void aTypeGivenThatDoesNotPrintTheShapeIsBrokenNamingBoth() {
    Found f = read("ecr-get-repository-policy.json", ResourceType.S3_BUCKET).found().get(0);
    assertTrue(f instanceof Found.Broken, f.toString());
    String why = ((Found.Broken) f).reason();
    assertTrue(why.contains("AWS::ECR::Repository") && why.contains("not of AWS::S3::Bucket"), why);
  }

  /** {"Policy": …} is printed by many commands: as today, a policy document's rules (the type given, or none found). */
  @Test
  void aShapeSeveralCommandsPrintNeedsTheType() {
    Inputs.Read none = read("lambda-get-policy.json", null);
    assertEquals(Inputs.Format.POLICY, none.format());
    assertEquals(List.of(), none.found());
    Inputs.Read given = read("lambda-get-policy.json", ResourceType.LAMBDA_FUNCTION);
    assertEquals(Inputs.Format.POLICY, given.format());
    Found.Policy p = (Found.Policy) given.found().get(0);
    assertEquals("AWS::Lambda::Function", p.policyType());
    assertEquals("Policy", p.where());
    Found wrong = read("lambda-get-policy.json", ResourceType.S3_BUCKET).found().get(0);
    assertTrue(wrong instanceof Found.Broken b && b.reason().contains("not of AWS::S3::Bucket"), wrong.toString());
  }

  /** aws iam get-role (read by Inputs: an object or URL-encoded text) is read only in the shape the registry gives it. */
  @Test
  void getRoleIsReadOnlyInItsShape() {
    String role = "{\"Role\": {\"RoleName\": \"r\", \"Arn\": \"arn:aws:iam::111122223333:role/r\", \"AssumeRolePolicyDocument\": "
        + "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, "
        + "\"Action\": \"sts:AssumeRole\"}]}}}";
    Inputs.Read r = Inputs.read("role.json", role.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), null);
    assertEquals(Inputs.Format.AWS_CLI, r.format());
    assertEquals("AWS::IAM::AssumeRolePolicyDocument", ((Found.Policy) r.found().get(0)).policyType());
    for (String other : List.of(role.replace("\"RoleName\"", "\"Unknown\": 1, \"RoleName\""),
        role.substring(0, role.length() - 1) + ", \"Extra\": 1}")) {
      Inputs.Read not = Inputs.read("role.json", other.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), null);
      assertEquals(Inputs.Format.POLICY, not.format(), other);
      assertEquals(List.of(), not.found(), other);
    }
  }
}
