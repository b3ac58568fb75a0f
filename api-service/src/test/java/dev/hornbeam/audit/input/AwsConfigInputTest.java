package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsConfigInputTest {
  private static final String A1 = "111122223333";
  private static final String A2 = "444455556666";
  private static final String S3_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\","
      + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::example-public-site/*\"}]}";
  private static final String SQS_POLICY = "{\"Version\":\"2012-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
      + "\"__owner_statement\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"SQS:*\","
      + "\"Resource\":\"arn:aws:sqs:us-east-1:111122223333:orders\"}]}";
  private static final String SNS_POLICY = "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
      + "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
      + "\"SNS:Publish\",\"SNS:Subscribe\"],\"Resource\":\"arn:aws:sns:us-east-1:111122223333:alerts\",\"Condition\":{\"StringEquals\":"
      + "{\"AWS:SourceOwner\":\"111122223333\"}}}]}";
  private static final String KMS_POLICY = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
      + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n"
      + "      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";

  private static ResourceRecord rec(Path file, int index, int line, String account, String arn, String type, String policy) {
    return new ResourceRecord(file.getFileName() + "#" + index, account, arn, type, policy, file.getFileName() + ":" + line);
  }

  /** In the eu-west-1 account of the CLI outputs. */
  private static String second(String policy) {
    return policy.replace(A1, A2).replace("us-east-1", "eu-west-1");
  }

  @Test
  void aSnapshotFileGivesS3SqsSnsAndKmsPoliciesAndSkipsOtherTypesAndDeletedItems() throws Exception {
    Path f = Read.fixture("config/snapshot.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(
        rec(f, 0, 5, A1, "arn:aws:s3:::example-public-site", "AWS::S3::Bucket", S3_POLICY),
        rec(f, 1, 46, A1, "arn:aws:s3:::example-logs", "AWS::S3::Bucket", null),
        rec(f, 3, 100, A1, "arn:aws:sqs:us-east-1:111122223333:orders", "AWS::SQS::Queue", SQS_POLICY),
        rec(f, 4, 127, A1, "arn:aws:sns:us-east-1:111122223333:alerts", "AWS::SNS::Topic", SNS_POLICY),
        rec(f, 5, 154, A1, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "AWS::KMS::Key", KMS_POLICY)),
        r.records());
  }

  @Test
  void resourceConfigHistoryWithConfigurationAsStringsAndATwiceEncodedKeyPolicy() throws Exception {
    Path f = Read.fixture("config/history.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(
        rec(f, 0, 3, A2, "arn:aws:kms:eu-west-1:444455556666:key/b7a563db-8243-49ad-911b-70cadadf3fe1", "AWS::KMS::Key",
            KMS_POLICY.replace(A1, A2)),
        rec(f, 1, 26, A2, "arn:aws:sqs:eu-west-1:444455556666:no-policy", "AWS::SQS::Queue", null)),
        r.records());
  }

  @Test
  void batchGetResourceConfigAndAnItemThatDoesNotSayWhetherThereIsAPolicy() throws Exception {
    Path f = Read.fixture("config/batch.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(
        rec(f, 0, 3, A2, "arn:aws:s3:::example-data", "AWS::S3::Bucket", S3_POLICY.replace("example-public-site", "example-data")),
        rec(f, 2, 46, A2, "arn:aws:sns:eu-west-1:444455556666:alerts", "AWS::SNS::Topic", second(SNS_POLICY))),
        r.records());
    assertEquals(List.of(new BadRecord(f.getFileName() + ":25", "AWS::S3::Bucket item has no policy field "
        + "(supplementaryConfiguration.BucketPolicy.policyText): cannot tell whether it has a policy")), r.bad());
  }

  @Test
  void selectResourceConfigResultsAreItemsInJsonStrings() throws Exception {
    Path f = Read.fixture("config/select.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(
        rec(f, 0, 3, A2, "arn:aws:s3:::example-selected", "AWS::S3::Bucket", S3_POLICY.replace("example-public-site", "example-selected")),
        rec(f, 2, 5, A2, "arn:aws:sqs:eu-west-1:444455556666:orders", "AWS::SQS::Queue", second(SQS_POLICY))),
        r.records());
    assertEquals(List.of(new BadRecord(f.getFileName() + ":6", "AWS::SNS::Topic item lacks \"ARN\" / \"arn\"")), r.bad());
  }

  @Test
  void aCutOffFileKeepsTheItemsBeforeTheCutAndReportsWhere() throws Exception {
    Path f = Read.fixture("config/truncated.json");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(rec(f, 0, 5, A1, "arn:aws:s3:::example-public-site", "AWS::S3::Bucket", S3_POLICY),
        rec(f, 1, 46, A1, "arn:aws:s3:::example-logs", "AWS::S3::Bucket", null)), r.records());
    assertEquals(1, r.bad().size());
    assertEquals(f.getFileName() + ":" + Files.readAllLines(f).size(), r.bad().get(0).source());
    assertTrue(r.bad().get(0).reason().startsWith("not valid JSON, the rest of the file is skipped: "), r.bad().get(0).reason());
  }

  @Test
  void keysAreStableAcrossReads() throws Exception {
    Path f = Read.fixture("config/snapshot.json");
    assertEquals(Read.of(new AwsConfigInput(f)), Read.of(new AwsConfigInput(f)));
  }

  @Test
  void policyFieldsOfTheWrongKindAreBadRecords(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("odd.json");
    Files.writeString(f, """
        {"configurationItems": [
        {"accountId": "111122223333", "arn": "arn:aws:sqs:us-east-1:111122223333:q", "resourceType": "AWS::SQS::Queue", "configuration": {"Policy": {"Version": "2012-10-17"}}},
        {"accountId": "111122223333", "arn": "arn:aws:kms:us-east-1:111122223333:key/k", "resourceType": "AWS::KMS::Key", "configuration": {}},
        {"accountId": "111122223333", "arn": "arn:aws:sns:us-east-1:111122223333:t", "resourceType": "AWS::SNS::Topic", "configuration": "{not json"},
        42
        ]}
        """);
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.records());
    assertEquals(4, r.bad().size(), r.bad().toString());
    assertEquals(new BadRecord(f.getFileName() + ":2", "configuration.Policy is an object, not a string"), r.bad().get(0));
    assertEquals(new BadRecord(f.getFileName() + ":3", "AWS::KMS::Key item has no policy field (supplementaryConfiguration.Policy): "
        + "cannot tell whether it has a policy"), r.bad().get(1));
    assertEquals(f.getFileName() + ":4", r.bad().get(2).source());
    assertTrue(r.bad().get(2).reason().startsWith("an embedded JSON string is not valid JSON"), r.bad().get(2).reason());
    assertEquals(new BadRecord(f.getFileName() + ":5", "the item is a number, not an object"), r.bad().get(3));
  }

  @Test
  void anItemOverTheRecordLimitIsOneBadRecordAndTheNextItemsAreRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("big.json");
    String big = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:sqs:us-east-1:111122223333:q\", \"resourceType\": \"AWS::SQS::Queue\","
        + " \"configuration\": {\"Tags\": [" + "\"x\",".repeat(2000) + "\"x\"], \"Deep\": {\"a\": [1, {\"b\": 2}]}}}";
    String small = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:sqs:us-east-1:111122223333:r\", \"resourceType\": \"AWS::SQS::Queue\","
        + " \"configuration\": {}}";
    Files.writeString(f, "{\"configurationItems\": [\n" + big + ",\n" + small + "\n]}\n");
    Read r = Read.of(new AwsConfigInput(f, 1000));
    assertEquals(List.of(new BadRecord("big.json:2", "the item is larger than the record limit of 1000 bytes: not read")), r.bad());
    assertEquals(List.of(new ResourceRecord("big.json#1", "111122223333", "arn:aws:sqs:us-east-1:111122223333:r", "AWS::SQS::Queue", null,
        "big.json:3")), r.records());
  }
  private static final String PUBLIC_QUEUE = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
      + "\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"sqs:SendMessage\\\",\\\"Resource\\\":\\\"*\\\"}]}";

  @Test
  void anItemWhoseTypeIsMissingOrMisspeltIsABadRecordNotSkipped(@TempDir Path dir) throws Exception {
    // Were skipped silently as "another AWS Config type": a public queue left out of the audit unreported.
    Path f = dir.resolve("types.json");
    String item = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:sqs:us-east-1:111122223333:q\", %s\"configuration\": {\"Policy\": \""
        + PUBLIC_QUEUE + "\"}}";
    Files.writeString(f, "{\"configurationItems\": [\n" + String.join(",\n",
        item.formatted("\"resourceType\": \"aws::sqs::queue\", "),
        item.formatted("\"resourceType\": \" AWS::SQS::Queue\", "),
        item.formatted(""),
        item.formatted("\"resourceType\": null, "),
        item.formatted("\"ResourceType\": \"AWS::SQS::Queue\", "),
        item.formatted("\"resourceType\": \"AWS::IAM::AssumeRolePolicyDocument\", "),
        item.formatted("\"resourceType\": \"AWS::EC2::Instance\", "),
        item.formatted("\"resourceType\": \"aws::sqs::queue\", \"configurationItemStatus\": \"ResourceDeleted\", ")) + "\n]}\n");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(
        new BadRecord("types.json:2", "the item's resourceType \"aws::sqs::queue\" is not AWS Config's spelling, \"AWS::SQS::Queue\": not read"),
        new BadRecord("types.json:3", "the item's resourceType \" AWS::SQS::Queue\" is not AWS Config's spelling, \"AWS::SQS::Queue\": not read"),
        new BadRecord("types.json:4", "the item has no \"resourceType\" string: cannot tell which resource it is"),
        new BadRecord("types.json:5", "the item has no \"resourceType\" string: cannot tell which resource it is"),
        new BadRecord("types.json:6", "the item has no \"resourceType\" string: cannot tell which resource it is"),
        new BadRecord("types.json:7", "the item's resourceType \"AWS::IAM::AssumeRolePolicyDocument\" is not AWS Config's spelling, "
            + "\"AWS::IAM::Role\": not read")), r.bad());
  }

  @Test
  void aPolicyMemberSpeltInAnotherCaseIsABadRecordNotNoPolicy(@TempDir Path dir) throws Exception {
    // A queue whose configuration has "policy" (not "Policy") was a queue without a policy: NOT_PUBLIC.
    Path f = dir.resolve("cases.json");
    String queue = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:sqs:us-east-1:111122223333:q\", \"resourceType\": \"AWS::SQS::Queue\", ";
    String bucket = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:s3:::b\", \"resourceType\": \"AWS::S3::Bucket\", \"configuration\": {}, ";
    Files.writeString(f, "{\"configurationItems\": [\n" + String.join(",\n",
        queue + "\"configuration\": {\"policy\": \"" + PUBLIC_QUEUE + "\"}}",
        queue + "\"configuration\": {\"Policy\": null, \"POLICY\": \"" + PUBLIC_QUEUE + "\"}}",
        queue + "\"Configuration\": {\"Policy\": \"" + PUBLIC_QUEUE + "\"}, \"configuration\": {}}",
        bucket + "\"supplementaryConfiguration\": {\"BucketPolicy\": {\"policyText\": null, \"PolicyText\": \"" + PUBLIC_QUEUE + "\"}}}",
        bucket + "\"supplementaryConfiguration\": {\"BucketPolicy\": {\"policyText\": null}, \"bucketPolicy\": {\"policyText\": \""
            + PUBLIC_QUEUE + "\"}}}") + "\n]}\n");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(
        new BadRecord("cases.json:2", "AWS::SQS::Queue item has \"policy\" where AWS Config writes \"Policy\" (configuration.Policy): "
            + "cannot tell which holds the policy"),
        new BadRecord("cases.json:3", "AWS::SQS::Queue item has \"POLICY\" where AWS Config writes \"Policy\" (configuration.Policy): "
            + "cannot tell which holds the policy"),
        new BadRecord("cases.json:4", "AWS::SQS::Queue item has \"Configuration\" where AWS Config writes \"configuration\" "
            + "(configuration.Policy): cannot tell which holds the policy"),
        new BadRecord("cases.json:5", "AWS::S3::Bucket item has \"PolicyText\" where AWS Config writes \"policyText\" "
            + "(supplementaryConfiguration.BucketPolicy.policyText): cannot tell which holds the policy"),
        new BadRecord("cases.json:6", "AWS::S3::Bucket item has \"bucketPolicy\" where AWS Config writes \"BucketPolicy\" "
            + "(supplementaryConfiguration.BucketPolicy.policyText): cannot tell which holds the policy")), r.bad());
  }

  @Test
  void anItemArraySpeltInAnotherCaseIsABadRecordNotAnEmptyFile(@TempDir Path dir) throws Exception {
    // {"fileVersion": ..., "configurationitems": [...]} was read as a snapshot with no items, reported as nothing.
    Path f = dir.resolve("snapshot.json");
    Files.writeString(f, "{\"fileVersion\": \"1.0\",\n\"configurationitems\": [{\"accountId\": \"111122223333\", \"arn\": "
        + "\"arn:aws:sqs:us-east-1:111122223333:q\", \"resourceType\": \"AWS::SQS::Queue\", \"configuration\": {}}]}\n");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(new BadRecord("snapshot.json:2", "\"configurationitems\" is not AWS Config's spelling, \"configurationItems\": "
        + "its items are not read")), r.bad());
  }
  @Test
  void aPolicyMemberElsewhereInAnItemWithoutOneIsABadRecordNotNoPolicy(@TempDir Path dir) throws Exception {
    // A queue item built from get-queue-attributes (configuration.Attributes.Policy), or with the policy under
    // supplementaryConfiguration, has no configuration.Policy: it was a queue without a policy, NOT_PUBLIC.
    Path f = dir.resolve("elsewhere.json");
    String queue = "{\"accountId\": \"111122223333\", \"arn\": \"arn:aws:sqs:us-east-1:111122223333:q\", \"resourceType\": \"AWS::SQS::Queue\", ";
    Files.writeString(f, "{\"configurationItems\": [\n" + String.join(",\n",
        queue + "\"configuration\": {\"Attributes\": {\"Policy\": \"" + PUBLIC_QUEUE + "\"}}}",
        queue + "\"configuration\": {\"Policy\": null}, \"supplementaryConfiguration\": {\"policy\": \"" + PUBLIC_QUEUE + "\"}}",
        queue + "\"configuration\": \"{}\", \"supplementaryConfiguration\": {\"Extra\": \"{\\\"Policy\\\": {}}\"}}",
        queue + "\"configuration\": {\"QueueName\": \"q\"}, \"tags\": {\"note\": \"{not json\"}}") + "\n]}\n");
    Read r = Read.of(new AwsConfigInput(f));
    assertEquals(List.of(new ResourceRecord("elsewhere.json#3", "111122223333", "arn:aws:sqs:us-east-1:111122223333:q", "AWS::SQS::Queue", null,
        "elsewhere.json:5")), r.records());
    assertEquals(List.of(
        new BadRecord("elsewhere.json:2", "AWS::SQS::Queue item has no policy at configuration.Policy but a \"Policy\" member at "
            + "configuration.Attributes.Policy: cannot tell whether it has a policy"),
        new BadRecord("elsewhere.json:3", "AWS::SQS::Queue item has no policy at configuration.Policy but a \"policy\" member at "
            + "supplementaryConfiguration.policy: cannot tell whether it has a policy"),
        new BadRecord("elsewhere.json:4", "AWS::SQS::Queue item has no policy at configuration.Policy but a \"Policy\" member at "
            + "supplementaryConfiguration.Extra.Policy: cannot tell whether it has a policy")), r.bad());
  }
}
