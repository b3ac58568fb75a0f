package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Decider;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS Config items of the types whose policy AWS Config records beyond S3 buckets, KMS keys, SQS queues and
 * SNS topics (issue 16): IAM role trust policies, S3 access points, Lambda functions, ECR repositories, EFS
 * file systems, OpenSearch domains and Backup vaults, in the four output shapes. Fixtures and their sources:
 * {@code src/test/resources/audit/README.md} ({@code config/types-*.json}; the items from AWS's published
 * sample events are verbatim).
 */
class AwsConfigTypesTest {
  private static final String A = "123456789123";

  private static ResourceRecord rec(Path file, int index, int line, String account, String arn, String type, String policy) {
    return new ResourceRecord(file.getFileName() + "#" + index, account, arn, type, policy, file.getFileName() + ":" + line);
  }

  @Test
  void aSnapshotGivesEachTypeFromItsConfigItemAndSkipsASecretWhoseItemHasNoPolicy() throws Exception {
    Path f = Read.fixture("config/types-snapshot.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(
        rec(f, 0, 5, A, "arn:aws:iam::123456789123:role/ConfigTestRule", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"),
        rec(f, 1, 67, A, "arn:aws:iam::123456789123:role/public-role", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"),
        rec(f, 2, 99, A, "arn:aws:iam::123456789123:role/partner-role", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}"),
        rec(f, 3, 131, A, "arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-config-ap", "AWS::S3::AccessPoint",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Statement1\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789123:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-config-ap\"}]}"),
        rec(f, 4, 178, A, "arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-config-ap", "AWS::S3::AccessPoint",
            null),
        rec(f, 5, 212, A, "arn:aws:lambda:us-east-1:123456789123:function:public-hook", "AWS::Lambda::Function",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AnyoneMayInvoke\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789123:function:public-hook\"}]}"),
        rec(f, 6, 237, A, "arn:aws:ecr:us-east-1:123456789123:repository/shared-images", "AWS::ECR::Repository",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerPull\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}"),
        rec(f, 7, 274, A, "arn:aws:elasticfilesystem:us-east-1:123456789123:file-system/fs-0123456789abcdef0", "AWS::EFS::FileSystem",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerMount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"elasticfilesystem:ClientMount\",\"Resource\":\"arn:aws:elasticfilesystem:us-east-1:123456789123:file-system/fs-0123456789abcdef0\"}]}"),
        rec(f, 8, 310, A, "arn:aws:es:us-east-1:123456789123:domain/search-logs", "AWS::OpenSearchService::Domain",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:ESHttpGet\",\"Resource\":\"arn:aws:es:us-east-1:123456789123:domain/search-logs/*\",\"Condition\":{\"NumericLessThanEquals\":{\"aws:MultiFactorAuthAge\":3600}}}]}"),
        rec(f, 9, 349, A, "arn:aws:backup:us-east-1:123456789123:backup-vault:central-vault", "AWS::Backup::BackupVault",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerCopy\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"}]}")),
        r.records());
  }

  @Test
  void resourceConfigHistoryWithConfigurationAsAStringAndTheLambdaPolicyEncodedTwice() throws Exception {
    Path f = Read.fixture("config/types-history.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(
        rec(f, 0, 3, A, "arn:aws:iam::123456789123:role/S3LaunchRole", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"servicecatalog.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"),
        rec(f, 1, 23, A, "arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-ap", "AWS::S3::AccessPoint",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Statement1\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789123:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-ap/object/*\"}]}"),
        rec(f, 2, 42, A, "arn:aws:lambda:us-east-1:123456789123:function:public-hook", "AWS::Lambda::Function",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AnyoneMayInvoke\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789123:function:public-hook\"}]}"),
        rec(f, 3, 62, A, "arn:aws:elasticfilesystem:us-east-1:123456789123:file-system/fs-0123456789abcdef0", "AWS::EFS::FileSystem",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerMount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"elasticfilesystem:ClientMount\",\"Resource\":\"arn:aws:elasticfilesystem:us-east-1:123456789123:file-system/fs-0123456789abcdef0\"}]}")),
        r.records());
  }

  @Test
  void batchGetResourceConfigWithAPolicyAsTextAndAFunctionWhoseItemDoesNotSayWhetherItHasAPolicy() throws Exception {
    Path f = Read.fixture("config/types-batch.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(
        rec(f, 0, 3, A, "arn:aws:backup:us-east-1:123456789123:backup-vault:central-vault", "AWS::Backup::BackupVault",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerCopy\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"}]}"),
        rec(f, 1, 21, A, "arn:aws:ecr:us-east-1:123456789123:repository/shared-images", "AWS::ECR::Repository",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PartnerPull\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}"),
        rec(f, 2, 39, A, "arn:aws:iam::123456789123:role/public-role", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}")),
        r.records());
    assertEquals(List.of(new BadRecord(f.getFileName() + ":57", "AWS::Lambda::Function item has no policy field "
        + "(supplementaryConfiguration.Policy): cannot tell whether it has a policy")), r.bad());
  }

  @Test
  void selectResourceConfigResults() throws Exception {
    Path f = Read.fixture("config/types-select.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(
        rec(f, 0, 3, A, "arn:aws:iam::123456789123:role/partner-role", "AWS::IAM::AssumeRolePolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}"),
        rec(f, 1, 4, A, "arn:aws:es:us-east-1:123456789123:domain/search-logs", "AWS::OpenSearchService::Domain",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:ESHttpGet\",\"Resource\":\"arn:aws:es:us-east-1:123456789123:domain/search-logs/*\",\"Condition\":{\"NumericLessThanEquals\":{\"aws:MultiFactorAuthAge\":3600}}}]}"),
        rec(f, 2, 5, A, "arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-config-ap", "AWS::S3::AccessPoint",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Statement1\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789123:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:us-east-1:123456789123:accesspoint/test-normal-config-ap\"}]}")),
        r.records());
  }

  @Test
  void undecodableOrMissingPoliciesAreBadRecordsNamingTheItemAndTheRule(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    String role = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:iam::111122223333:role/r\", \"resourceType\": \"AWS::IAM::Role\", ";
    String ecr = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:ecr:us-east-1:111122223333:repository/r\", "
        + "\"resourceType\": \"AWS::ECR::Repository\", ";
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";
    Files.writeString(f, String.join("\n", "{\"configurationItems\": [",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": \"%7B%22Version%22%3A%2G\"}},",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": \"%7B%22Version%22%3A%22%C0%AF%22\"}},",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": 42}},",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": \"" + new String(JsonStringEncoder.getInstance().quoteAsString(trust))
            + "\"}},",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": null}},",
        role + "\"configuration\": {\"roleName\": \"r\"}},",
        ecr + "\"configuration\": {\"RepositoryPolicyText\": {\"Version\": \"2012-10-17\", \"Statement\": [], \"Statement\": []}}},",
        ecr + "\"configuration\": {\"RepositoryPolicyText\": [\"not\", \"a policy\"]}},",
        ecr + "\"configuration\": {\"RepositoryPolicyText\": {}}},",
        ecr + "\"configuration\": {}},",
        role + "\"configuration\": {\"assumeRolePolicyDocument\": \"%7B%22Sid%22%3A%22\u00e9%22%7D\"}}",
        "]}", ""));
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.records());
    String item = "AWS::IAM::Role item's configuration.assumeRolePolicyDocument";
    assertEquals(List.of(
        new BadRecord("bad.json:2", item + " is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): '%' at character "
            + "19 is not followed by two hexadecimal digits"),
        new BadRecord("bad.json:3", item + " is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): the decoded bytes "
            + "are not UTF-8"),
        new BadRecord("bad.json:4", item + " is a number, not a string of URL-encoded JSON text"),
        new BadRecord("bad.json:5", item + " is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): it holds a literal "
            + "'{' at character 0: JSON text that is not URL-encoded"),
        new BadRecord("bad.json:6", item + " is null: not a policy, and AWS Config is not known to write it for \"no policy\" ("
            + "github.com/awslabs/aws-iam-access-analyzer-policy-validation-config-rule, function/ (iam_role.py, sample-events/*-iam-role.json))"),
        new BadRecord("bad.json:7", "AWS::IAM::Role item has no policy field (configuration.assumeRolePolicyDocument): cannot tell "
            + "whether it has a policy"),
        new BadRecord("bad.json:8", "the item is not read: an object has the member \"Statement\" twice (line 8)"),
        new BadRecord("bad.json:9", "AWS::ECR::Repository item's configuration.RepositoryPolicyText is an array, not a policy object or "
            + "JSON text"),
        new BadRecord("bad.json:10", "AWS::ECR::Repository item's configuration.RepositoryPolicyText is {}: not a policy, and AWS Config "
            + "is not known to write it for \"no policy\" (github.com/cloud-copilot/iam-collect, src/awsConfigClients/clients/ "
            + "(AwsConfigEcrClient.ts))"),
        new BadRecord("bad.json:11", "AWS::ECR::Repository item has no policy field (configuration.RepositoryPolicyText): cannot tell "
            + "whether it has a policy"),
        new BadRecord("bad.json:12", item + " is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): character 18 "
            + "(U+00E9) is not printable ASCII, which URL-encoded text is")), r.bad());
  }

  /**
   * End to end, through the audit's own decision ({@link Decider}) with the real solvers: a role any AWS
   * principal may assume is PUBLIC, a role trusting one named account or a service is not; the Lambda
   * function anyone may invoke and the OpenSearch domain any AWS principal may read are PUBLIC; the others
   * grant only a named account (or have no policy).
   */
  @Test
  void anAuditOfTheSnapshotFindsThePublicOnes() throws Exception {
    Read r = Read.of(new AwsConfigInput(Read.fixture("config/types-snapshot.json")));
    Map<String, String> results = new LinkedHashMap<>();
    try (PolicyChecker checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).build(),
        new SimpleMeterRegistry())) {
      Decider decider = new Decider(checker, Duration.ofSeconds(60));
      for (ResourceRecord rec : r.records()) {
        Decider.Step step = Decider.prepare(rec, false);
        Finding finding = step instanceof Decider.ToCheck c ? decider.check(c).finding() : ((Decider.Done) step).finding();
        results.put(rec.key(), finding.result() + " " + finding.reason());
      }
    }
    assertEquals(Map.of(
        "types-snapshot.json#0", "NOT_PUBLIC SOLVED", // trusts ec2.amazonaws.com (AWS's sample)
        "types-snapshot.json#1", "PUBLIC SOLVED", // {"AWS": "*"}
        "types-snapshot.json#2", "NOT_PUBLIC SOLVED", // account 444455556666
        "types-snapshot.json#3", "NOT_PUBLIC SOLVED", // the access point's own account (AWS's sample)
        "types-snapshot.json#4", "NOT_PUBLIC NO_POLICY", // Policy {} (AWS's sample)
        "types-snapshot.json#5", "PUBLIC SOLVED", // Lambda, Principal "*"
        "types-snapshot.json#6", "NOT_PUBLIC SOLVED", // ECR, account 444455556666
        "types-snapshot.json#7", "NOT_PUBLIC SOLVED", // EFS, account 444455556666
        "types-snapshot.json#8", "PUBLIC SOLVED", // OpenSearch, {"AWS": "*"} with an MFA age
        "types-snapshot.json#9", "NOT_PUBLIC SOLVED"), // Backup, account 444455556666
        results);
  }
}
