package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import dev.hornbeam.policy.resource.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DirectoryInputTest {
  private static final Path DIR = Read.fixture("dir");

  private static ResourceRecord rec(String rel, String account, String arn, String type) throws Exception {
    Path file = DIR.resolve(rel);
    return new ResourceRecord(rel, account, arn, type, Files.readString(file), rel);
  }

  private static BadRecord bad(String rel, String reason) {
    return new BadRecord(rel, reason);
  }

  @Test
  void readsAccountArnTypeAndPolicyFromTheLayoutInSortedOrder() throws Exception {
    String kms = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assertEquals(List.of(
        rec("111122223333/" + kms + ".json", "111122223333", kms, "AWS::KMS::Key"),
        rec("111122223333/arn:aws:sqs:us-east-1:111122223333:orders.json", "111122223333", "arn:aws:sqs:us-east-1:111122223333:orders",
            "AWS::SQS::Queue"),
        rec("111122223333/example-public-site.json", "111122223333", "arn:aws:s3:::example-public-site", "AWS::S3::Bucket"),
        rec("444455556666/arn:aws:sns:eu-west-1:444455556666:alerts.json", "444455556666", "arn:aws:sns:eu-west-1:444455556666:alerts",
            "AWS::SNS::Topic")),
        Read.of(new DirectoryInput(DIR)).records());
  }

  @Test
  void undecidableFilesAreBadRecordsAndOtherFilesAreIgnored() throws Exception {
    assertEquals(List.of(
        bad("111122223333/Not_A_Bucket!.json", "\"Not_A_Bucket!\" is neither an ARN nor an S3 bucket name"),
        bad("111122223333/arn:aws:sns:us-east-1:999999999999:foreign.json",
            "the ARN's account 999999999999 is not the folder's account 111122223333"),
        // an EBS snapshot: shared through an attribute, it has no policy, so no type of the registry
        bad("444455556666/arn:aws:ec2:eu-west-1:444455556666:snapshot/snap-0123456789abcdef0.json",
            "\"arn:aws:ec2:eu-west-1:444455556666:snapshot/snap-0123456789abcdef0\" is the ARN of no resource type Hornbeam checks ("
                + ResourceType.cloudFormationNames() + ")"),
        bad("444455556666/not-utf8.json:1", "the file is not read: line 1, byte offset 0: a UTF-16 byte order mark; "
            + "JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1)"),
        bad("stray.json", "not inside an account folder (DIR/<12-digit account>/<resource>.json)"),
        bad("team-a/bucket-x.json", "the account folder \"team-a\" is not a 12-digit account id")),
        Read.of(new DirectoryInput(DIR)).bad());
  }

  /** The type is the registry's one type of the ARN: a role's ARN is its trust policy, a function's its policy. */
  @Test
  void everyTypeOfTheRegistryIsReadFromItsArn(@TempDir Path tmp) throws Exception {
    Path account = Files.createDirectories(tmp.resolve("111122223333"));
    Files.createDirectories(account.resolve("arn:aws:iam::111122223333:role"));
    Files.writeString(account.resolve("arn:aws:iam::111122223333:role/deploy.json"), POLICY);
    Files.writeString(account.resolve("arn:aws:lambda:us-east-1:111122223333:function:f.json"), POLICY);
    assertEquals(List.of(
        new ResourceRecord("111122223333/arn:aws:iam::111122223333:role/deploy.json", "111122223333",
            "arn:aws:iam::111122223333:role/deploy", ResourceType.IAM_ROLE_TRUST.cloudFormationName(), POLICY,
            "111122223333/arn:aws:iam::111122223333:role/deploy.json"),
        new ResourceRecord("111122223333/arn:aws:lambda:us-east-1:111122223333:function:f.json", "111122223333",
            "arn:aws:lambda:us-east-1:111122223333:function:f", "AWS::Lambda::Function", POLICY,
            "111122223333/arn:aws:lambda:us-east-1:111122223333:function:f.json")),
        Read.of(new DirectoryInput(tmp)).records());
  }

  @Test
  void keysAreStableAcrossReads() throws Exception {
    assertEquals(Read.of(new DirectoryInput(DIR)), Read.of(new DirectoryInput(DIR)));
  }

  public static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor());
  }

  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-a/*\"}]}";

  @Test
  void symbolicLinksFifosAndFilesOverTheLimitAreBadRecordsAndNeverRead(@TempDir Path tmp) throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.json"), POLICY);
    Path dir = Files.createDirectories(tmp.resolve("in"));
    Path account = Files.createDirectories(dir.resolve("111122223333"));
    Files.writeString(account.resolve("bucket-a.json"), POLICY);
    Files.createSymbolicLink(account.resolve("bucket-b.json"), outside.resolve("secret.json"));
    Files.createSymbolicLink(dir.resolve("444455556666"), outside);
    mkfifo(account.resolve("bucket-c.json"));
    Files.writeString(account.resolve("bucket-d.json"), POLICY + " ".repeat(200));
    Read r = Read.of(new DirectoryInput(dir, POLICY.length() + 10)); // returns: the FIFO is never opened
    assertEquals(List.of(new ResourceRecord("111122223333/bucket-a.json", "111122223333", "arn:aws:s3:::bucket-a", "AWS::S3::Bucket",
        POLICY, "111122223333/bucket-a.json")), r.records());
    assertEquals(List.of(
        new BadRecord("111122223333/bucket-b.json", "a symbolic link: not followed (only files inside the input directory are read)"),
        new BadRecord("111122223333/bucket-c.json", "not a regular file (a FIFO, socket or device is never read)"),
        new BadRecord("111122223333/bucket-d.json", "larger than the record limit of " + (POLICY.length() + 10) + " bytes ("
            + (POLICY.length() + 200) + " bytes): not read"),
        new BadRecord("444455556666", "a symbolic link: not followed (only files inside the input directory are read)")), r.bad());
  }
  @Test
  void aPolicyFileWhoseExtensionIsJsonInAnotherCaseIsABadRecordNotIgnored(@TempDir Path tmp) throws Exception {
    // "example-bucket.JSON" was ignored like notes.txt: a bucket left out of the audit, unreported.
    Path account = Files.createDirectories(tmp.resolve("111122223333"));
    Files.writeString(account.resolve("example-bucket.JSON"), POLICY);
    Files.writeString(account.resolve("notes.txt"), "not a policy");
    Read r = Read.of(new DirectoryInput(tmp));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(new BadRecord("111122223333/example-bucket.JSON",
        "named \".JSON\", not \".json\": only files ending in .json are read, so this one is not")), r.bad());
  }
}
