package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path write(String json) throws IOException {
    Path f = dir.resolve("policy.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void validPolicyExitsZeroAndPrintsNothing() throws IOException {
    Path f = write("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},
         "Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""");
    CliRun r = run("validate", "--type", "s3", f.toString());
    assertEquals(0, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("valid"), r.err());
  }

  @Test
  void typeAndArnCheckWhatThePolicyIsFor() throws IOException {
    Path f = write("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},
         "Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""");
    assertEquals(0, run("validate", "--type", "s3", "--arn", "arn:aws:s3:::bucket", f.toString()).code());
    CliRun other = run("validate", "--type", "s3", "--arn", "arn:aws:s3:::another-bucket", f.toString());
    assertEquals(2, other.code());
    assertTrue(other.out().startsWith("/Statement/0/Resource RESOURCE_MISMATCH "), other.out());
    CliRun kms = run("validate", "--type", "kms", f.toString());
    assertEquals(2, kms.code());
    assertTrue(kms.out().contains("/Statement NO_ACTION_FOR_RESOURCE_TYPE "), kms.out());
    CliRun bad = run("validate", "--type", "s3", "--arn", "arn:aws:s3::bucket", f.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--arn is not the ARN of an AWS::S3::Bucket"), bad.err());
  }

  @Test
  void invalidPolicyPrintsOneLinePerProblemAndExitsTwo() throws IOException {
    Path f = write("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
          {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
           "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}}]}""");
    CliRun r = run("validate", f.toString());
    assertEquals(2, r.code());
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    assertTrue(lines[0].startsWith("/Statement/0/Effect INVALID_EFFECT "), lines[0]);
    assertTrue(lines[1].startsWith("/Statement/1/Condition/IpAddress/aws:SourceIp INVALID_CIDR "), lines[1]);
    assertTrue(r.err().startsWith("invalid: 2 errors"), r.err());
  }

  @Test
  void warningsAreMarkedAndDoNotInvalidate() throws IOException {
    Path f = write("""
        {"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"sqs:SendMessage",
         "Resource":"arn:aws:sqs:us-east-1:111122223333:q-${aws:username}"}]}""");
    CliRun r = run("validate", f.toString());
    assertEquals(0, r.code());
    assertTrue(r.out().contains("/Statement/0/NotPrincipal ALLOW_WITH_NOT_PRINCIPAL warning: "), r.out());
    assertTrue(r.out().contains("/Statement/0/Resource VARIABLE_IS_LITERAL warning: "), r.out());
  }

  @Test
  void identityKindRejectsPrincipal() throws IOException {
    Path f = write("""
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}""");
    CliRun r = run("validate", "--kind", "identity", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.out().startsWith("/Statement/Principal PRINCIPAL_NOT_ALLOWED "), r.out());
  }

  @Test
  void notJsonIsReportedAtTheRoot() throws IOException {
    Path f = write("{\"Version\": \"2012-10-17\", \"Statement\": [");
    CliRun r = run("validate", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.out().startsWith("(root) NOT_JSON "), r.out());
  }

  @Test
  void missingFileIsAnInputErrorNotACrash() {
    CliRun r = run("validate", dir.resolve("nope.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = run("validate", "--kind", "bucket", "x.json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--kind"), r.err());
  }

  @Test
  void helpListsTheCommand() {
    CliRun r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("validate"), r.out());
  }

  /** Issue 16: many files and directories in one run. */
  @Test
  void manyFilesInOneRunAVerdictLineEachAndTheWorstExitStatus() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("p/sub"));
    Files.writeString(dir.resolve("p/good.json"), """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},
         "Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""");
    Files.writeString(tree.resolve("bad.json"), """
        {"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""");
    CliRun r = run("validate", "--type", "s3", dir.resolve("p").toString(), dir.resolve("none.json").toString());
    assertEquals(2, r.code(), r.out() + r.err());
    String good = dir.resolve("p/good.json").toString();
    String bad = tree.resolve("bad.json").toString();
    assertTrue(r.out().contains(good + ": valid\n"), r.out());
    assertTrue(r.out().contains(bad + ": invalid: 1 error\n"), r.out());
    assertTrue(r.out().contains(bad + ": /Statement/0/Effect "), r.out());
    assertTrue(r.out().contains(dir.resolve("none.json") + ": no such file"), r.out());
    assertTrue(r.out().indexOf(good) < r.out().indexOf(bad), "a directory's files sorted: " + r.out());
    CliRun ok = run("validate", "--type", "s3", dir.resolve("p/good.json").toString(), dir.resolve("p/good.json").toString());
    assertEquals(0, ok.code(), ok.out());
  }
}
