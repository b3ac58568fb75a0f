package dev.hornbeam.audit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's answers per resource, through the Flink job on the embedded MiniCluster with real solvers (what
 * AuditRunnerTest checked of the journal-based runner, which is gone): every resource one finding with the right answer,
 * policies that need no solver, unreadable records, identical policies decided once, per-account variants sharing one
 * answer with their own ids and witnesses; without dedup every one decided, with the same answers. One estate, two runs.
 */
class FlinkAuditAnswersTest {
  static final String PUBLIC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%s/*\"}]}";
  static final String PRIVATE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%s/*\"}]}";
  /** A queue its owner's partner may send to (outside access), and every principal of the owner's account. */
  static final String SHARED_QUEUE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},"
      + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"%s\"},{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\","
      + "\"Resource\":\"%s\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"%s\"}}}]}";
  /** Public to the world except one partner account's root: variants differ only in account ids. */
  static final String PUBLIC_BUT_PARTNER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\","
      + "\"Resource\":\"arn:aws:sqs:us-east-1:%s:q\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},"
      + "\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}";

  @TempDir Path dir;

  final List<String> lines = new ArrayList<>();

  static String resource(String arn, String type, String policy) {
    return "{\"arn\":\"" + arn + "\",\"type\":\"" + type + "\"" + (policy == null ? "" : ",\"policy\":" + policy) + "}";
  }

  /** Adds an account line; returns its resources' keys as the NDJSON input names them. */
  List<String> account(String id, List<String> resources) {
    lines.add("{\"accountId\":\"" + id + "\",\"resources\":[" + String.join(",", resources) + "]}");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < resources.size(); i++) {
      keys.add("estate.ndjson:" + lines.size() + "#" + i);
    }
    return keys;
  }

  @Test
  void everyResourceGetsOneFindingWithTheRightAnswerAndSharedAnswersKeepTheirOwnIds() throws Exception {
    List<String> buckets = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String account = String.format("%012d", 100000000000L + i);
      buckets.addAll(account(account, List.of(resource("arn:aws:s3:::bkt" + i, "AWS::S3::Bucket",
          i % 3 == 0 ? PUBLIC.formatted("bkt" + i) : PRIVATE.formatted(account, "bkt" + i)))));
    }
    List<String> special = account("111122223333", List.of(resource("arn:aws:s3:::nopolicy", "AWS::S3::Bucket", null),
        resource("arn:aws:s3:::bad", "AWS::S3::Bucket", "{\"Statement\":[{\"Effect\":\"allow\"}]}"),
        resource("arn:aws:ec2:::i", "AWS::EC2::Instance", PUBLIC.formatted("z"))));
    lines.add("not JSON");
    // The same policy six times on one bucket, written differently: decided once.
    String same = PRIVATE.formatted("111122223333", "same");
    List<String> sameKeys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sameKeys.addAll(account("111122223333", List.of(resource("arn:aws:s3:::same", "AWS::S3::Bucket", i % 2 == 0 ? same : same.replace(",", " , ")))));
    }
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String owner = String.format("%012d", 200000000000L + i);
      String arn = "arn:aws:sqs:us-east-1:" + owner + ":q" + i;
      queues.addAll(account(owner, List.of(resource(arn, "AWS::SQS::Queue",
          SHARED_QUEUE.formatted(String.format("%012d", 300000000000L + i), arn, arn, owner)))));
    }
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String owner = String.format("%012d", 400000000000L + i);
      variants.addAll(account(owner, List.of(resource("arn:aws:sqs:us-east-1:" + owner + ":q", "AWS::SQS::Queue",
          PUBLIC_BUT_PARTNER.formatted(owner, String.format("%012d", 500000000000L + i))))));
    }
    Path input = dir.resolve("estate.ndjson");
    Files.write(input, lines);

    FlinkAudit.Outcome o = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), dir.resolve("dedup")).withWorkers(1).withParallelism(2));
    Map<String, Finding> f = FlinkAuditTest.findings(dir.resolve("dedup"), o.identity());
    assertEquals(31, o.resources());
    assertEquals(31, f.size(), "each resource one finding");
    assertEquals(1, o.bad().size(), o.bad().toString());
    assertTrue(o.bad().get(0).source().endsWith("estate.ndjson:" + (14)), o.bad().toString());
    for (int i = 0; i < 12; i++) {
      Finding x = f.get(buckets.get(i));
      assertEquals(i % 3 == 0 ? "PUBLIC" : "NOT_PUBLIC", x.result(), x.toString());
      assertEquals("SOLVED", x.reason());
      if (i % 3 == 0) {
        assertTrue(x.witness().description().contains("arn:aws:s3:::bkt" + i + "/"), x.toString());
        assertEquals(0, x.reasons().get(0).statementIndex());
      }
    }
    assertEquals(List.of("NOT_PUBLIC", "NO_POLICY"), List.of(f.get(special.get(0)).result(), f.get(special.get(0)).reason()));
    assertEquals(List.of("INVALID", "INVALID_POLICY"), List.of(f.get(special.get(1)).result(), f.get(special.get(1)).reason()));
    assertFalse(f.get(special.get(1)).problems().isEmpty());
    assertEquals("UNKNOWN_TYPE", f.get(special.get(2)).reason());

    assertEquals(5, sameKeys.stream().filter(k -> f.get(k).deduplicated()).count(), "identical policies decided once");
    assertTrue(sameKeys.stream().allMatch(k -> f.get(k).result().equals("NOT_PUBLIC")));

    // Per-account variants share their outside-access findings (issue 17), each in its own queue's, partner's and owner's words.
    for (int i = 0; i < 6; i++) {
      Finding x = f.get(queues.get(i));
      String arn = "arn:aws:sqs:us-east-1:" + String.format("%012d", 200000000000L + i) + ":q" + i;
      assertEquals("PROVED", x.outsideCoverage(), x::toString);
      assertEquals(List.of("AWS " + String.format("%012d", 300000000000L + i) + " can call sqs:SendMessage (1 action, Write) on " + arn),
          x.outside(), x::toString);
    }
    assertEquals(6, o.outside(), "not public, shared outside the account");
    // Variants of a public policy share one answer, each with a witness on its own queue and not its partner.
    assertEquals(3, variants.stream().filter(k -> f.get(k).deduplicated()).count());
    for (int i = 0; i < 4; i++) {
      Finding x = f.get(variants.get(i));
      assertEquals("PUBLIC", x.result());
      assertEquals("arn:aws:sqs:us-east-1:" + String.format("%012d", 400000000000L + i) + ":q", x.witness().resource(), x.toString());
      String partner = String.format("%012d", 500000000000L + i);
      assertTrue(x.witness().principal().accountId() == null || !x.witness().principal().accountId().equals(partner), x.toString());
    }
    assertEquals(4 + 4, o.publicCount());
    assertEquals(2, o.invalid());

    // Without dedup, every resource is decided on its own, with the same answers.
    FlinkAudit.Outcome alone = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), dir.resolve("alone")).withWorkers(1).withParallelism(2)
        .withChecks(null, dev.hornbeam.audit.input.Inputs.DEFAULT_MAX_RECORD_BYTES, 10_000, "auto", false));
    Map<String, Finding> g = FlinkAuditTest.findings(dir.resolve("alone"), alone.identity());
    assertTrue(g.values().stream().noneMatch(Finding::deduplicated));
    assertEquals(FlinkAuditTest.parts(dir.resolve("dedup"), o.identity()), FlinkAuditTest.parts(dir.resolve("alone"), alone.identity()),
        "what is shared is what deciding each alone gives");
  }
}
