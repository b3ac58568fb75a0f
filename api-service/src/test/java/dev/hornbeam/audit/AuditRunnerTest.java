package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit runner with real solvers (worker processes): findings, dedup, journal and resume. */
class AuditRunnerTest {
  static final String PUBLIC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%s/*\"}]}";
  static final String PRIVATE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%s/*\"}]}";
  static PolicyChecker checker;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).build(), new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    checker.close();
  }

  static ResourceRecord bucket(int i, String account, String policy) {
    return new ResourceRecord("in:" + i + "#0", account, "arn:aws:s3:::bkt" + i, "AWS::S3::Bucket", policy, "in:" + i);
  }

  static List<ResourceRecord> estate(int n) {
    List<ResourceRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String account = String.format("%012d", 100000000000L + i % 7);
      out.add(bucket(i, account, i % 3 == 0 ? PUBLIC.formatted("bkt" + i) : PRIVATE.formatted(account, "bkt" + i)));
    }
    return out;
  }

  static Map<String, Finding> findings(Path journal) throws Exception {
    Map<String, Finding> out = new LinkedHashMap<>();
    Journal.read(journal, f -> out.put(f.key(), f));
    return out;
  }

  /**
   * Per-account variants share their outside-access findings (issue 17), and each resource's words name its
   * own queue, partner and owner: the shared answer is mapped, never copied with another account's ids.
   * Each shared answer is also what deciding that resource alone gives.
   */
  @Test
  void variantsShareOutsideAccessWithTheirOwnIds() throws Exception {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},"
        + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"%s\"},{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\","
        + "\"Resource\":\"%s\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"%s\"}}}]}";
    List<ResourceRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String owner = String.format("%012d", 200000000000L + i);
      String partner = String.format("%012d", 300000000000L + i);
      String arn = "arn:aws:sqs:us-east-1:" + owner + ":q" + i;
      records.add(new ResourceRecord("in:" + i + "#0", owner, arn, "AWS::SQS::Queue", policy.formatted(partner, arn, arn, owner), "in:" + i));
    }
    try (Journal journal = Journal.open(dir)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 1, true).run(List.of(new ListInput(records, List.of())), journal, p -> { });
    }
    Map<String, Finding> f = findings(dir.resolve(Journal.FILE));
    AuditRunner alone = new AuditRunner(checker, Duration.ofSeconds(20), 1, false);
    for (int i = 0; i < 6; i++) {
      Finding x = f.get("in:" + i + "#0");
      String partner = String.format("%012d", 300000000000L + i);
      String arn = "arn:aws:sqs:us-east-1:" + String.format("%012d", 200000000000L + i) + ":q" + i;
      assertEquals("PROVED", x.outsideCoverage(), x::toString);
      assertEquals(List.of("AWS " + partner + " can call sqs:SendMessage (1 action, Write) on " + arn), x.outside(), x::toString);
      assertEquals(alone.decide(records.get(i)).outside(), x.outside());
    }
  }

  @Test
  void everyResourceGetsOneFindingAndTheRightAnswer() throws Exception {
    List<ResourceRecord> records = new ArrayList<>(estate(12));
    records.add(new ResourceRecord("in:x#0", "111122223333", "arn:aws:s3:::nopolicy", "AWS::S3::Bucket", null, "in:x"));
    records.add(new ResourceRecord("in:y#0", "111122223333", "arn:aws:s3:::bad", "AWS::S3::Bucket", "{\"Statement\":[{\"Effect\":\"allow\"}]}", "in:y"));
    records.add(new ResourceRecord("in:z#0", "111122223333", "arn:aws:ec2:::i", "AWS::EC2::Instance", PUBLIC.formatted("z"), "in:z"));
    List<BadRecord> bad = List.of(new BadRecord("in:99", "not JSON"));
    AuditRunner.Outcome outcome;
    try (Journal journal = Journal.open(dir)) {
      outcome = new AuditRunner(checker, Duration.ofSeconds(20), 2, true).run(List.of(new ListInput(records, bad)), journal, p -> { });
    }
    assertEquals(15, outcome.resources());
    assertEquals(15, outcome.decidedNow());
    assertEquals(List.of(new BadRecord("in:99", "not JSON")), outcome.bad());
    Map<String, Finding> f = findings(dir.resolve(Journal.FILE));
    assertEquals(15, f.size());
    for (int i = 0; i < 12; i++) {
      Finding x = f.get("in:" + i + "#0");
      assertEquals(i % 3 == 0 ? "PUBLIC" : "NOT_PUBLIC", x.result(), x.toString());
      assertEquals("SOLVED", x.reason());
      if (i % 3 == 0) {
        assertTrue(x.witness().description().contains("arn:aws:s3:::bkt" + i + "/"), x.toString());
        assertEquals(0, x.reasons().get(0).statementIndex());
      }
    }
    assertEquals("NO_POLICY", f.get("in:x#0").reason());
    assertEquals("NOT_PUBLIC", f.get("in:x#0").result());
    assertEquals("INVALID", f.get("in:y#0").result());
    assertEquals("INVALID_POLICY", f.get("in:y#0").reason());
    assertFalse(f.get("in:y#0").problems().isEmpty());
    assertEquals("UNKNOWN_TYPE", f.get("in:z#0").reason());
    assertEquals(4 + 0, outcome.publicCount());
    assertEquals(2, outcome.invalid());
  }

  @Test
  void identicalPoliciesAreDecidedOnce() throws Exception {
    String p = PRIVATE.formatted("111122223333", "same");
    List<ResourceRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records.add(new ResourceRecord("in:" + i + "#0", "111122223333", "arn:aws:s3:::same", "AWS::S3::Bucket",
          i % 2 == 0 ? p : p.replace(",", " ,\n "), "in:" + i)); // the same policy, written differently
    }
    try (Journal journal = Journal.open(dir)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 1, true).run(List.of(new ListInput(records, List.of())), journal, x -> { });
    }
    Map<String, Finding> f = findings(dir.resolve(Journal.FILE));
    assertEquals(5, f.values().stream().filter(Finding::deduplicated).count(), f.values().toString());
    assertTrue(f.values().stream().allMatch(x -> x.result().equals("NOT_PUBLIC")));
    // Without dedup every one is decided.
    Path other = dir.resolve("nodedup");
    try (Journal journal = Journal.open(other)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 1, false).run(List.of(new ListInput(records, List.of())), journal, x -> { });
    }
    assertTrue(findings(other.resolve(Journal.FILE)).values().stream().noneMatch(Finding::deduplicated));
  }

  @Test
  void aResumedRunDecidesOnlyWhatIsLeftAndKeepsEachResourceOnce() throws Exception {
    List<ResourceRecord> records = estate(20);
    try (Journal journal = Journal.open(dir)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 2, true).run(List.of(new ListInput(records.subList(0, 8), List.of())), journal, x -> { });
    }
    // A partial line at the end, as a kill -9 in the middle of a write leaves it.
    Files.writeString(dir.resolve(Journal.FILE), "{\"key\":\"in:8#0\",\"accountId\":\"1", java.nio.file.StandardOpenOption.APPEND);
    List<AuditRunner.Progress> seen = new ArrayList<>();
    AuditRunner.Outcome outcome;
    try (Journal journal = Journal.open(dir)) {
      outcome = new AuditRunner(checker, Duration.ofSeconds(20), 2, true).run(List.of(new ListInput(records, List.of())), journal, seen::add);
    }
    assertEquals(8, outcome.resumed());
    assertEquals(12, outcome.decidedNow());
    assertEquals(7, outcome.publicCount(), "public count includes the earlier run's");
    Map<String, Finding> f = findings(dir.resolve(Journal.FILE));
    assertEquals(20, f.size());
    List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
    assertEquals(20, lines.size(), "each resource once, the partial line gone");
    AuditRunner.Progress last = seen.get(seen.size() - 1);
    assertEquals(20, last.done());
    assertEquals(20, last.total());
  }

  @Test
  void perAccountVariantsShareOneAnswerWithTheirOwnWitness() throws Exception {
    // Public to the world except one partner account's role: variants differ only in account ids.
    String template = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\","
        + "\"Resource\":\"arn:aws:sqs:us-east-1:%s:q\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},"
        + "\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}";
    List<ResourceRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String owner = String.format("%012d", 400000000000L + i);
      String partner = String.format("%012d", 500000000000L + i);
      records.add(new ResourceRecord("v:" + i + "#0", owner, "arn:aws:sqs:us-east-1:" + owner + ":q", "AWS::SQS::Queue",
          template.formatted(owner, partner), "v:" + i));
    }
    try (Journal journal = Journal.open(dir)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 1, true).run(List.of(new ListInput(records, List.of())), journal, x -> { });
    }
    Map<String, Finding> f = findings(dir.resolve(Journal.FILE));
    assertEquals(3, f.values().stream().filter(Finding::deduplicated).count(), f.values().toString());
    for (int i = 0; i < 4; i++) {
      Finding x = f.get("v:" + i + "#0");
      assertEquals("PUBLIC", x.result());
      String owner = String.format("%012d", 400000000000L + i);
      assertEquals("arn:aws:sqs:us-east-1:" + owner + ":q", x.witness().resource(), x.toString());
      assertTrue(x.witness().principal().accountId() == null || !x.witness().principal().accountId().equals(String.format("%012d", 500000000000L + i)),
          "the witness is no partner of this variant: " + x);
    }
  }

  @Test
  void progressIsReportedWhileRecordsAreStillBeingRead() throws Exception {
    // A large input is read for a long time before its last record is submitted; the bar must move in
    // the meantime (issue 17: it showed nothing for 15 of 17 seconds, then jumped to 100%).
    List<ResourceRecord> records = estate(30);
    java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicBoolean readingDone = new java.util.concurrent.atomic.AtomicBoolean();
    dev.hornbeam.audit.input.AuditInput slow = new dev.hornbeam.audit.input.AuditInput() {
      @Override
      public String describe() {
        return "a slowly read input";
      }

      @Override
      public void read(java.util.function.Consumer<ResourceRecord> resources, java.util.function.Consumer<BadRecord> bad) {
        for (ResourceRecord r : records) {
          if (!counting.get()) {
            try {
              Thread.sleep(40);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          resources.accept(r);
        }
        if (!counting.getAndSet(false)) {
          readingDone.set(true);
        }
      }
    };
    List<AuditRunner.Progress> whileReading = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Journal journal = Journal.open(dir)) {
      new AuditRunner(checker, Duration.ofSeconds(20), 2, true).run(List.of(slow), journal, p -> {
        if (!readingDone.get()) {
          whileReading.add(p);
        }
      }, Duration.ofMillis(50));
    }
    assertTrue(readingDone.get());
    assertTrue(whileReading.size() >= 5, "reports while reading: " + whileReading.size());
    assertTrue(whileReading.stream().anyMatch(p -> p.done() > 0 && p.done() < p.total()),
        "a report with some but not all resources done arrived before the input was read to its end: " + whileReading);
    assertTrue(whileReading.stream().allMatch(p -> p.total() == 30));
  }
}
