package dev.hornbeam.policy.source;

import java.util.List;
import java.util.Optional;

/**
 * Where users keep each type's policy: which CloudFormation resource and property, which Terraform
 * resource and attribute, and where the AWS CLI prints it — one small table keyed by type names (strings,
 * so that it can be folded into the resource-type registry: {@code ResourceType.fromName} of
 * {@link Place#policyType} is the type a policy is checked as; a name the registry does not know is
 * reported UNSUPPORTED, never skipped).
 *
 * <p>Sources: the CloudFormation User Guide's resource type reference (each type's properties) and the
 * Terraform AWS provider's documentation (each resource's arguments); the AWS CLI Command Reference for the
 * outputs.
 */
public final class PolicyPlaces {
  private PolicyPlaces() {}

  public enum Format { CLOUDFORMATION, TERRAFORM, AWS_CLI }

  /** What the place holds. */
  public enum Holds {
    /** a resource policy document (an object, or JSON text) */
    RESOURCE_POLICY,
    /** an identity policy document: not asked about by {@code check public}, validated by {@code validate} */
    IDENTITY_POLICY,
    /** the parameters of Lambda's AddPermission, turned into the statement it adds ({@link LambdaPermission}) */
    LAMBDA_PERMISSION,
    /** a grant Hornbeam does not turn into a policy yet: reported UNSUPPORTED */
    NOT_CONVERTED
  }

  /**
   * @param format where the place is
   * @param source the CloudFormation resource type, Terraform resource type or CLI command
   * @param path the property (or attribute, or output member) holding the policy; "a/*&#47;b" for each item of a list
   * @param policyType the resource type the policy is for, by its CloudFormation name (IAM Access Analyzer's
   *     {@code resourceType}); empty for identity policies
   */
  public record Place(Format format, String source, String path, String policyType, Holds holds) {
    Place withHolds(Holds h) {
      return new Place(format, source, path, policyType, h);
    }
  }

  private static Place cfn(String type, String path, String policyType) {
    return new Place(Format.CLOUDFORMATION, type, path, policyType, Holds.RESOURCE_POLICY);
  }

  private static Place tf(String type, String path, String policyType) {
    return new Place(Format.TERRAFORM, type, path, policyType, Holds.RESOURCE_POLICY);
  }

  public static final List<Place> PLACES = List.of(
      cfn("AWS::S3::BucketPolicy", "PolicyDocument", "AWS::S3::Bucket"),
      cfn("AWS::SQS::QueuePolicy", "PolicyDocument", "AWS::SQS::Queue"),
      cfn("AWS::SNS::TopicPolicy", "PolicyDocument", "AWS::SNS::Topic"),
      cfn("AWS::SNS::TopicInlinePolicy", "PolicyDocument", "AWS::SNS::Topic"),
      cfn("AWS::SQS::QueueInlinePolicy", "PolicyDocument", "AWS::SQS::Queue"),
      cfn("AWS::KMS::Key", "KeyPolicy", "AWS::KMS::Key"),
      cfn("AWS::KMS::ReplicaKey", "KeyPolicy", "AWS::KMS::Key"),
      cfn("AWS::IAM::Role", "AssumeRolePolicyDocument", "AWS::IAM::AssumeRolePolicyDocument"),
      cfn("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", "AWS::SecretsManager::Secret"),
      cfn("AWS::ECR::Repository", "RepositoryPolicyText", "AWS::ECR::Repository"),
      cfn("AWS::EFS::FileSystem", "FileSystemPolicy", "AWS::EFS::FileSystem"),
      cfn("AWS::OpenSearchService::Domain", "AccessPolicies", "AWS::OpenSearchService::Domain"),
      cfn("AWS::Elasticsearch::Domain", "AccessPolicies", "AWS::OpenSearchService::Domain"),
      cfn("AWS::Glacier::Vault", "AccessPolicy", "AWS::S3::Glacier"),
      cfn("AWS::DynamoDB::Table", "ResourcePolicy/PolicyDocument", "AWS::DynamoDB::Table"),
      cfn("AWS::DynamoDB::Table", "StreamSpecification/ResourcePolicy/PolicyDocument", "AWS::DynamoDB::Stream"),
      cfn("AWS::DynamoDB::GlobalTable", "Replicas/*/ResourcePolicy/PolicyDocument", "AWS::DynamoDB::Table"),
      cfn("AWS::Kinesis::ResourcePolicy", "ResourcePolicy", "AWS::Kinesis::Stream"),
      cfn("AWS::Kinesis::StreamConsumer", "ResourcePolicy", "AWS::Kinesis::StreamConsumer"),
      cfn("AWS::ApiGateway::RestApi", "Policy", "AWS::ApiGateway::RestApi"),
      cfn("AWS::Backup::BackupVault", "AccessPolicy", "AWS::Backup::BackupVault"),
      cfn("AWS::CodeArtifact::Domain", "PermissionsPolicyDocument", "AWS::CodeArtifact::Domain"),
      cfn("AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", "AWS::CodeArtifact::Repository"),
      cfn("AWS::S3::AccessPoint", "Policy", "AWS::S3::AccessPoint"),
      cfn("AWS::S3Express::BucketPolicy", "PolicyDocument", "AWS::S3Express::DirectoryBucket"),
      cfn("AWS::S3Express::AccessPoint", "Policy", "AWS::S3Express::AccessPoint"),
      cfn("AWS::S3Outposts::BucketPolicy", "PolicyDocument", "AWS::S3Outposts::Bucket"),
      cfn("AWS::S3Outposts::AccessPoint", "Policy", "AWS::S3Outposts::AccessPoint"),
      cfn("AWS::S3Tables::TableBucketPolicy", "ResourcePolicy", "AWS::S3Tables::TableBucket"),
      cfn("AWS::S3Tables::TablePolicy", "ResourcePolicy", "AWS::S3Tables::Table"),
      cfn("AWS::CloudTrail::EventDataStore", "ResourcePolicy", "AWS::CloudTrail::EventDataStore"),
      cfn("AWS::CloudTrail::ResourcePolicy", "ResourcePolicy", "AWS::CloudTrail::EventDataStore"),
      cfn("AWS::ECR::RegistryPolicy", "PolicyText", "AWS::ECR::Registry"),
      cfn("AWS::Events::EventBus", "Policy", "AWS::Events::EventBus"),
      cfn("AWS::Logs::ResourcePolicy", "PolicyDocument", "AWS::Logs::ResourcePolicy"),
      cfn("AWS::Lambda::Permission", "", "AWS::Lambda::Function").withHolds(Holds.LAMBDA_PERMISSION),
      cfn("AWS::Lambda::LayerVersionPermission", "", "AWS::Lambda::LayerVersion").withHolds(Holds.NOT_CONVERTED),
      cfn("AWS::Events::EventBusPolicy", "", "AWS::Events::EventBus").withHolds(Holds.NOT_CONVERTED),
      cfn("AWS::IAM::Policy", "PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::ManagedPolicy", "PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::Role", "Policies/*/PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::User", "Policies/*/PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::Group", "Policies/*/PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::RolePolicy", "PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::UserPolicy", "PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::IAM::GroupPolicy", "PolicyDocument", "").withHolds(Holds.IDENTITY_POLICY),
      cfn("AWS::SSO::PermissionSet", "InlinePolicy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_s3_bucket_policy", "policy", "AWS::S3::Bucket"),
      tf("aws_s3_bucket", "policy", "AWS::S3::Bucket"),
      tf("aws_sqs_queue_policy", "policy", "AWS::SQS::Queue"),
      tf("aws_sqs_queue", "policy", "AWS::SQS::Queue"),
      tf("aws_sns_topic_policy", "policy", "AWS::SNS::Topic"),
      tf("aws_sns_topic", "policy", "AWS::SNS::Topic"),
      tf("aws_kms_key", "policy", "AWS::KMS::Key"),
      tf("aws_kms_key_policy", "policy", "AWS::KMS::Key"),
      tf("aws_kms_replica_key", "policy", "AWS::KMS::Key"),
      tf("aws_iam_role", "assume_role_policy", "AWS::IAM::AssumeRolePolicyDocument"),
      tf("aws_secretsmanager_secret_policy", "policy", "AWS::SecretsManager::Secret"),
      tf("aws_secretsmanager_secret", "policy", "AWS::SecretsManager::Secret"),
      tf("aws_ecr_repository_policy", "policy", "AWS::ECR::Repository"),
      tf("aws_efs_file_system_policy", "policy", "AWS::EFS::FileSystem"),
      tf("aws_opensearch_domain_policy", "access_policies", "AWS::OpenSearchService::Domain"),
      tf("aws_opensearch_domain", "access_policies", "AWS::OpenSearchService::Domain"),
      tf("aws_elasticsearch_domain_policy", "access_policies", "AWS::OpenSearchService::Domain"),
      tf("aws_elasticsearch_domain", "access_policies", "AWS::OpenSearchService::Domain"),
      tf("aws_glacier_vault", "access_policy", "AWS::S3::Glacier"),
      tf("aws_dynamodb_resource_policy", "policy", "AWS::DynamoDB::Table"),
      tf("aws_kinesis_resource_policy", "policy", "AWS::Kinesis::Stream"),
      tf("aws_api_gateway_rest_api_policy", "policy", "AWS::ApiGateway::RestApi"),
      tf("aws_api_gateway_rest_api", "policy", "AWS::ApiGateway::RestApi"),
      tf("aws_backup_vault_policy", "policy", "AWS::Backup::BackupVault"),
      tf("aws_codeartifact_domain_permissions_policy", "policy_document", "AWS::CodeArtifact::Domain"),
      tf("aws_codeartifact_repository_permissions_policy", "policy_document", "AWS::CodeArtifact::Repository"),
      tf("aws_s3_access_point", "policy", "AWS::S3::AccessPoint"),
      tf("aws_s3control_access_point_policy", "policy", "AWS::S3::AccessPoint"),
      tf("aws_s3control_bucket_policy", "policy", "AWS::S3Outposts::Bucket"),
      tf("aws_s3tables_table_bucket_policy", "resource_policy", "AWS::S3Tables::TableBucket"),
      tf("aws_s3tables_table_policy", "resource_policy", "AWS::S3Tables::Table"),
      tf("aws_cloudwatch_event_bus_policy", "policy", "AWS::Events::EventBus"),
      tf("aws_lambda_permission", "", "AWS::Lambda::Function").withHolds(Holds.LAMBDA_PERMISSION),
      tf("aws_lambda_layer_version_permission", "", "AWS::Lambda::LayerVersion").withHolds(Holds.NOT_CONVERTED),
      tf("aws_iam_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_role_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_user_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_group_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      // AWS CLI Command Reference, each command's "Output".
      new Place(Format.AWS_CLI, "aws s3api get-bucket-policy", "Policy", "AWS::S3::Bucket", Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws kms get-key-policy", "Policy", "AWS::KMS::Key", Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws sqs get-queue-attributes", "Attributes/Policy", "AWS::SQS::Queue", Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws sns get-topic-attributes", "Attributes/Policy", "AWS::SNS::Topic", Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws iam get-role", "Role/AssumeRolePolicyDocument", "AWS::IAM::AssumeRolePolicyDocument",
          Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws secretsmanager get-resource-policy", "ResourcePolicy", "AWS::SecretsManager::Secret",
          Holds.RESOURCE_POLICY),
      new Place(Format.AWS_CLI, "aws lambda get-policy", "Policy", "AWS::Lambda::Function", Holds.RESOURCE_POLICY));

  /** The places of {@code source} (a CloudFormation or Terraform resource type) in {@code format}. */
  public static List<Place> of(Format format, String source) {
    return PLACES.stream().filter(p -> p.format() == format && p.source().equals(source)).toList();
  }

  /** The place of a CLI output for {@code path}, if the table has one. */
  public static Optional<Place> cli(String path) {
    return PLACES.stream().filter(p -> p.format() == Format.AWS_CLI && p.path().equals(path)).findFirst();
  }
}
