package dev.hornbeam.policy.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.universe.PublicMeaning;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The registry of resource types (issue 16, "One registry" and "Types"). */
class RegistryTest {
  /**
   * IAM Access Analyzer API Reference, "CheckNoPublicAccess", request parameter resourceType, valid values
   * (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html).
   */
  static final Set<String> CHECK_NO_PUBLIC_ACCESS = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::Stream",
      "AWS::EFS::FileSystem", "AWS::OpenSearchService::Domain", "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer",
      "AWS::KMS::Key", "AWS::Lambda::Function", "AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3Express::DirectoryBucket",
      "AWS::S3::Glacier", "AWS::S3Outposts::Bucket", "AWS::S3Outposts::AccessPoint", "AWS::SecretsManager::Secret",
      "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::IAM::AssumeRolePolicyDocument", "AWS::S3Tables::TableBucket",
      "AWS::ApiGateway::RestApi", "AWS::CodeArtifact::Domain", "AWS::Backup::BackupVault", "AWS::CloudTrail::Dashboard",
      "AWS::CloudTrail::EventDataStore", "AWS::S3Tables::Table", "AWS::S3Express::AccessPoint");
  /** External-access findings' types with a policy document (IAM User Guide, "IAM Access Analyzer resource types"). */
  static final Set<String> FINDINGS_ONLY = Set.of("AWS::Lambda::LayerVersion", "AWS::ECR::Repository");

  private static final Pattern EXAMPLE = Pattern.compile("as (arn:\\S+)$");

  static String example(ResourceType t) {
    Matcher m = EXAMPLE.matcher(t.arnShape().resourceText());
    assertTrue(m.find(), () -> t + ": its ARN text gives no example");
    return m.group(1);
  }

  @Test
  void theTypesAreCheckNoPublicAccessesAndTheFindingsTypesWithAPolicy() {
    Set<String> names = Arrays.stream(ResourceType.values()).map(ResourceType::cloudFormationName).collect(Collectors.toSet());
    Set<String> want = new TreeSet<>(CHECK_NO_PUBLIC_ACCESS);
    want.addAll(FINDINGS_ONLY);
    assertEquals(26, CHECK_NO_PUBLIC_ACCESS.size());
    assertEquals(want, new TreeSet<>(names));
    assertEquals(ResourceType.values().length, names.size());
  }

  @Test
  void namesAreUniqueAndFoundBack() {
    Set<String> cli = new TreeSet<>();
    for (ResourceType t : ResourceType.values()) {
      assertTrue(cli.add(t.cliName()), t.cliName());
      assertTrue(t.cliName().matches("[a-z0-9-]+"), t.cliName());
      assertEquals(Optional.of(t), ResourceType.ofCliName(t.cliName()));
      assertEquals(Optional.of(t), ResourceType.ofCloudFormationName(t.cloudFormationName()));
      assertEquals(Optional.of(t), ResourceType.fromName(t.cloudFormationName().toLowerCase()));
    }
    assertEquals(Optional.empty(), ResourceType.ofCloudFormationName("aws::s3::bucket"));
    assertEquals(Optional.empty(), ResourceType.ofCliName("any"));
  }

  /** Each type's example ARN is of that type and of no other: the audit's directory input relies on it. */
  @ParameterizedTest
  @EnumSource(ResourceType.class)
  void theExampleArnIsOfTheTypeAlone(ResourceType t) {
    String arn = example(t);
    assertEquals(Optional.empty(), t.arnProblem(arn));
    assertEquals(Optional.of(t), ResourceType.ofArn(arn), arn);
    assertTrue(arn.startsWith("arn:aws:" + t.arnShape().service() + ":"), arn);
    assertEquals(t.arnShape().children().map(c -> arn + c), t.childPrefix(arn));
  }

  @Test
  void arnShapesRefuseWhatAwsRefuses() {
    assertTrue(ResourceType.IAM_ROLE_TRUST.arnProblem("arn:aws:iam::111122223333:role/service-role/my-role").isEmpty());
    assertTrue(ResourceType.IAM_ROLE_TRUST.arnProblem("arn:aws:iam:us-east-1:111122223333:role/r").get().contains("has no region"));
    assertTrue(ResourceType.IAM_ROLE_TRUST.arnProblem("arn:aws:sts::111122223333:role/r").get().contains("not iam"));
    assertTrue(ResourceType.IAM_ROLE_TRUST.arnProblem("arn:aws:iam::111122223333:user/u").get().contains("is not role/"));
    assertTrue(ResourceType.LAMBDA_FUNCTION.arnProblem("arn:aws:lambda:us-east-1:111122223333:layer:l:1").isPresent());
    assertEquals(Optional.of(ResourceType.LAMBDA_LAYER_VERSION), ResourceType.ofArn("arn:aws:lambda:us-east-1:111122223333:layer:l:1"));
    assertEquals(Optional.of(ResourceType.DYNAMODB_STREAM),
        ResourceType.ofArn("arn:aws:dynamodb:us-east-1:111122223333:table/my-table/stream/2024-02-12T18:57:26.492"));
    assertEquals(Optional.empty(), ResourceType.ofArn("arn:aws:ec2:us-east-1:111122223333:snapshot/snap-0123"));
    assertEquals(Optional.empty(), ResourceType.ofArn("arn:aws:s3:::amzn-s3-demo-bucket/key"));
  }

  /** The trust policy is about sts: actions on the role (IAM User Guide, "Roles terms and concepts"). */
  @Test
  void aTrustPolicysActionsAreStsAndItsArnIsTheRole() {
    assertEquals("sts", ResourceType.IAM_ROLE_TRUST.service());
    assertEquals("iam", ResourceType.IAM_ROLE_TRUST.arnShape().service());
    assertEquals("elasticfilesystem", ResourceType.EFS_FILE_SYSTEM.service());
    assertEquals("es", ResourceType.OPENSEARCH_DOMAIN.service());
    assertEquals("execute-api", ResourceType.API_GATEWAY_REST_API.service());
  }

  @Test
  void quotasOfTheFirstFourTypes() {
    assertEquals(20 * 1024, ResourceType.S3_BUCKET.limits().maxDocumentBytes());
    assertEquals(32 * 1024, ResourceType.KMS_KEY.limits().maxDocumentBytes());
    assertEquals(20 * 1024, ResourceType.SQS_QUEUE.limits().maxDocumentBytes());
    assertEquals(30 * 1024, ResourceType.SNS_TOPIC.limits().maxDocumentBytes());
  }

  @Test
  void policyLocations() {
    assertEquals("supplementaryConfiguration.BucketPolicy.policyText", ResourceType.S3_BUCKET.configLocation().get().dotted());
    assertTrue(ResourceType.SQS_QUEUE.configLocation().get().absentMeansNoPolicy());
    assertFalse(ResourceType.KMS_KEY.configLocation().get().absentMeansNoPolicy());
    assertEquals(Optional.empty(), ResourceType.SECRETS_MANAGER_SECRET.configLocation());
    // A role's trust policy is in the role's AWS Config item, URL-encoded, and a role always has one.
    PolicyLocation role = ResourceType.IAM_ROLE_TRUST.configLocation().get();
    assertEquals("AWS::IAM::Role", role.source());
    assertEquals("configuration.assumeRolePolicyDocument", role.dotted());
    assertEquals(PolicyLocation.Encoding.URL_ENCODED_JSON_TEXT, role.encoding());
    assertEquals(Set.of(), role.noPolicy());
    assertEquals(Set.of(PolicyLocation.NoPolicy.EMPTY_OBJECT, PolicyLocation.NoPolicy.NULL),
        ResourceType.S3_ACCESS_POINT.configLocation().get().noPolicy());
    // Exactly the types whose policy AWS Config records (audit/README.md names the sources), each AWS Config
    // type once, and every location names its source.
    List<ResourceType> recorded = Arrays.stream(ResourceType.values()).filter(t -> t.configLocation().isPresent()).toList();
    assertEquals(List.of(ResourceType.S3_BUCKET, ResourceType.KMS_KEY, ResourceType.SQS_QUEUE, ResourceType.SNS_TOPIC,
        ResourceType.IAM_ROLE_TRUST, ResourceType.LAMBDA_FUNCTION, ResourceType.ECR_REPOSITORY, ResourceType.EFS_FILE_SYSTEM,
        ResourceType.OPENSEARCH_DOMAIN, ResourceType.BACKUP_VAULT, ResourceType.S3_ACCESS_POINT), recorded);
    assertEquals(recorded.size(), recorded.stream().map(t -> t.configLocation().get().source()).distinct().count());
    recorded.forEach(t -> assertTrue(t.configLocation().get().page().startsWith("github.com/"), t::toString));
    for (ResourceType t : ResourceType.values()) {
      assertTrue(t.cliLocation().isPresent(), t::toString);
      assertTrue(t.cliLocation().get().source().startsWith("aws "), t::toString);
    }
    assertEquals(List.of("Role", "AssumeRolePolicyDocument"), ResourceType.IAM_ROLE_TRUST.cliLocation().get().path());
  }

  /** The restricting keys are the shared ones and the types' own; a key that does not restrict is never among them. */
  @Test
  void restrictingKeysComeFromTheRegistry() {
    assertTrue(PublicMeaning.RESTRICTING_KEYS.containsAll(PublicMeaning.COMMON_RESTRICTING_KEYS));
    assertTrue(PublicMeaning.RESTRICTING_KEYS.contains("s3:dataaccesspointarn"));
    assertTrue(PublicMeaning.RESTRICTING_KEYS.contains("kms:calleraccount"));
    assertFalse(PublicMeaning.RESTRICTING_KEYS.contains("sts:externalid"));
    for (ResourceType t : ResourceType.values()) {
      for (PublicRule r : t.publicRules()) {
        assertEquals(r.restricts(), PublicMeaning.RESTRICTING_KEYS.contains(r.key()), r::toString);
        assertEquals(r.key().toLowerCase(), r.key());
        assertFalse(r.page().isBlank());
      }
    }
  }
}
