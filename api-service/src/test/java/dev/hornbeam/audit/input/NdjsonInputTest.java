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

class NdjsonInputTest {
  private static final Path FILE = Read.fixture("accounts.ndjson");

  private static ResourceRecord rec(int line, int index, String account, String arn, String type, String policy) {
    return new ResourceRecord("accounts.ndjson:" + line + "#" + index, account, arn, type, policy, FILE.getFileName() + ":" + line);
  }

  private static BadRecord bad(int line, String reason) {
    return new BadRecord(FILE.getFileName() + ":" + line, reason);
  }

  @Test
  void readsEveryFieldOfEveryRecordWithPoliciesAsTheirExactText() throws Exception {
    Read r = Read.of(new NdjsonInput(FILE));
    assertEquals(List.of(
        rec(1, 0, "111122223333", "arn:aws:s3:::example-public-site", "AWS::S3::Bucket",
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Café-lecture\", \"Effect\": \"Allow\", \"Principal\": \"*\", "
                + "\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::example-public-site/*\"}]}"),
        rec(1, 1, "111122223333", "arn:aws:sqs:us-east-1:111122223333:orders", "AWS::SQS::Queue",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"),
        rec(1, 2, "111122223333", "arn:aws:sns:us-east-1:111122223333:alerts", "AWS::SNS::Topic", null),
        rec(7, 0, "555566667777", "arn:aws:s3:::example-tls-only", "AWS::S3::Bucket",
            "{ \"Version\" : \"2012-10-17\", \"Statement\" : { \"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::example-tls-only\",\"arn:aws:s3:::example-tls-only/*\"],"
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}} } }"),
        rec(7, 5, "555566667777", "arn:aws:kms:us-east-1:555566667777:key/0f0e0d0c-0000-4000-8000-000000000000", "AWS::KMS::Key",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::555566667777:root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"),
        rec(8, 1, "666677778888", "arn:aws:sqs:eu-west-1:666677778888:null-policy", "AWS::SQS::Queue", null)),
        r.records());
  }

  @Test
  void badLinesAndBadResourcesAreReportedWithFileAndLineAndTheRestIsRead() throws Exception {
    List<BadRecord> bad = Read.of(new NdjsonInput(FILE)).bad();
    assertEquals(9, bad.size(), bad.toString());
    assertEquals("accounts.ndjson:3", bad.get(0).source());
    assertTrue(bad.get(0).reason().startsWith("not valid JSON: "), bad.get(0).reason());
    assertEquals(List.of(
        bad(4, "the line is not a JSON object"),
        bad(5, "the line lacks \"resources\""),
        bad(6, "the line lacks \"accountId\""),
        bad(7, "resource 1: lacks \"type\""),
        bad(7, "resource 2: lacks \"arn\""),
        bad(7, "resource 3: \"policy\" must be an object, not a string"),
        bad(7, "resource 4: not an object but a string"),
        bad(8, "resource 0: both \"policy\" and \"policyDocument\" are given")),
        bad.subList(1, bad.size()));
  }

  @Test
  void keysAreStableAcrossReads() throws Exception {
    assertEquals(Read.of(new NdjsonInput(FILE)), Read.of(new NdjsonInput(FILE)));
  }

  @Test
  void aLastLineWithoutNewlineAndCrLfEndingsAreRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("crlf.ndjson");
    Files.writeString(f, "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"a\",\"type\":\"t\",\"policy\":{\"x\":1}}]}\r\n"
        + "\r\n{\"accountId\":\"444455556666\",\"resources\":[{\"arn\":\"b\",\"type\":\"t\"}]}");
    Read r = Read.of(new NdjsonInput(f));
    assertEquals(List.of(), r.bad());
    assertEquals(List.of(new ResourceRecord("crlf.ndjson:1#0", "111122223333", "a", "t", "{\"x\":1}", f.getFileName() + ":1"),
        new ResourceRecord("crlf.ndjson:3#0", "444455556666", "b", "t", null, f.getFileName() + ":3")), r.records());
  }

  @Test
  void aRepeatedMemberMakesTheLineBad(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("dup.ndjson");
    Files.writeString(f, "{\"accountId\":\"111122223333\",\"accountId\":\"444455556666\",\"resources\":[]}\n");
    assertEquals(List.of(new BadRecord(f.getFileName() + ":1", "member \"accountId\" appears twice")), Read.of(new NdjsonInput(f)).bad());
  }

  @Test
  void aLineOverTheRecordLimitIsOneBadRecordAndTheNextLinesAreRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("big.ndjson");
    String good = "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"a\",\"type\":\"t\"}]}";
    Files.writeString(f, "{\"accountId\":\"111122223333\",\"resources\":[" + " ".repeat(5000) + "]}\n" + good + "\n");
    Read r = Read.of(new NdjsonInput(f, 1000));
    assertEquals(List.of(new BadRecord("big.ndjson:1", "the line is longer than the record limit of 1000 bytes: not read")), r.bad());
    assertEquals(List.of(new ResourceRecord("big.ndjson:2#0", "111122223333", "a", "t", null, "big.ndjson:2")), r.records());
  }

  /**
   * Issue 14 item 4: a UTF-16 line threw out of the reader (ArrayIndexOutOfBoundsException in rawValue) and
   * failed the whole job; invalid UTF-8 was accepted. Now each such line is one bad record naming its line,
   * byte offset and rule, and the good lines around it are read; a UTF-8 byte order mark may open the file.
   */
  @Test
  void aLineThatIsNotStrictUtf8IsOneBadRecordAndTheRestIsRead(@TempDir Path dir) throws Exception {
    String good = "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"a\",\"type\":\"t\",\"policy\":{\"x\":\"é\"}}]}";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    out.write((good + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));                        // 1: BOM + good
    out.write((good.replace("111122223333", "444455556666") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_16LE)); // 2; its last NUL opens line 3
    out.write(("{\"accountId\":\"1\",\"resources\":[{\"arn\":\"a\u0000\"}]}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)); // 3
    byte[] overlong = ("{\"accountId\":\"X\",\"resources\":[]}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int x = new String(overlong, java.nio.charset.StandardCharsets.UTF_8).indexOf('X');
    out.write(overlong, 0, x);
    out.write(new byte[] {(byte) 0xC1, (byte) 0xBF});                                                   // 4: overlong '\u007f'
    out.write(overlong, x + 1, overlong.length - x - 1);
    out.write(("{\"accountId\":\"1").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});                                     // 5: encoded surrogate
    out.write(("\",\"resources\":[]}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(("{\"accountId\":\"\\ud800\",\"resources\":[]}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)); // 6: escaped lone surrogate
    out.write((good.replace("111122223333", "777788889999") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)); // 7: good
    Path f = dir.resolve("mixed.ndjson");
    Files.write(f, out.toByteArray());
    Read r = Read.of(new NdjsonInput(f));
    assertEquals(List.of("111122223333", "777788889999"), r.records().stream().map(ResourceRecord::accountId).toList());
    assertEquals("mixed.ndjson:7#0", r.records().get(1).key());
    assertEquals("{\"x\":\"é\"}", r.records().get(0).policy());
    List<BadRecord> bad = r.bad();
    assertEquals(List.of("mixed.ndjson:2", "mixed.ndjson:3", "mixed.ndjson:4", "mixed.ndjson:5", "mixed.ndjson:6"), bad.stream().map(BadRecord::source).toList(), bad.toString());
    assertTrue(bad.get(0).reason().startsWith("line 2 is not accepted: byte offset 1: a NUL byte"), bad.get(0).reason());
    assertTrue(bad.get(1).reason().startsWith("line 3 is not accepted: byte offset 0: a NUL byte"), bad.get(1).reason());
    assertTrue(bad.get(2).reason().equals("line 4 is not accepted: byte offset " + x + ": not UTF-8: an overlong encoding (lead byte 0xC1): "
        + "a character must take its shortest form (RFC 3629 section 3); JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1)"),
        bad.get(2).reason());
    assertTrue(bad.get(3).reason().contains("byte offset 15: not UTF-8: an encoded UTF-16 surrogate"), bad.get(3).reason());
    assertTrue(bad.get(4).reason().contains("unpaired UTF-16 surrogate (\\ud800)"), bad.get(4).reason());
  }
  @Test
  void aMemberSpeltOtherwiseIsABadRecordNotAResourceWithoutAPolicy(@TempDir Path dir) throws Exception {
    // {"Policy": {...}} (not "policy") was an unknown member, ignored: a public bucket without a policy, NOT_PUBLIC.
    Path f = dir.resolve("cases.ndjson");
    String open = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/*\"}]}";
    Files.writeString(f, "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"arn:aws:s3:::b\",\"type\":\"AWS::S3::Bucket\",\"Policy\":"
        + open + "},{\"arn\":\"arn:aws:s3:::c\",\"type\":\"AWS::S3::Bucket\",\"policydocument\":\"{}\"}]}\n"
        + "{\"accountId\":\"111122223333\",\"resources\":[],\"Resources\":[{\"arn\":\"arn:aws:s3:::b\",\"type\":\"AWS::S3::Bucket\"}]}\n");
    Read r = Read.of(new NdjsonInput(f));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(
        new BadRecord("cases.ndjson:1", "resource 0: member \"Policy\" is not \"policy\": cannot tell what it holds"),
        new BadRecord("cases.ndjson:1", "resource 1: member \"policydocument\" is not \"policyDocument\": cannot tell what it holds"),
        new BadRecord("cases.ndjson:2", "member \"Resources\" is not \"resources\": cannot tell what it holds")), r.bad());
  }
}
