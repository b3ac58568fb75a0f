package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of every check endpoint and the guard with mutated request bodies: every answer is a decision (200) or a
 * problem+json 4xx / 503 — never a 500, never a stack trace.
 */
@MicronautTest
class MalformedInputTest extends ApiTestBase {
  private static final String CHECK = "{\"resourceType\":\"AWS::S3::Bucket\",\"deadlineMillis\":5000,\"policy\":{\"Version\":\"2012-10-17\","
      + "\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\",\"arn:aws:iam::111122223333:root\"]},"
      + "\"Action\":[\"s3:GetObject\",\"s3:Put*\"],\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},"
      + "\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}}]}}";
  private static final String GUARD = "{\"resourceArn\":\"arn:aws:s3:::amzn-s3-demo-bucket\",\"blockNewAccess\":true,\"currentPolicy\":"
      + "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}," + CHECK.substring(1);
  private static final String POLICY = CHECK.substring(CHECK.indexOf("\"policy\":") + 9, CHECK.length() - 1);
  private static final String OTHER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sqs:Send*\"],"
      + "\"Resource\":\"*\",\"Principal\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}]}";
  /** Each endpoint with a valid body to mutate. */
  private static final List<String[]> CALLS = List.of(
      new String[] {"/v1/checks/public-access", CHECK},
      new String[] {"/v1/guard/policy-attach", GUARD},
      new String[] {"/v1/checks/no-new-access", "{\"policyType\":\"RESOURCE_POLICY\",\"deadlineMillis\":5000,\"existingPolicy\":" + OTHER
          + ",\"newPolicy\":" + POLICY + "}"},
      new String[] {"/v1/checks/access-not-granted", "{\"resourceType\":\"AWS::S3::Bucket\",\"access\":[{\"actions\":[\"s3:GetObject\","
          + "\"s3:Delete*\"],\"resources\":[\"arn:aws:s3:::b/*\"]}],\"policy\":" + POLICY + "}"},
      new String[] {"/v1/checks/cross-account", "{\"ownerAccount\":\"111122223333\",\"policyType\":\"RESOURCE_POLICY\",\"policy\":" + POLICY + "}"},
      new String[] {"/v1/compare", "{\"policy1\":" + POLICY + ",\"policy2\":" + OTHER + ",\"deadlineMillis\":5000}"});
  private static final List<String> FRAGMENTS = List.of("", "null", "true", "-0", "1e999", "99999999999999999999", "\"\"", "\"\\u0000\"",
      "\"\\ud800\"", "{}", "[]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "\"AWS::S3::Bucket\"", "\"*\"", "{\"a\":1,\"a\":2}", "\"\\\"", "é😀", "\u0000", "}", "]", ",", ":");

  @Test
  void noBodyEverGetsA500() {
    Random random = new Random(Long.getLong("hornbeam.fuzz.seed", 20261122L));
    List<String> failures = new ArrayList<>();
    int decisions = 0;
    for (String[] call : CALLS) {
      Http.Reply r = http.post(call[0], call[1]);
      assertEquals(200, r.status(), "unmutated " + call[0] + ": " + r.body());
    }
    int[] answered = new int[CALLS.size()];
    for (int i = 0, n = Integer.getInteger("hornbeam.fuzz.cases", 1200); i < n; i++) {
      String[] call = CALLS.get(i % CALLS.size());
      String body = mutate(call[1], random);
      Http.Reply r = http.post(call[0], body);
      if (r.status() == 200) {
        decisions++;
        answered[i % CALLS.size()]++;
      } else if (!Set.of(400, 413, 503).contains(r.status()) || !"application/problem+json".equals(r.contentType())
          || r.body().contains("Exception") || r.body().contains("\tat ")) {
        failures.add(r.status() + " " + r.contentType() + " for " + body + " -> " + r.body());
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(decisions > 20, "some mutations are still valid calls: " + decisions);
    for (int k = 0; k < CALLS.size(); k++) {
      assertTrue(answered[k] > 0, "some mutations of " + CALLS.get(k)[0] + " are still valid calls: " + java.util.Arrays.toString(answered));
    }
  }

  /** One to three edits: truncation, a deleted or replaced span, or a JSON fragment spliced in. */
  static String mutate(String body, Random random) {
    return FuzzRun.mutate(body, random, 1 + random.nextInt(3), FRAGMENTS);
  }

  /** The body as bytes of {@code charset}. */
  private Http.Reply postBytes(String path, byte[] body) {
    return http.send(HttpRequest.POST(path, body).contentType("application/json"));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Issue 14 item 4: UTF-16 and UTF-32 bodies were a 500 (ArrayIndexOutOfBoundsException in the request
   * reader, logged at ERROR with its stack trace) on all six check and guard endpoints. JSON exchanged
   * between systems must be UTF-8 (RFC 8259 section 8.1): now a 400 naming the byte offset and the rule,
   * and nothing is logged at ERROR.
   */
  @Test
  void utf16AndUtf32BodiesAreA400NamingOffsetAndRuleOnEveryEndpoint() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      List<Charset> charsets = List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
          Charset.forName("UTF-32"), Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"));
      for (String[] call : CALLS) {
        for (Charset cs : charsets) {
          Http.Reply r = postBytes(call[0], call[1].getBytes(cs));
          assertEquals(400, r.status(), call[0] + " in " + cs + ": " + r.body());
          assertEquals("application/problem+json", r.contentType());
          String detail = (String) r.json().get("detail");
          assertTrue(detail.contains("byte offset ") && detail.contains("RFC 8259 section 8.1"), cs + ": " + detail);
        }
        // With a UTF-32LE byte order mark (FF FE 00 00), which also starts like UTF-16LE's.
        Http.Reply r = postBytes(call[0], concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, call[1].getBytes(Charset.forName("UTF-32LE"))));
        assertEquals(400, r.status(), r.body());
        assertTrue(((String) r.json().get("detail")).contains("byte offset 0: a UTF-32 byte order mark"), r.body());
      }
      List<String> errors = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
          .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
      assertEquals(List.of(), errors);
    } finally {
      root.detachAppender(log);
    }
  }

  /** A UTF-8 byte order mark carries no meaning and RFC 8259 section 8.1 lets a parser ignore it: the call is answered. */
  @Test
  void aUtf8ByteOrderMarkIsIgnored() {
    for (String[] call : CALLS) {
      Http.Reply r = postBytes(call[0], concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, call[1].getBytes(StandardCharsets.UTF_8)));
      assertEquals(200, r.status(), call[0] + ": " + r.body());
    }
  }

  /**
   * Issue 14 item 4: overlong forms and encoded surrogates inside strings were accepted (the parser's own
   * decoding is lenient). The strict decoder refuses each, naming the byte offset and the rule; an escaped
   * lone surrogate is refused with the pointer of its string.
   */
  @Test
  void invalidUtf8AndLoneSurrogatesAreA400NamingWhereAndWhy() {
    String guard = CALLS.get(1)[1];
    int arn = guard.indexOf("arn:aws:s3:::b") + "arn:aws:s3:::".length();
    byte[] head = guard.substring(0, arn).getBytes(StandardCharsets.UTF_8);
    byte[] tail = guard.substring(arn + 1).getBytes(StandardCharsets.UTF_8);
    Object[][] cases = {
        {new byte[] {(byte) 0xC1, (byte) 0xA2}, "an overlong encoding (lead byte 0xC1)"},               // 'b' in two bytes
        {new byte[] {(byte) 0xE0, (byte) 0x81, (byte) 0xA2}, "an overlong encoding (lead byte 0xE0)"},  // 'b' in three bytes
        {new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x81, (byte) 0xA2}, "an overlong encoding (lead byte 0xF0)"},
        {new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "an encoded UTF-16 surrogate"},          // U+D800 as CESU-8
        {new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}, "an encoded UTF-16 surrogate"},
        {new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "a code point above U+10FFFF"},
        {new byte[] {(byte) 0x80}, "a continuation byte (0x80) without a lead byte"},
        {new byte[] {(byte) 0xE2, (byte) 0x82}, "a lead byte (0xE2) not followed by its 2 continuation bytes"},
        {new byte[] {(byte) 0xFF}, "the byte 0xFF, which UTF-8 never uses"}};
    for (Object[] c : cases) {
      Http.Reply r = postBytes("/v1/guard/policy-attach", concat(head, (byte[]) c[0], tail));
      assertEquals(400, r.status(), c[1] + ": " + r.body());
      String detail = (String) r.json().get("detail");
      assertTrue(detail.startsWith("the request body is not accepted: byte offset " + head.length + ": not UTF-8: " + c[1]), detail);
      assertTrue(detail.endsWith("; JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1)"), detail);
    }
    Http.Reply cut = postBytes("/v1/checks/public-access", Arrays.copyOf(CALLS.get(0)[1].replace("}}}]}}", "é").getBytes(StandardCharsets.UTF_8),
        CALLS.get(0)[1].replace("}}}]}}", "é").getBytes(StandardCharsets.UTF_8).length - 1));
    assertEquals(400, cut.status(), cut.body());
    assertTrue(((String) cut.json().get("detail")).contains("a multi-byte sequence cut off by the end of the text"), cut.body());
    Http.Reply nul = postBytes("/v1/compare", concat("{\"policy1\":".getBytes(StandardCharsets.UTF_8), new byte[] {0}));
    assertEquals(400, nul.status(), nul.body());
    assertTrue(((String) nul.json().get("detail")).contains("byte offset 11: a NUL byte"), nul.body());
    // Escaped lone surrogates: well-formed JSON, but no Unicode text (RFC 8259 section 8.2).
    Http.Reply lone = http.post("/v1/guard/policy-attach", guard.replace("arn:aws:s3:::amzn-s3-demo-bucket\"", "arn:aws:s3:::\\ud800b\""));
    assertEquals(400, lone.status(), lone.body());
    assertEquals("/resourceArn", lone.json().get("pointer"), lone.body());
    assertTrue(((String) lone.json().get("detail")).contains("unpaired UTF-16 surrogate (\\ud800)"), lone.body());
    Http.Reply inAccess = http.post("/v1/checks/access-not-granted", CALLS.get(3)[1].replace("s3:Delete*", "s3:Delete\\udc00*"));
    assertEquals(400, inAccess.status(), inAccess.body());
    assertEquals("/access/0/actions/1", inAccess.json().get("pointer"), inAccess.body());
    Http.Reply inName = http.post("/v1/compare", CALLS.get(5)[1].replace("\"policy1\"", "\"\\ud800policy1\""));
    assertEquals(400, inName.status(), inName.body());
    // A paired surrogate (an escaped astral character) is a character like any other.
    Http.Reply pair = http.post("/v1/guard/policy-attach", guard.replace("\"Sid\":\"A\"", "\"Sid\":\"\\ud83d\\ude00\""));
    assertEquals(200, pair.status(), pair.body());
  }

  /** Issue 14 item 11: a string member is at most 2048 characters (the longest ARN AWS accepts), so no request puts a huge value in a log. */
  @Test
  void aHugeStringMemberIsA400WithoutEchoingIt() {
    String huge = "arn:aws:s3:::" + "b".repeat(900_000);
    Http.Reply r = http.post("/v1/guard/policy-attach", CALLS.get(1)[1].replace("arn:aws:s3:::amzn-s3-demo-bucket\"", huge + "\""));
    assertEquals(400, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
    assertEquals("/resourceArn", r.json().get("pointer"));
    assertTrue(r.body().length() < 1000, "the answer does not echo the value: " + r.body().length());
    assertTrue(((String) r.json().get("detail")).contains("900013 characters long; at most 2048"), r.body());
    Http.Reply owner = http.post("/v1/checks/cross-account", CALLS.get(4)[1].replace("111122223333", "1".repeat(5000)));
    assertEquals(400, owner.status());
    assertTrue(owner.body().length() < 1000, owner.body());
    Http.Reply name = http.post("/v1/compare", "{\"" + "n".repeat(500_000) + "\":1}");
    assertEquals(400, name.status());
    assertTrue(name.body().length() < 1000, "an unknown member's name is not echoed whole: " + name.body().length());
  }
}
