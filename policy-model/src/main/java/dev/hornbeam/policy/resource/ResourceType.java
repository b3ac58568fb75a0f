package dev.hornbeam.policy.resource;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.resource.PolicyLocation.Encoding;
import dev.hornbeam.policy.resource.PolicyLocation.NoPolicy;
import dev.hornbeam.policy.universe.PrincipalKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registry of resource types: the one place a type whose policies Hornbeam answers for is described.
 * Each carries its CloudFormation name (the name IAM Access Analyzer's CheckNoPublicAccess takes), its name
 * on the command line, the service prefix of the actions that apply to it, its ARN's shape and its
 * sub-resources ({@link ArnShape}), its policy size quota, where AWS Config and the AWS CLI put its policy
 * ({@link PolicyLocation}), and what it adds to the shared meaning of public ({@link PublicRule}).
 * Validation, the encoder, the reference model, the CLI options, the HTTP API and the audit inputs read
 * it; adding a type is one constant here and its tests ({@code RegistryOnlyTest} checks that no other
 * main source names a type).
 *
 * <p>The types are the 26 that CheckNoPublicAccess takes (IAM Access Analyzer API Reference,
 * "CheckNoPublicAccess", resourceType's valid values), plus the external-access findings' types that have a
 * policy document (IAM User Guide, "IAM Access Analyzer resource types for external access": Lambda layer
 * versions, ECR repositories). The findings' types without a policy document are not here: EBS volume
 * snapshots and RDS DB (cluster) snapshots are shared through a snapshot attribute (createVolumePermission,
 * restore), not a policy, so there is no policy to check.
 *
 * <p>AWS Config records the policy of 10 of them ({@link #configLocation}): S3 buckets and access points,
 * KMS keys, SQS queues, SNS topics, IAM role trust policies (in the {@code AWS::IAM::Role} item), Lambda
 * functions, ECR repositories, EFS file systems, OpenSearch domains ({@code AWS::OpenSearch::Domain}) and
 * Backup vaults. It records no policy of the others: Secrets Manager secrets (AWS's own Config rule fetches
 * the policy with GetResourcePolicy: the item has none), API Gateway REST APIs, DynamoDB tables and streams,
 * Kinesis streams and consumers, Lambda layer versions, S3 Express access points, S3 Outposts buckets and
 * access points, S3 Tables (items without a policy member, or no AWS Config type at all), and Glacier
 * vaults, CodeArtifact domains and CloudTrail dashboards and event data stores (no AWS Config type: the
 * AWS Config resource schema, github.com/awslabs/aws-config-resource-schema, has none). A directory
 * bucket's policy is its own AWS Config type, {@code AWS::S3Express::BucketPolicy}, named by the bucket's
 * name and not its ARN; AWS documents neither its policy member nor its {@code arn}, so it is not read
 * (docs/audit-inputs.md). Sources: api-service/src/test/resources/audit/README.md.
 *
 * <p>Every type's actions have one service prefix. ARN shapes follow the Service Authorization
 * Reference's resource types (the catalogue's ARN templates); a resource field pattern is no stricter
 * than AWS's naming rules, which only matters for {@code --arn} / {@code resourceArn}. Sub-resources are
 * given as "starts with the resource's ARN and this text", wider than AWS where in doubt: a wider set of
 * resources can only find more public access, never less.
 */
public enum ResourceType {
  // Amazon S3 User Guide, "General purpose bucket naming rules": 3–63 characters of a–z, 0–9, '.' and
  // '-'. Buckets made in us-east-1 before 1 March 2018 may have up to 255 characters with upper case
  // and '_' ("Legacy bucket naming rules"), so those are accepted too: a wrong bucket is caught by the
  // policy's own Resource (ResourceScope), not by guessing a bucket's age. Policy: 20 KB ("Bucket
  // policies"). Objects: arn:aws:s3:::bucket/key ("Policy resources for Amazon S3").
  S3_BUCKET("AWS::S3::Bucket", "s3", "s3",
      new ArnShape("s3", false, false, Pattern.compile("[A-Za-z0-9._-]{3,255}"),
          "a bucket name (3 to 63 characters of a-z, 0-9, '.' and '-'), as arn:aws:s3:::amzn-s3-demo-bucket",
          Optional.of("/")),
      new Limits(20 * 1024, 100, 1000),
      List.of(
          // AWS's published items (aws-iam-access-analyzer-policy-validation-config-rule, create-s3-bucket.json,
          // s3_bucket.py): policyText is null when the bucket has no policy.
          config("AWS::S3::Bucket", List.of("supplementaryConfiguration", "BucketPolicy", "policyText"), Set.of(NoPolicy.NULL),
              Encoding.JSON_TEXT, Sources.AWS_RULE + " (s3_bucket.py, sample-events/*-s3-bucket.json)"),
          cli("aws s3api get-bucket-policy", List.of(Set.of("Policy")), "Policy")),
      s3PolicyRules(true)),
  // AWS KMS Developer Guide, "Key identifiers (KeyId)": a key ARN ends in key/ and the key id, a UUID
  // or, for a multi-Region key, mrk- and 32 hexadecimal digits. An alias ARN names no key policy.
  // Policy: 32 KB ("Key policy document size").
  KMS_KEY("AWS::KMS::Key", "kms", "kms",
      ArnShape.regional("kms", "key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})",
          "key/ and a key id, as arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
      new Limits(32 * 1024, 100, 1000),
      // AWS's published items (kms_key.py, sample-events/*-kms-key.json). Every KMS key has exactly one key
      // policy (AWS KMS Developer Guide, "Key policies in AWS KMS"): a missing or null Policy is not "none".
      List.of(config("AWS::KMS::Key", List.of("supplementaryConfiguration", "Policy"), Set.of(), Encoding.JSON_TEXT,
              Sources.AWS_RULE + " (kms_key.py, sample-events/*-kms-key.json)"),
          cli("aws kms get-key-policy", List.of(Set.of("Policy", "PolicyName")), "Policy")),
      List.of(new PublicRule("kms:calleraccount", true, "the account of the caller of a KMS operation: a fixed value "
          + "names an account", "AWS KMS Developer Guide, \"AWS KMS condition keys\", kms:CallerAccount"))),
  // Amazon SQS API Reference, CreateQueue, QueueName: up to 80 characters of alphanumerics, '-' and
  // '_'; a FIFO queue's name ends in .fifo. Policy: 20 KB ("Quotas related to policies").
  SQS_QUEUE("AWS::SQS::Queue", "sqs", "sqs",
      ArnShape.regional("sqs", "(?=.{1,80}$)[A-Za-z0-9_-]+(\\.fifo)?",
          "a queue name (up to 80 characters of A-Z, a-z, 0-9, '-' and '_', .fifo at the end for a FIFO queue),"
              + " as arn:aws:sqs:us-east-1:111122223333:my-queue"),
      new Limits(20 * 1024, 100, 1000),
      // AWS's published items (sqs_queue.py, sample-events/*-sqs-queue.json): the queue's attributes, Policy
      // absent when the queue has none.
      List.of(config("AWS::SQS::Queue", List.of("configuration", "Policy"), Set.of(NoPolicy.ABSENT, NoPolicy.NULL),
              Encoding.JSON_TEXT, Sources.AWS_RULE + " (sqs_queue.py, sample-events/*-sqs-queue.json)"),
          cli("aws sqs get-queue-attributes --attribute-names Policy", List.of(Set.of("Attributes"), PolicyLocation.ANY_MEMBER), "Attributes",
              "Policy")),
      List.of()),
  // Amazon SNS API Reference, CreateTopic, Name: up to 256 characters of alphanumerics, '-' and '_';
  // a FIFO topic's name ends in .fifo. Policy: 30 KB (topic attributes, "Policy").
  SNS_TOPIC("AWS::SNS::Topic", "sns", "sns",
      ArnShape.regional("sns", "(?=.{1,256}$)[A-Za-z0-9_-]+(\\.fifo)?",
          "a topic name (up to 256 characters of A-Z, a-z, 0-9, '-' and '_', .fifo at the end for a FIFO topic),"
              + " as arn:aws:sns:us-east-1:111122223333:my-topic"),
      new Limits(30 * 1024, 100, 1000),
      // AWS's published items (sns_topic.py, sample-events/*-sns-topic.json).
      List.of(config("AWS::SNS::Topic", List.of("configuration", "Policy"), Set.of(NoPolicy.ABSENT, NoPolicy.NULL),
              Encoding.JSON_TEXT, Sources.AWS_RULE + " (sns_topic.py, sample-events/*-sns-topic.json)"),
          cli("aws sns get-topic-attributes", List.of(Set.of("Attributes"), PolicyLocation.ANY_MEMBER), "Attributes", "Policy")),
      List.of()),
  // A role's trust policy: who may assume the role, with sts: actions (IAM User Guide, "Roles terms and
  // concepts", trust policy; "AWS STS condition keys"). The resource is the role, arn:aws:iam::ACCOUNT:role/
  // PATH/NAME (IAM identifiers: no region). Quota: 2,048 characters, up to 4,096 on request, white space
  // not counted (IAM User Guide, "IAM and AWS STS quotas"): not a byte count, so only the general limit.
  IAM_ROLE_TRUST("AWS::IAM::AssumeRolePolicyDocument", "iam-role", "sts",
      new ArnShape("iam", false, true, Pattern.compile("role/([\\x21-\\x7E]*/)?[A-Za-z0-9+=,.@_-]{1,64}"),
          "role/, an optional path and a role name, as arn:aws:iam::111122223333:role/my-role", Optional.empty()),
      Limits.DEFAULT,
      // AWS Config records the trust policy in the role's own item, AWS::IAM::Role, URL-encoded (AWS's
      // published items: iam_role.py reads json.loads(unquote(configuration.assumeRolePolicyDocument));
      // sample-events/create-iam-role.json, history-iam-role.json). Every role has a trust policy (IAM API
      // Reference, CreateRole: AssumeRolePolicyDocument is required), so a missing one is never "none".
      List.of(config("AWS::IAM::Role", List.of("configuration", "assumeRolePolicyDocument"), Set.of(),
              Encoding.URL_ENCODED_JSON_TEXT, Sources.AWS_RULE + " (iam_role.py, sample-events/*-iam-role.json)"),
          // The AWS CLI prints the document decoded, as an object; IAM's API URL-encodes it (IAM API Reference,
          // Role): Inputs reads both, not CliOutput.
          cli("aws iam get-role", Encoding.URL_ENCODED_JSON_TEXT, List.of(Set.of("Role"), Set.of("Arn", "AssumeRolePolicyDocument", "CreateDate", "Description",
                  "MaxSessionDuration", "Path", "PermissionsBoundary", "RoleId", "RoleLastUsed", "RoleName", "Tags")), "Role",
              "AssumeRolePolicyDocument")),
      List.of(new PublicRule("sts:externalid", false, "the external ID is chosen by the caller: anyone who knows or "
          + "guesses it can send it, so a fixed value restricts nothing", "IAM User Guide, \"Access to AWS accounts "
          + "owned by third parties\" (the external ID is not a secret)"))),
  // Lambda: function names, "CreateFunction" (up to 64 characters of letters, digits, '-' and '_'); a
  // version or alias is function:NAME:QUALIFIER. Policy: 20 KB (Lambda Developer Guide, "Lambda quotas").
  LAMBDA_FUNCTION("AWS::Lambda::Function", "lambda", "lambda",
      ArnShape.regional("lambda", "function:[A-Za-z0-9_-]{1,64}",
          "function: and a function name, as arn:aws:lambda:us-east-1:111122223333:function:my-function").withChildren(":"),
      new Limits(20 * 1024, 100, 1000),
      // AWS Config: supplementaryConfiguration.Policy of the AWS::Lambda::Function item (not in AWS's
      // published items; cloud-copilot/iam-collect, AwsConfigLambdaClient.ts, reads GetPolicy's Policy there).
      // How AWS Config records a function without a policy is not published: a missing Policy is a bad record.
      List.of(config("AWS::Lambda::Function", List.of("supplementaryConfiguration", "Policy"), Set.of(),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.IAM_COLLECT + " (AwsConfigLambdaClient.ts)"),
          // The CLI Command Reference's example prints Policy as an object (awscli/examples/lambda/get-policy.rst);
          // the API's GetPolicy returns a string: both are read.
          cli("aws lambda get-policy", Encoding.JSON_OBJECT_OR_TEXT, List.of(Set.of("Policy", "RevisionId")), "Policy")),
      List.of()),
  // Lambda layer versions (external-access findings; Lambda Developer Guide, "Layer permissions").
  LAMBDA_LAYER_VERSION("AWS::Lambda::LayerVersion", "lambda-layer", "lambda",
      ArnShape.regional("lambda", "layer:[A-Za-z0-9_-]{1,140}:[0-9]{1,10}",
          "layer:, a layer name, ':' and a version, as arn:aws:lambda:us-east-1:111122223333:layer:my-layer:1"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws lambda get-layer-version-policy", Encoding.JSON_OBJECT_OR_TEXT, List.of(Set.of("Policy", "RevisionId")),
          "Policy")),
      List.of()),
  // Secrets Manager: secret:NAME-6 random characters (Secrets Manager User Guide, "Secrets Manager ARNs").
  SECRETS_MANAGER_SECRET("AWS::SecretsManager::Secret", "secretsmanager", "secretsmanager",
      ArnShape.regional("secretsmanager", "secret:[A-Za-z0-9/_+=.@-]{1,512}",
          "secret: and a secret name, as arn:aws:secretsmanager:us-east-1:111122223333:secret:my-secret-a1b2c3"),
      Limits.DEFAULT,
      List.of(cli("aws secretsmanager get-resource-policy", List.of(Set.of("ARN", "Name", "ResourcePolicy")), "ResourcePolicy")),
      List.of()),
  // ECR repositories (external-access findings): repository/NAME, names of lower-case letters, digits and
  // . _ - / (Amazon ECR API Reference, CreateRepository, repositoryName).
  ECR_REPOSITORY("AWS::ECR::Repository", "ecr", "ecr",
      ArnShape.regional("ecr", "repository/[a-z0-9][a-z0-9._/-]{0,255}",
          "repository/ and a repository name, as arn:aws:ecr:us-east-1:111122223333:repository/my-repo"),
      Limits.DEFAULT,
      // AWS Config: configuration.RepositoryPolicyText of the AWS::ECR::Repository item, the CloudFormation
      // property (an object or a string; cloud-copilot/iam-collect, AwsConfigEcrClient.ts). Absent: a bad record.
      List.of(config("AWS::ECR::Repository", List.of("configuration", "RepositoryPolicyText"), Set.of(),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.IAM_COLLECT + " (AwsConfigEcrClient.ts)"),
          cli("aws ecr get-repository-policy", List.of(Set.of("registryId", "repositoryName", "policyText")), "policyText")),
      List.of()),
  // EFS: file-system/fs-ID (Amazon EFS User Guide, "Resource types defined by Amazon EFS").
  EFS_FILE_SYSTEM("AWS::EFS::FileSystem", "efs", "elasticfilesystem",
      ArnShape.regional("elasticfilesystem", "file-system/fs-[0-9a-f]{8,40}",
          "file-system/ and a file system id, as arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0"),
      Limits.DEFAULT,
      // AWS Config: configuration.FileSystemPolicy of the AWS::EFS::FileSystem item, the CloudFormation
      // property, an object (cloud-copilot/iam-collect, AwsConfigEfsClient.ts). Absent: a bad record.
      List.of(config("AWS::EFS::FileSystem", List.of("configuration", "FileSystemPolicy"), Set.of(),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.IAM_COLLECT + " (AwsConfigEfsClient.ts)"),
          cli("aws efs describe-file-system-policy", List.of(Set.of("FileSystemId", "Policy")), "Policy")),
      // Amazon EFS User Guide, "Blocking public access to EFS file systems", "The meaning of public": a file
      // system policy that grants access only to fixed values of elasticfilesystem:AccessedViaMountTarget (a
      // Bool: true, only through a mount target in the owner's VPC) is non-public, like aws:SourceVpc.
      List.of(new PublicRule("elasticfilesystem:accessedviamounttarget", true, "a fixed Bool value (true: only "
          + "through a mount target) restricts", "Amazon EFS User Guide, \"Blocking public access to EFS file systems\", "
          + "\"The meaning of public\""))),
  // OpenSearch Service: domain/NAME, 3–28 characters starting with a letter (OpenSearch Service Developer
  // Guide, "Creating domains"); its indexes are domain/NAME/INDEX ("Identity and Access Management").
  OPENSEARCH_DOMAIN("AWS::OpenSearchService::Domain", "opensearch", "es",
      ArnShape.regional("es", "domain/[a-z][a-z0-9-]{2,27}",
          "domain/ and a domain name, as arn:aws:es:us-east-1:111122223333:domain/my-domain").withChildren("/"),
      Limits.DEFAULT,
      // AWS Config names the type AWS::OpenSearch::Domain (aws-config-resource-schema); the policy is
      // configuration.AccessPolicies, the CloudFormation property, an object (cloud-copilot/iam-collect,
      // AwsConfigOpenSearchClient.ts). Absent: a bad record. (AWS::Elasticsearch::Domain items are not read.)
      List.of(config("AWS::OpenSearch::Domain", List.of("configuration", "AccessPolicies"), Set.of(),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.IAM_COLLECT + " (AwsConfigOpenSearchClient.ts)"),
          cli("aws opensearch describe-domain-config", List.of(Set.of("DomainConfig"),
              Set.of("AIMLOptions", "AccessPolicies", "AdvancedOptions", "AdvancedSecurityOptions", "AutoTuneOptions",
                  "AutomatedSnapshotPauseOptions", "ChangeProgressDetails", "ClusterConfig", "CognitoOptions",
                  "DeploymentStrategyOptions", "DomainEndpointOptions", "EBSOptions", "EncryptionAtRestOptions", "EngineMode",
                  "EngineVersion", "IPAddressType", "IdentityCenterOptions", "LogPublishingOptions", "ModifyingProperties",
                  "NodeToNodeEncryptionOptions", "OffPeakWindowOptions", "SnapshotOptions", "SoftwareUpdateOptions", "UseCase",
                  "VPCOptions"),
              Set.of("Options", "Status")), "DomainConfig", "AccessPolicies", "Options")),
      List.of()),
  // S3 Glacier vaults: vaults/NAME, up to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.' (Amazon S3
  // Glacier Developer Guide, "Creating a vault"). Access Analyzer names the type AWS::S3::Glacier.
  GLACIER_VAULT("AWS::S3::Glacier", "glacier", "glacier",
      ArnShape.regional("glacier", "vaults/[A-Za-z0-9_.-]{1,255}",
          "vaults/ and a vault name, as arn:aws:glacier:us-east-1:111122223333:vaults/my-vault"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws glacier get-vault-access-policy", List.of(Set.of("policy"), Set.of("Policy")), "policy", "Policy")),
      List.of()),
  // DynamoDB tables: table/NAME, 3–255 characters of a-z, A-Z, 0-9, '_', '-', '.' (DynamoDB Developer
  // Guide, "Naming rules"); a table's policy also covers its indexes, table/NAME/index/INDEX ("Resource-based
  // policies for DynamoDB"). Policy: 20 KB (same page).
  DYNAMODB_TABLE("AWS::DynamoDB::Table", "dynamodb-table", "dynamodb",
      ArnShape.regional("dynamodb", "table/[A-Za-z0-9_.-]{3,255}",
          "table/ and a table name, as arn:aws:dynamodb:us-east-1:111122223333:table/my-table").withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws dynamodb get-resource-policy", List.of(Set.of("Policy", "RevisionId")), "Policy")),
      List.of()),
  // DynamoDB streams: table/NAME/stream/LABEL (the label a timestamp).
  DYNAMODB_STREAM("AWS::DynamoDB::Stream", "dynamodb-stream", "dynamodb",
      ArnShape.regional("dynamodb", "table/[A-Za-z0-9_.-]{3,255}/stream/[A-Za-z0-9:._-]{1,64}",
          "table/NAME/stream/ and a stream label, as arn:aws:dynamodb:us-east-1:111122223333:table/my-table/stream/"
              + "2024-02-12T18:57:26.492"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws dynamodb get-resource-policy", List.of(Set.of("Policy", "RevisionId")), "Policy")),
      List.of()),
  // Kinesis data streams: stream/NAME, 1–128 characters of a-z, A-Z, 0-9, '_', '-', '.' (Kinesis Data
  // Streams API Reference, CreateStream). A stream policy may grant on its consumers, stream/NAME/consumer/…
  KINESIS_STREAM("AWS::Kinesis::Stream", "kinesis-stream", "kinesis",
      ArnShape.regional("kinesis", "stream/[A-Za-z0-9_.-]{1,128}",
          "stream/ and a stream name, as arn:aws:kinesis:us-east-1:111122223333:stream/my-stream").withChildren("/"),
      Limits.DEFAULT,
      List.of(cli("aws kinesis get-resource-policy", List.of(Set.of("Policy")), "Policy")),
      List.of()),
  // Kinesis stream consumers: stream/NAME/consumer/CONSUMER:CREATION-TIMESTAMP.
  KINESIS_STREAM_CONSUMER("AWS::Kinesis::StreamConsumer", "kinesis-consumer", "kinesis",
      ArnShape.regional("kinesis", "stream/[A-Za-z0-9_.-]{1,128}/consumer/[A-Za-z0-9_.-]{1,128}:[0-9]{1,20}",
          "stream/NAME/consumer/, a consumer name, ':' and its creation time, as arn:aws:kinesis:us-east-1:111122223333:"
              + "stream/my-stream/consumer/my-consumer:1234567890"),
      Limits.DEFAULT,
      List.of(cli("aws kinesis get-resource-policy", List.of(Set.of("Policy")), "Policy")),
      List.of()),
  // API Gateway REST APIs: the policy's resources are arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/
  // METHOD/PATH (API Gateway Developer Guide, "API Gateway resource policy examples"); the API id is 10
  // characters. Quota: 8,192 characters (API Gateway quotas), not encoded as bytes.
  API_GATEWAY_REST_API("AWS::ApiGateway::RestApi", "apigateway", "execute-api",
      ArnShape.regional("execute-api", "[a-z0-9]{10}",
          "an API id, as arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5").withChildren("/"),
      Limits.DEFAULT,
      // API Gateway returns the policy escaped once more (its value reads {\"Version\":…}): see Encoding.ESCAPED_JSON_TEXT.
      List.of(cli("aws apigateway get-rest-api", Encoding.ESCAPED_JSON_TEXT, List.of(Set.of("apiKeySource", "apiStatus",
          "apiStatusMessage", "binaryMediaTypes", "createdDate", "description", "disableExecuteApiEndpoint", "endpointAccessMode",
          "endpointConfiguration", "id", "minimumCompressionSize", "name", "policy", "rootResourceId", "securityPolicy", "tags",
          "version", "warnings")), "policy")),
      List.of()),
  // Backup vaults: backup-vault:NAME, 2–50 characters of a-z, A-Z, 0-9, '-' and '_' (AWS Backup Developer
  // Guide, "Backup vault creation").
  BACKUP_VAULT("AWS::Backup::BackupVault", "backup", "backup",
      ArnShape.regional("backup", "backup-vault:[A-Za-z0-9_.-]{2,50}",
          "backup-vault: and a vault name, as arn:aws:backup:us-east-1:111122223333:backup-vault:my-vault"),
      Limits.DEFAULT,
      // AWS Config: configuration.AccessPolicy of the AWS::Backup::BackupVault item, the CloudFormation
      // property (cloud-copilot/iam-collect, AwsConfigBackupClient.ts). Absent: a bad record.
      List.of(config("AWS::Backup::BackupVault", List.of("configuration", "AccessPolicy"), Set.of(),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.IAM_COLLECT + " (AwsConfigBackupClient.ts)"),
          cli("aws backup get-backup-vault-access-policy", List.of(Set.of("BackupVaultName", "BackupVaultArn", "Policy")), "Policy")),
      List.of()),
  // CodeArtifact domains: domain/NAME (CodeArtifact User Guide, "Domain policies"; names 2–50 characters).
  CODEARTIFACT_DOMAIN("AWS::CodeArtifact::Domain", "codeartifact", "codeartifact",
      ArnShape.regional("codeartifact", "domain/[a-z][a-z0-9-]{1,49}",
          "domain/ and a domain name, as arn:aws:codeartifact:us-east-1:111122223333:domain/my-domain"),
      Limits.DEFAULT,
      List.of(cli("aws codeartifact get-domain-permissions-policy", List.of(Set.of("policy"), Set.of("resourceArn", "revision", "document")),
          "policy", "document")),
      List.of()),
  // CloudTrail Lake dashboards and event data stores (CloudTrail User Guide, "Resource-based policy
  // examples for CloudTrail").
  CLOUDTRAIL_DASHBOARD("AWS::CloudTrail::Dashboard", "cloudtrail-dashboard", "cloudtrail",
      ArnShape.regional("cloudtrail", "dashboard/[A-Za-z0-9_.-]{1,128}",
          "dashboard/ and a dashboard name, as arn:aws:cloudtrail:us-east-1:111122223333:dashboard/my-dashboard"),
      Limits.DEFAULT,
      List.of(cli("aws cloudtrail get-resource-policy", List.of(Set.of("ResourceArn", "ResourcePolicy", "DelegatedAdminResourcePolicy")),
          "ResourcePolicy")),
      List.of()),
  CLOUDTRAIL_EVENT_DATA_STORE("AWS::CloudTrail::EventDataStore", "cloudtrail-eds", "cloudtrail",
      ArnShape.regional("cloudtrail", "eventdatastore/[A-Za-z0-9_.-]{1,128}",
          "eventdatastore/ and an id, as arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/"
              + "EXAMPLE-ee54-4813-92d5-999aeEXAMPLE"),
      Limits.DEFAULT,
      List.of(cli("aws cloudtrail get-resource-policy", List.of(Set.of("ResourceArn", "ResourcePolicy", "DelegatedAdminResourcePolicy")),
          "ResourcePolicy")),
      List.of()),
  // S3 access points: accesspoint/NAME, objects accesspoint/NAME/object/KEY (Amazon S3 User Guide,
  // "Configuring IAM policies for using access points"). The meaning of public is the bucket's.
  S3_ACCESS_POINT("AWS::S3::AccessPoint", "s3-access-point", "s3",
      ArnShape.regional("s3", "accesspoint/[a-z0-9-]{3,50}",
          "accesspoint/ and an access point name, as arn:aws:s3:us-east-1:111122223333:accesspoint/my-access-point")
          .withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      // AWS's published items (s3_access_point.py, sample-events/create-s3-ap.json, update-s3-ap.json,
      // history-s3-ap.json): configuration.Policy is the policy as an object, {} when there is none.
      List.of(config("AWS::S3::AccessPoint", List.of("configuration", "Policy"), Set.of(NoPolicy.EMPTY_OBJECT, NoPolicy.NULL),
              Encoding.JSON_OBJECT_OR_TEXT, Sources.AWS_RULE + " (s3_access_point.py, sample-events/*-s3-ap.json)"),
          cli("aws s3control get-access-point-policy", List.of(Set.of("Policy")), "Policy")),
      s3PolicyRules(false)),
  // S3 Express One Zone directory buckets: bucket/NAME--ZONE--x-s3, objects under it (Amazon S3 User Guide,
  // "Directory bucket naming rules", "Authorizing Regional endpoint API operations with IAM").
  S3_EXPRESS_DIRECTORY_BUCKET("AWS::S3Express::DirectoryBucket", "s3express-bucket", "s3express",
      ArnShape.regional("s3express", "bucket/[a-z0-9][a-z0-9-]{0,62}--[a-z0-9-]{1,20}--x-s3",
          "bucket/ and a directory bucket name, as arn:aws:s3express:us-west-2:111122223333:bucket/"
              + "amzn-s3-demo-bucket--usw2-az1--x-s3").withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3api get-bucket-policy", List.of(Set.of("Policy")), "Policy")),
      List.of()),
  S3_EXPRESS_ACCESS_POINT("AWS::S3Express::AccessPoint", "s3express-access-point", "s3express",
      ArnShape.regional("s3express", "accesspoint/[a-z0-9][a-z0-9-]{0,62}--[a-z0-9-]{1,20}--xa-s3",
          "accesspoint/ and an access point name, as arn:aws:s3express:us-west-2:111122223333:accesspoint/"
              + "my-ap--usw2-az1--xa-s3").withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3control get-access-point-policy", List.of(Set.of("Policy")), "Policy")),
      List.of()),
  // S3 Tables: table buckets bucket/NAME, their tables bucket/NAME/table/ID (Amazon S3 User Guide,
  // "Resource-based policies for S3 Tables").
  S3_TABLES_TABLE_BUCKET("AWS::S3Tables::TableBucket", "s3tables-bucket", "s3tables",
      ArnShape.regional("s3tables", "bucket/[a-z0-9][a-z0-9-]{1,62}",
          "bucket/ and a table bucket name, as arn:aws:s3tables:us-east-1:111122223333:bucket/my-table-bucket")
          .withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3tables get-table-bucket-policy", List.of(Set.of("resourcePolicy")), "resourcePolicy")),
      List.of()),
  S3_TABLES_TABLE("AWS::S3Tables::Table", "s3tables-table", "s3tables",
      ArnShape.regional("s3tables", "bucket/[a-z0-9][a-z0-9-]{1,62}/table/[A-Za-z0-9_-]{1,255}",
          "bucket/NAME/table/ and a table id, as arn:aws:s3tables:us-east-1:111122223333:bucket/my-table-bucket/table/"
              + "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3tables get-table-policy", List.of(Set.of("resourcePolicy")), "resourcePolicy")),
      List.of()),
  // S3 on Outposts: outpost/ID/bucket/NAME and outpost/ID/accesspoint/NAME, objects below them (Amazon S3
  // on Outposts User Guide, "Resource ARNs for S3 on Outposts").
  S3_OUTPOSTS_BUCKET("AWS::S3Outposts::Bucket", "s3outposts-bucket", "s3-outposts",
      ArnShape.regional("s3-outposts", "outpost/op-[0-9a-f]{17}/bucket/[a-z0-9][a-z0-9.-]{1,62}",
          "outpost/ID/bucket/ and a bucket name, as arn:aws:s3-outposts:us-west-2:111122223333:outpost/"
              + "op-01ac5d28a6a232904/bucket/amzn-s3-demo-bucket").withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3control get-bucket-policy", List.of(Set.of("Policy")), "Policy")),
      List.of()),
  S3_OUTPOSTS_ACCESS_POINT("AWS::S3Outposts::AccessPoint", "s3outposts-access-point", "s3-outposts",
      ArnShape.regional("s3-outposts", "outpost/op-[0-9a-f]{17}/accesspoint/[a-z0-9][a-z0-9-]{2,49}",
          "outpost/ID/accesspoint/ and an access point name, as arn:aws:s3-outposts:us-west-2:111122223333:outpost/"
              + "op-01ac5d28a6a232904/accesspoint/my-access-point").withChildren("/"),
      new Limits(20 * 1024, 100, 1000),
      List.of(cli("aws s3control get-access-point-policy", List.of(Set.of("Policy")), "Policy")),
      List.of());

  /** AWS General Reference, "Regional endpoints": us-east-1, us-gov-west-1, cn-north-1, us-iso-east-1, … */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  private final String cloudFormationName;
  private final String cliName;
  private final String service;
  private final ArnShape arn;
  private final Limits limits;
  private final List<PolicyLocation> locations;
  private final List<PublicRule> publicRules;

  ResourceType(String cloudFormationName, String cliName, String service, ArnShape arn, Limits limits,
      List<PolicyLocation> locations, List<PublicRule> publicRules) {
    this.cloudFormationName = cloudFormationName;
    this.cliName = cliName;
    this.service = service;
    this.arn = arn;
    this.limits = limits;
    this.locations = List.copyOf(locations);
    this.publicRules = List.copyOf(publicRules);
  }

  /** The published sources of the AWS Config locations (named in full in api-service/src/test/resources/audit/README.md). */
  private static final class Sources {
    /** AWS's own published configuration items and handlers. */
    static final String AWS_RULE = "github.com/awslabs/aws-iam-access-analyzer-policy-validation-config-rule, function/";
    /** A third party's AWS Config reader, where AWS publishes no item with the policy. */
    static final String IAM_COLLECT = "github.com/cloud-copilot/iam-collect, src/awsConfigClients/clients/";
  }

  /** Where an AWS Config item of {@code configType} holds the policy (sources: api-service/src/test/resources/audit/README.md). */
  private static PolicyLocation config(String configType, List<String> path, Set<NoPolicy> noPolicy, Encoding encoding, String page) {
    return new PolicyLocation(configType, path, noPolicy, encoding, page);
  }

  /**
   * Where {@code command} prints the policy, as a JSON string of its text, and the members it prints on the
   * way ({@link PolicyLocation#printed}): AWS CLI Command Reference, the command's "Output", which the AWS CLI
   * generates from the service model (github.com/aws/aws-cli, branch v2, awscli/botocore/data/SERVICE/…/service-2.json,
   * the operation's output shape).
   */
  private static PolicyLocation cli(String command, List<Set<String>> printed, String... path) {
    return cli(command, Encoding.JSON_TEXT, printed, path);
  }

  private static PolicyLocation cli(String command, Encoding encoding, List<Set<String>> printed, String... path) {
    return new PolicyLocation(command, List.of(path), Set.of(), encoding, "AWS CLI Command Reference, " + command.substring(4), printed);
  }

  /**
   * Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", "The meaning of public". In a
   * bucket policy ({@code bucket}) an access point ARN with a fixed account and a wildcard as its name
   * restricts s3:DataAccessPointArn; in an access point policy it does not: "An access point policy that
   * grants access to a set of access points using s3:DataAccessPointArn is considered public ... the same
   * statement in an access point policy would render the access point public" (same page, "Access points").
   */
  private static List<PublicRule> s3PolicyRules(boolean bucket) {
    String page = "Amazon S3 User Guide, \"Blocking public access to your Amazon S3 storage\", \"The meaning of public\"";
    return List.of(
        bucket
            ? new PublicRule("s3:dataaccesspointarn", true, true, "an access point ARN (a wildcard only in its name) "
                + "restricts", page)
            : new PublicRule("s3:dataaccesspointarn", true, false, "a fixed access point ARN restricts; in an access "
                + "point policy a wildcard name is public", page + ", \"Access points\""),
        new PublicRule("s3:dataaccesspointaccount", true, "a fixed account of the access point restricts", page),
        // The same page's list of keys whose fixed values make a policy non-public names this one too (a
        // caller must be allowed to use the KMS key as well, which the key's own policy decides).
        new PublicRule("s3:x-amz-server-side-encryption-aws-kms-key-id", true, "a fixed KMS key id restricts", page));
  }

  /** e.g. {@code AWS::S3::Bucket}. */
  public String cloudFormationName() {
    return cloudFormationName;
  }

  /** The name {@code --type} takes, e.g. {@code s3} or {@code iam-role}. */
  public String cliName() {
    return cliName;
  }

  /** The service prefix of its actions, e.g. {@code s3}; {@code sts} for a role's trust policy. */
  public String service() {
    return service;
  }

  /** The shape of its ARN. */
  public ArnShape arnShape() {
    return arn;
  }

  /** The size quota of its policies. */
  public Limits limits() {
    return limits;
  }

  /** Where AWS Config's configuration item of this type holds its policy, when AWS Config records it. */
  public Optional<PolicyLocation> configLocation() {
    return locations.stream().filter(l -> !l.source().startsWith("aws ")).findFirst();
  }

  /** Where the AWS CLI's output holds its policy. */
  public Optional<PolicyLocation> cliLocation() {
    return locations.stream().filter(l -> l.source().startsWith("aws ")).findFirst();
  }

  /** What this type adds to the shared meaning of public. */
  public List<PublicRule> publicRules() {
    return publicRules;
  }

  /**
   * The prefix of the ARNs of its sub-resources that a request may name under the policy of the
   * resource {@code arn}: {@code arn + "/"} for a bucket's objects (Amazon S3 User Guide, "Policy
   * resources for Amazon S3": a bucket policy covers {@code arn:aws:s3:::bucket/key}); empty for types
   * without sub-resources.
   */
  public Optional<String> childPrefix(String arn) {
    return this.arn.children().map(c -> arn + c);
  }

  /**
   * Why {@code arn} is not the ARN of a resource of this type, or empty when it is:
   * {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE} (IAM User Guide, "IAM identifiers", ARNs) with
   * a known partition, this type's ARN service, a region and a 12-digit account where the type's ARNs have
   * them (empty fields where they do not), and this type's resource part. Nothing is trimmed or case-folded.
   */
  public Optional<String> arnProblem(String arn) {
    List<String> f = Arns.fields(arn);
    ArnShape s = this.arn;
    String want = "the ARN of an " + cloudFormationName + " is arn:PARTITION:" + s.service() + ":"
        + (s.region() ? "REGION" : "") + ":" + (s.account() ? "ACCOUNT" : "") + ":" + s.resourceText();
    if (f == null || !f.get(0).equals("arn")) {
      return Optional.of("\"" + shorten(arn) + "\" is not an ARN: " + want);
    }
    if (!PrincipalKind.PARTITIONS.contains(f.get(1))) {
      return Optional.of("\"" + f.get(1) + "\" is not an AWS partition (one of " + String.join(", ", PrincipalKind.PARTITIONS)
          + "): " + want);
    }
    if (!f.get(2).equals(s.service())) {
      return Optional.of("the ARN is of the service \"" + shorten(f.get(2)) + "\", not " + s.service() + ": " + want);
    }
    if (s.region() && !REGION.matcher(f.get(3)).matches()) {
      return Optional.of("\"" + shorten(f.get(3)) + "\" is not a region, as us-east-1: " + want);
    }
    if (s.account() && !ACCOUNT.matcher(f.get(4)).matches()) {
      return Optional.of("\"" + shorten(f.get(4)) + "\" is not a 12-digit account id: " + want);
    }
    if (!s.region() && !f.get(3).isEmpty() || !s.account() && !f.get(4).isEmpty()) {
      return Optional.of("an ARN of an " + cloudFormationName + " has no region" + (s.account() ? "" : " and no account")
          + ": " + want);
    }
    if (!s.resource().matcher(f.get(5)).matches()) {
      return Optional.of("\"" + shorten(f.get(5)) + "\" is not " + s.resourceText());
    }
    return Optional.empty();
  }

  /**
   * Whether an ARN of the service {@code service} whose resource field is {@code resource} ({@code complete}) or
   * starts with it (the rest not known) may name a resource of this type. Only the fields that tell types apart
   * are looked at, not the partition, region or account: this is how a policy resource that may be attached to
   * more than one type (AWS::CloudTrail::ResourcePolicy's ResourceArn) is typed; {@link #arnProblem} says whether
   * an ARN is valid. A prefix is decided by {@link java.util.regex.Matcher#hitEnd}: when matching it stops before
   * its end, no text after it can make it match.
   */
  public boolean mayName(String service, String resource, boolean complete) {
    if (!arn.service().equals(service)) {
      return false;
    }
    java.util.regex.Matcher m = arn.resource().matcher(resource);
    return m.matches() || !complete && m.hitEnd();
  }

  private static String shorten(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "…";
  }

  /** The type of this CloudFormation name, exactly as spelled. */
  public static Optional<ResourceType> ofCloudFormationName(String name) {
    return Arrays.stream(values()).filter(t -> t.cloudFormationName.equals(name)).findFirst();
  }

  /** The type of a {@code --type} name, exactly as spelled. */
  public static Optional<ResourceType> ofCliName(String name) {
    return Arrays.stream(values()).filter(t -> t.cliName.equals(name)).findFirst();
  }

  /**
   * The one type {@code arn} is an ARN of; empty when it is of none, or of more than one (none are today:
   * {@code ResourceTypeTest} checks every type's example).
   */
  public static Optional<ResourceType> ofArn(String arn) {
    List<ResourceType> fit = Arrays.stream(values()).filter(t -> t.arnProblem(arn).isEmpty()).toList();
    return fit.size() == 1 ? Optional.of(fit.get(0)) : Optional.empty();
  }

  /** A type by its CloudFormation name, its {@code --type} name or its constant's name, ignoring case. */
  public static Optional<ResourceType> fromName(String name) {
    for (ResourceType t : values()) {
      if (t.cloudFormationName.equalsIgnoreCase(name) || t.cliName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Every CloudFormation name, comma-separated, for messages. */
  public static String cloudFormationNames() {
    return Arrays.stream(values()).map(ResourceType::cloudFormationName).collect(Collectors.joining(", "));
  }

  /** Every {@code --type} name, comma-separated, for messages. */
  public static String cliNames() {
    return Arrays.stream(values()).map(ResourceType::cliName).collect(Collectors.joining(", "));
  }
}
