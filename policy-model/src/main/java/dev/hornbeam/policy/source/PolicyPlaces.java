package dev.hornbeam.policy.source;

import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * Where users keep each type's policy: which CloudFormation resource and property, and which Terraform
 * resource and attribute — one small table keyed by type names (strings,
 * so that it can be folded into the resource-type registry: {@code ResourceType.fromName} of
 * {@link Place#policyType} is the type a policy is checked as; a name the registry does not know is
 * reported UNSUPPORTED, never skipped).
 *
 * <p>Sources: the CloudFormation User Guide's resource type reference (each type's properties) and the
 * Terraform AWS provider's documentation (each resource's arguments). Where the AWS CLI prints each type's policy
 * is the registry's ({@link ResourceType#cliLocation}, read by {@code CliOutput}).
 */
public final class PolicyPlaces {
  private PolicyPlaces() {}

  public enum Format { CLOUDFORMATION, TERRAFORM }

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
   * @param source the CloudFormation resource type or Terraform resource type
   * @param path the property (or attribute) holding the policy; "a/*&#47;b" for each item of a list
   * @param policyType the resource type the policy is for, by its CloudFormation name (IAM Access Analyzer's
   *     {@code resourceType}); empty for identity policies; the first of {@code arnTypes} when those are given
   * @param arnProperty the property (or attribute) holding the ARN of the resource the policy is attached to,
   *     when that ARN decides the policy's type ({@link ArnTyping}); empty when the type is always {@code policyType}
   * @param arnTypes the types the ARN may name, by their CloudFormation names; empty unless {@code arnProperty} is given
   */
  public record Place(Format format, String source, String path, String policyType, Holds holds, String arnProperty,
      List<String> arnTypes) {
    public Place {
      arnTypes = List.copyOf(arnTypes);
      if (arnProperty.isEmpty() != arnTypes.isEmpty() || !arnTypes.isEmpty() && !arnTypes.get(0).equals(policyType)) {
        throw new IllegalArgumentException("a place typed by an ARN names its property and types, the first its policyType: " + source);
      }
    }

    public Place(Format format, String source, String path, String policyType, Holds holds) {
      this(format, source, path, policyType, holds, "", List.of());
    }

    Place withHolds(Holds h) {
      return new Place(format, source, path, policyType, h, arnProperty, arnTypes);
    }

    /** Whether the policy's type is chosen by the ARN in {@link #arnProperty}. */
    public boolean typedByArn() {
      return !arnProperty.isEmpty();
    }
  }

  /** A place whose policy's type is the one of {@code types} that the ARN in {@code arnProperty} names. */
  private static Place byArn(Place p, String arnProperty, ResourceType... types) {
    List<String> names = java.util.Arrays.stream(types).map(ResourceType::cloudFormationName).toList();
    return new Place(p.format(), p.source(), p.path(), names.get(0), p.holds(), arnProperty, names);
  }

  private static Place cfn(String type, String path, String policyType) {
    return new Place(Format.CLOUDFORMATION, type, path, policyType, Holds.RESOURCE_POLICY);
  }

  private static Place tf(String type, String path, String policyType) {
    return new Place(Format.TERRAFORM, type, path, policyType, Holds.RESOURCE_POLICY);
  }

  public static final List<Place> PLACES = List.of(
      cfn("AWS::S3::BucketPolicy", "PolicyDocument", ResourceType.S3_BUCKET.cloudFormationName()),
      cfn("AWS::SQS::QueuePolicy", "PolicyDocument", ResourceType.SQS_QUEUE.cloudFormationName()),
      cfn("AWS::SNS::TopicPolicy", "PolicyDocument", ResourceType.SNS_TOPIC.cloudFormationName()),
      cfn("AWS::SNS::TopicInlinePolicy", "PolicyDocument", ResourceType.SNS_TOPIC.cloudFormationName()),
      cfn("AWS::SQS::QueueInlinePolicy", "PolicyDocument", ResourceType.SQS_QUEUE.cloudFormationName()),
      cfn(ResourceType.KMS_KEY.cloudFormationName(), "KeyPolicy", ResourceType.KMS_KEY.cloudFormationName()),
      cfn("AWS::KMS::ReplicaKey", "KeyPolicy", ResourceType.KMS_KEY.cloudFormationName()),
      cfn("AWS::IAM::Role", "AssumeRolePolicyDocument", ResourceType.IAM_ROLE_TRUST.cloudFormationName()),
      cfn("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", ResourceType.SECRETS_MANAGER_SECRET.cloudFormationName()),
      cfn(ResourceType.ECR_REPOSITORY.cloudFormationName(), "RepositoryPolicyText", ResourceType.ECR_REPOSITORY.cloudFormationName()),
      cfn(ResourceType.EFS_FILE_SYSTEM.cloudFormationName(), "FileSystemPolicy", ResourceType.EFS_FILE_SYSTEM.cloudFormationName()),
      cfn(ResourceType.OPENSEARCH_DOMAIN.cloudFormationName(), "AccessPolicies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      cfn("AWS::Elasticsearch::Domain", "AccessPolicies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      cfn("AWS::Glacier::Vault", "AccessPolicy", ResourceType.GLACIER_VAULT.cloudFormationName()),
      cfn(ResourceType.DYNAMODB_TABLE.cloudFormationName(), "ResourcePolicy/PolicyDocument", ResourceType.DYNAMODB_TABLE.cloudFormationName()),
      cfn(ResourceType.DYNAMODB_TABLE.cloudFormationName(), "StreamSpecification/ResourcePolicy/PolicyDocument", ResourceType.DYNAMODB_STREAM.cloudFormationName()),
      cfn("AWS::DynamoDB::GlobalTable", "Replicas/*/ResourcePolicy/PolicyDocument", ResourceType.DYNAMODB_TABLE.cloudFormationName()),
      // CloudFormation Template Reference, AWS::Kinesis::ResourcePolicy: "Attaches a resource-based policy to a data
      // stream or registered consumer" (ResourceArn: the stream's or the consumer's ARN).
      byArn(cfn("AWS::Kinesis::ResourcePolicy", "ResourcePolicy", ""), "ResourceArn", ResourceType.KINESIS_STREAM,
          ResourceType.KINESIS_STREAM_CONSUMER),
      cfn(ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName(), "ResourcePolicy", ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName()),
      cfn(ResourceType.API_GATEWAY_REST_API.cloudFormationName(), "Policy", ResourceType.API_GATEWAY_REST_API.cloudFormationName()),
      cfn(ResourceType.BACKUP_VAULT.cloudFormationName(), "AccessPolicy", ResourceType.BACKUP_VAULT.cloudFormationName()),
      cfn(ResourceType.CODEARTIFACT_DOMAIN.cloudFormationName(), "PermissionsPolicyDocument", ResourceType.CODEARTIFACT_DOMAIN.cloudFormationName()),
      cfn("AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", "AWS::CodeArtifact::Repository"),
      cfn(ResourceType.S3_ACCESS_POINT.cloudFormationName(), "Policy", ResourceType.S3_ACCESS_POINT.cloudFormationName()),
      cfn("AWS::S3Express::BucketPolicy", "PolicyDocument", ResourceType.S3_EXPRESS_DIRECTORY_BUCKET.cloudFormationName()),
      cfn(ResourceType.S3_EXPRESS_ACCESS_POINT.cloudFormationName(), "Policy", ResourceType.S3_EXPRESS_ACCESS_POINT.cloudFormationName()),
      cfn("AWS::S3Outposts::BucketPolicy", "PolicyDocument", ResourceType.S3_OUTPOSTS_BUCKET.cloudFormationName()),
      cfn(ResourceType.S3_OUTPOSTS_ACCESS_POINT.cloudFormationName(), "Policy", ResourceType.S3_OUTPOSTS_ACCESS_POINT.cloudFormationName()),
      cfn("AWS::S3Tables::TableBucketPolicy", "ResourcePolicy", ResourceType.S3_TABLES_TABLE_BUCKET.cloudFormationName()),
      cfn("AWS::S3Tables::TablePolicy", "ResourcePolicy", ResourceType.S3_TABLES_TABLE.cloudFormationName()),
      cfn(ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName(), "ResourcePolicy", ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName()),
      // CloudFormation Template Reference, AWS::CloudTrail::ResourcePolicy, ResourceArn: "The Amazon Resource Name (ARN)
      // of the CloudTrail event data store, dashboard, or channel attached to the resource-based policy" (channels are
      // not in the registry: a channel's policy is UNSUPPORTED).
      byArn(cfn("AWS::CloudTrail::ResourcePolicy", "ResourcePolicy", ""), "ResourceArn", ResourceType.CLOUDTRAIL_EVENT_DATA_STORE,
          ResourceType.CLOUDTRAIL_DASHBOARD),
      cfn("AWS::ECR::RegistryPolicy", "PolicyText", "AWS::ECR::Registry"),
      cfn("AWS::Events::EventBus", "Policy", "AWS::Events::EventBus"),
      cfn("AWS::Logs::ResourcePolicy", "PolicyDocument", "AWS::Logs::ResourcePolicy"),
      cfn("AWS::Lambda::Permission", "", ResourceType.LAMBDA_FUNCTION.cloudFormationName()).withHolds(Holds.LAMBDA_PERMISSION),
      cfn("AWS::Lambda::LayerVersionPermission", "", ResourceType.LAMBDA_LAYER_VERSION.cloudFormationName()).withHolds(Holds.NOT_CONVERTED),
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
      tf("aws_s3_bucket_policy", "policy", ResourceType.S3_BUCKET.cloudFormationName()),
      tf("aws_s3_bucket", "policy", ResourceType.S3_BUCKET.cloudFormationName()),
      tf("aws_sqs_queue_policy", "policy", ResourceType.SQS_QUEUE.cloudFormationName()),
      tf("aws_sqs_queue", "policy", ResourceType.SQS_QUEUE.cloudFormationName()),
      tf("aws_sns_topic_policy", "policy", ResourceType.SNS_TOPIC.cloudFormationName()),
      tf("aws_sns_topic", "policy", ResourceType.SNS_TOPIC.cloudFormationName()),
      tf("aws_kms_key", "policy", ResourceType.KMS_KEY.cloudFormationName()),
      tf("aws_kms_key_policy", "policy", ResourceType.KMS_KEY.cloudFormationName()),
      tf("aws_kms_replica_key", "policy", ResourceType.KMS_KEY.cloudFormationName()),
      tf("aws_iam_role", "assume_role_policy", ResourceType.IAM_ROLE_TRUST.cloudFormationName()),
      tf("aws_secretsmanager_secret_policy", "policy", ResourceType.SECRETS_MANAGER_SECRET.cloudFormationName()),
      tf("aws_secretsmanager_secret", "policy", ResourceType.SECRETS_MANAGER_SECRET.cloudFormationName()),
      tf("aws_ecr_repository_policy", "policy", ResourceType.ECR_REPOSITORY.cloudFormationName()),
      tf("aws_efs_file_system_policy", "policy", ResourceType.EFS_FILE_SYSTEM.cloudFormationName()),
      tf("aws_opensearch_domain_policy", "access_policies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      tf("aws_opensearch_domain", "access_policies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      tf("aws_elasticsearch_domain_policy", "access_policies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      tf("aws_elasticsearch_domain", "access_policies", ResourceType.OPENSEARCH_DOMAIN.cloudFormationName()),
      tf("aws_glacier_vault", "access_policy", ResourceType.GLACIER_VAULT.cloudFormationName()),
      // aws_dynamodb_resource_policy's resource_arn is DynamoDB PutResourcePolicy's ResourceArn (Amazon DynamoDB API
      // Reference): "The resources you can specify include tables and streams".
      byArn(tf("aws_dynamodb_resource_policy", "policy", ""), "resource_arn", ResourceType.DYNAMODB_TABLE, ResourceType.DYNAMODB_STREAM),
      // aws_kinesis_resource_policy's resource_arn is Kinesis PutResourcePolicy's ResourceARN (Amazon Kinesis Data
      // Streams API Reference): "The Amazon Resource Name (ARN) of the data stream or consumer".
      byArn(tf("aws_kinesis_resource_policy", "policy", ""), "resource_arn", ResourceType.KINESIS_STREAM,
          ResourceType.KINESIS_STREAM_CONSUMER),
      tf("aws_api_gateway_rest_api_policy", "policy", ResourceType.API_GATEWAY_REST_API.cloudFormationName()),
      tf("aws_api_gateway_rest_api", "policy", ResourceType.API_GATEWAY_REST_API.cloudFormationName()),
      tf("aws_backup_vault_policy", "policy", ResourceType.BACKUP_VAULT.cloudFormationName()),
      tf("aws_codeartifact_domain_permissions_policy", "policy_document", ResourceType.CODEARTIFACT_DOMAIN.cloudFormationName()),
      tf("aws_codeartifact_repository_permissions_policy", "policy_document", "AWS::CodeArtifact::Repository"),
      tf("aws_s3_access_point", "policy", ResourceType.S3_ACCESS_POINT.cloudFormationName()),
      tf("aws_s3control_access_point_policy", "policy", ResourceType.S3_ACCESS_POINT.cloudFormationName()),
      tf("aws_s3control_bucket_policy", "policy", ResourceType.S3_OUTPOSTS_BUCKET.cloudFormationName()),
      tf("aws_s3tables_table_bucket_policy", "resource_policy", ResourceType.S3_TABLES_TABLE_BUCKET.cloudFormationName()),
      tf("aws_s3tables_table_policy", "resource_policy", ResourceType.S3_TABLES_TABLE.cloudFormationName()),
      tf("aws_cloudwatch_event_bus_policy", "policy", "AWS::Events::EventBus"),
      tf("aws_lambda_permission", "", ResourceType.LAMBDA_FUNCTION.cloudFormationName()).withHolds(Holds.LAMBDA_PERMISSION),
      tf("aws_lambda_layer_version_permission", "", ResourceType.LAMBDA_LAYER_VERSION.cloudFormationName()).withHolds(Holds.NOT_CONVERTED),
      tf("aws_iam_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_role_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_user_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY),
      tf("aws_iam_group_policy", "policy", "").withHolds(Holds.IDENTITY_POLICY));

  /** The places of {@code source} (a CloudFormation or Terraform resource type) in {@code format}. */
  public static List<Place> of(Format format, String source) {
    return PLACES.stream().filter(p -> p.format() == format && p.source().equals(source)).toList();
  }
}
