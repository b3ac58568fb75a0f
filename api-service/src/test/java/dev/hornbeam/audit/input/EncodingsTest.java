package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the audit inputs read only strict UTF-8 (RFC 8259 section 8.1). A UTF-16 or UTF-32 file, with or
 * without a byte order mark, or invalid UTF-8 is a bad record naming the file, the line and the rule: never
 * an exception out of the reader, never a file read in a guessed encoding, never a policy changed on the way
 * (an unpaired surrogate would become '?').
 */
class EncodingsTest {
  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::site/*\"}]}";

  /** Every wide encoding, with and without its byte order mark: a name and the encoded text. */
  private static List<Object[]> wide(String text) {
    List<Object[]> out = new ArrayList<>();
    for (String cs : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
      byte[] bare = text.getBytes(Charset.forName(cs));
      byte[] bom = ("\uFEFF" + text).getBytes(Charset.forName(cs));
      out.add(new Object[] {cs, bare});
      out.add(new Object[] {cs + " with BOM", bom});
    }
    return out;
  }

  private static String config(String account, String arn, String policyJsonString) {
    return "{\n  \"fileVersion\": \"1.0\",\n  \"configurationItems\": [\n    {\n      \"resourceType\": \"AWS::S3::Bucket\",\n"
        + "      \"awsAccountId\": \"" + account + "\",\n      \"ARN\": \"" + arn + "\",\n"
        + "      \"supplementaryConfiguration\": {\"BucketPolicy\": {\"policyText\": " + policyJsonString + "}}\n    }\n  ]\n}\n";
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void aWideAwsConfigFileIsOneBadRecordAndNothingIsRead(@TempDir Path dir) throws Exception {
    String text = config("111122223333", "arn:aws:s3:::site", quoted(POLICY));
    assertEquals(1, Read.of(new AwsConfigInput(Files.writeString(dir.resolve("good.json"), text))).records().size());
    for (Object[] w : wide(text)) {
      Path f = Files.write(dir.resolve("config.json"), (byte[]) w[1]);
      for (Optional<String> format : List.of(Optional.<String>empty(), Optional.of("config"))) {
        Read r = Read.of(Inputs.open(f, format)); // detected as either format: refused as a whole either way
        assertEquals(List.of(), r.records(), w[0] + " " + format);
        assertTrue(!r.bad().isEmpty(), w[0] + " " + format);
        for (BadRecord b : r.bad()) {
          assertTrue(b.source().matches("config\\.json:\\d+"), w[0] + ": " + b);
          assertTrue(b.reason().contains("RFC 8259 section 8.1"), w[0] + ": " + b);
          assertTrue(b.reason().contains("byte order mark") || b.reason().contains("a NUL byte"), w[0] + ": " + b);
        }
      }
      Read r = Read.of(new AwsConfigInput(f));
      assertEquals(1, r.bad().size(), w[0] + ": " + r.bad());
      assertEquals("config.json:1", r.bad().get(0).source());
      assertTrue(r.bad().get(0).reason().startsWith("the file is not read: line 1, byte offset "), r.bad().get(0).reason());
      if (!((String) w[0]).endsWith("BOM")) {
        assertTrue(r.bad().get(0).reason().contains("(this text starts like " + w[0] + ")"), r.bad().get(0).reason());
      }
    }
  }

  @Test
  void invalidUtf8InAnAwsConfigFileIsOneBadRecordAtItsLineAndNothingIsRead(@TempDir Path dir) throws Exception {
    // Two items; the second's ARN holds a byte that is not UTF-8: the file is refused, the first item too.
    String two = config("111122223333", "arn:aws:s3:::site", quoted(POLICY)).replace("\n  ]\n}\n", ",\n    {\n"
        + "      \"resourceType\": \"AWS::S3::Bucket\",\n      \"awsAccountId\": \"111122223333\",\n      \"ARN\": \"arn:aws:s3:::X\",\n"
        + "      \"supplementaryConfiguration\": {\"BucketPolicy\": {\"policyText\": null}}\n    }\n  ]\n}\n");
    byte[][] bads = {
        {(byte) 0xC1, (byte) 0xBF},                                        // overlong
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                           // an encoded surrogate (CESU-8)
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},              // above U+10FFFF
        {(byte) 0xE2, (byte) 0x82}};                                       // cut off
    String[] rules = {"an overlong encoding", "an encoded UTF-16 surrogate", "a code point above U+10FFFF", "not followed by its 2 continuation bytes"};
    for (int i = 0; i < bads.length; i++) {
      byte[] utf8 = two.getBytes(StandardCharsets.UTF_8);
      int x = two.indexOf("arn:aws:s3:::X") + "arn:aws:s3:::".length();
      long line = lineOf(two, x);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(utf8, 0, x);
      out.write(bads[i]);
      out.write(utf8, x + 1, utf8.length - x - 1);
      Path f = Files.write(dir.resolve("config.json"), out.toByteArray());
      Read r = Read.of(new AwsConfigInput(f));
      assertEquals(List.of(), r.records(), rules[i]);
      assertEquals(1, r.bad().size(), r.bad().toString());
      assertEquals("config.json:" + line, r.bad().get(0).source(), r.bad().toString());
      assertTrue(r.bad().get(0).reason().startsWith("the file is not read: line " + line + ", byte offset " + x + ": not UTF-8: " ), r.bad().toString());
      assertTrue(r.bad().get(0).reason().contains(rules[i]), r.bad().toString());
    }
    // Past the first 64 KB read ahead, and in a file long enough to be read in several chunks.
    String padded = two.replace("\"fileVersion\": \"1.0\"", "\"fileVersion\": \"1.0\", \"pad\": \"" + "p".repeat(200_000) + "\"");
    byte[] utf8 = padded.getBytes(StandardCharsets.UTF_8);
    int x = padded.indexOf("arn:aws:s3:::X") + "arn:aws:s3:::".length();
    utf8[x] = (byte) 0xFF;
    Read r = Read.of(Inputs.open(Files.write(dir.resolve("padded.json"), utf8), Optional.empty()));
    assertEquals(List.of(), r.records());
    assertEquals(List.of(new BadRecord("padded.json:" + lineOf(padded, x), "the file is not read: line " + lineOf(padded, x) + ", byte offset " + x
        + ": not UTF-8: the byte 0xFF, which UTF-8 never uses; JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1)")), r.bad());
  }

  @Test
  void anUnpairedSurrogateInAConfigItemOrAnNdjsonPolicyDocumentIsABadRecordNotAQuestionMark(@TempDir Path dir) throws Exception {
    String lone = POLICY.replace("site/*", "site/\\ud800*");
    String twice = config("111122223333", "arn:aws:s3:::site", quoted(lone)).replace("\n  ]\n}\n", ",\n    {\n"
        + "      \"resourceType\": \"AWS::S3::Bucket\",\n      \"awsAccountId\": \"111122223333\",\n      \"ARN\": \"arn:aws:s3:::b\\udc00\",\n"
        + "      \"supplementaryConfiguration\": {\"BucketPolicy\": {\"policyText\": null}}\n    }\n  ]\n}\n");
    // The policy text is a JSON string holding the policy: its "\\ud800" is an escape in the policy itself.
    Read config = Read.of(new AwsConfigInput(Files.writeString(dir.resolve("c.json"), twice.replace("site/\\\\ud800*", "site/\\ud800*"))));
    assertEquals(List.of(), config.records());
    assertEquals(List.of("c.json:4", "c.json:10"), config.bad().stream().map(BadRecord::source).toList(), config.bad().toString());
    assertTrue(config.bad().get(0).reason().startsWith("supplementaryConfiguration.BucketPolicy.policyText holds an unpaired UTF-16 surrogate (\\ud800)"),
        config.bad().toString());
    assertTrue(config.bad().get(1).reason().startsWith("the ARN holds an unpaired UTF-16 surrogate (\\udc00)"), config.bad().toString());

    String line = "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"arn:aws:s3:::site\",\"type\":\"AWS::S3::Bucket\","
        + "\"policyDocument\":" + quoted(POLICY).replace("site/*", "site/\\ud800*") + "},{\"arn\":\"arn:aws:s3:::b\",\"type\":\"AWS::S3::Bucket\"}]}\n";
    Read ndjson = Read.of(new NdjsonInput(Files.writeString(dir.resolve("e.ndjson"), line)));
    assertEquals(List.of("arn:aws:s3:::b"), ndjson.records().stream().map(ResourceRecord::arn).toList());
    assertEquals(List.of(new BadRecord("e.ndjson:1", "resource 0: \"policyDocument\" holds an unpaired UTF-16 surrogate (\\ud800) is no "
        + "Unicode character and cannot be written as UTF-8 (RFC 8259 section 8.2)")), ndjson.bad());
  }

  @Test
  void aWideOrInvalidPolicyFileInADirectoryIsABadRecordNamingItsLine(@TempDir Path dir) throws Exception {
    Path account = Files.createDirectories(dir.resolve("111122223333"));
    String pretty = POLICY.replace(",", ",\n");
    for (Object[] w : wide(pretty)) {
      Files.write(account.resolve("site.json"), (byte[]) w[1]);
      Read r = Read.of(new DirectoryInput(dir));
      assertEquals(List.of(), r.records(), (String) w[0]);
      assertEquals(1, r.bad().size());
      assertEquals("111122223333/site.json:1", r.bad().get(0).source(), w[0] + ": " + r.bad());
      assertTrue(r.bad().get(0).reason().startsWith("the file is not read: line 1, byte offset "), r.bad().toString());
    }
    byte[] bytes = pretty.getBytes(StandardCharsets.UTF_8);
    int x = pretty.indexOf("Allow");
    bytes[x] = (byte) 0xC0; // overlong form of 'A'... (0xC0 0x6C: a lead byte with no continuation either way)
    Files.write(account.resolve("site.json"), bytes);
    Read r = Read.of(new DirectoryInput(dir));
    assertEquals(List.of(), r.records());
    long line = lineOf(pretty, x);
    assertEquals("111122223333/site.json:" + line, r.bad().get(0).source());
    assertTrue(r.bad().get(0).reason().startsWith("the file is not read: line " + line + ", byte offset " + x + ": not UTF-8: an overlong encoding"),
        r.bad().toString());
  }

  @Test
  void aWideNdjsonFileIsABadRecordPerLineNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    String line = "{\"accountId\":\"111122223333\",\"resources\":[]}\n";
    for (Object[] w : wide(line + line)) {
      Path f = Files.write(dir.resolve("e.ndjson"), (byte[]) w[1]);
      Read r = Read.of(Inputs.open(f, Optional.empty()));
      assertEquals(List.of(), r.records(), (String) w[0]);
      assertTrue(!r.bad().isEmpty());
      for (BadRecord b : r.bad()) {
        assertTrue(b.source().matches("e\\.ndjson:\\d+") && b.reason().contains("RFC 8259 section 8.1"), w[0] + ": " + b);
      }
    }
  }

  /** The line (from 1) of character {@code x} of an ASCII text. */
  private static long lineOf(String text, int x) {
    return text.substring(0, x).chars().filter(c -> c == '\n').count() + 1;
  }
}
