package dev.hornbeam.audit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Estates;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.audit.report.Reports;
import dev.hornbeam.policy.findings.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Flink job on each kind of input: the right finding per resource, each resource exactly once, the reports built from the part files. */
class FlinkAuditTest {
  static final Path AUDIT = Path.of("src/test/resources/audit").toAbsolutePath();

  @TempDir Path dir;

  /** What must agree between runs (not the solver that won a race, its witness or its time). */
  record Answer(String accountId, String arn, String type, String result, String reason, List<?> reasons, List<?> problems, String sha256,
      List<String> outside, String outsideCoverage) {
    static Answer of(Finding f) {
      return new Answer(f.accountId(), f.arn(), f.resourceType(), f.result(), f.reason(), f.reasons(), f.problems(), f.policySha256(),
          f.outside(), f.outsideCoverage());
    }
  }

  /** The answer {@link Estates} gives a generated resource: every third (by its place in the estate) public. */
  static String estateResult(Finding f, int perAccount) {
    long account = Long.parseLong(f.accountId()) - 200000000000L;
    int r = Integer.parseInt(f.arn().replaceAll("^.*-(\\d+)$", "$1"));
    return (account * perAccount + r) % 3 == 0 ? "PUBLIC" : "NOT_PUBLIC";
  }

  /** Every finding in the sink's finished part files, asserting each key once. */
  static Map<String, Finding> findings(Path out, String identity) throws Exception {
    Map<String, Finding> found = new TreeMap<>();
    long lines = 0;
    for (Path part : FlinkAudit.finishedParts(out.resolve(FlinkAudit.WORK).resolve(FlinkAudit.FINDINGS))) {
      lines += Files.readAllLines(part).size();
      Journal.read(part, identity, f -> assertTrue(found.put(f.key(), f) == null, "twice: " + f.key()));
    }
    assertEquals(found.size(), lines, "every line of the part files verifies and is a distinct resource");
    return found;
  }

  static Map<String, Answer> parts(Path out, String identity) throws Exception {
    Map<String, Answer> answers = new TreeMap<>();
    findings(out, identity).forEach((k, f) -> answers.put(k, Answer.of(f)));
    return answers;
  }

  /**
   * Adds two per-account variants to every account (line) of an estate: a public bucket {@code data-<account>}
   * and a queue {@code jobs} only the account may use. Each pair of variants shares one dedup key.
   */
  static int withVariants(Path estate) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(estate)) {
      String account = line.replaceAll("^.*?\"accountId\":\"([0-9]{12})\".*$", "$1");
      String data = "{\"arn\":\"arn:aws:s3:::data-" + account + "\",\"type\":\"AWS::S3::Bucket\",\"policy\":{\"Version\":\"2012-10-17\","
          + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data-" + account
          + "/*\"}]}}";
      String jobs = "{\"arn\":\"arn:aws:sqs:us-east-1:" + account + ":jobs\",\"type\":\"AWS::SQS::Queue\",\"policy\":{\"Version\":\"2012-10-17\","
          + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"sqs:SendMessage\","
          + "\"Resource\":\"arn:aws:sqs:us-east-1:" + account + ":jobs\"}]}}";
      lines.add(line.substring(0, line.length() - 2) + "," + data + "," + jobs + "]}");
    }
    Files.write(estate, lines);
    return 2 * lines.size();
  }

  /** Variants decided by the solvers rather than shared: one per group when the keyed state held every decided answer. */
  static long decidedVariants(Map<String, Finding> findings, String arnPart) {
    return findings.values().stream().filter(f -> f.arn().contains(arnPart) && !f.deduplicated()).count();
  }

  @Test
  void theEmbeddedJobGivesEachResourceOfAGeneratedEstateItsAnswerOnce() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 20, 6);
    Path out = dir.resolve("flink");
    long t0 = System.nanoTime();
    FlinkAudit.Outcome o = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), out).withWorkers(1).withParallelism(2));
    System.out.printf("estate of %d: Flink embedded %.2f s%n", n, (System.nanoTime() - t0) / 1e9);
    Map<String, Finding> found = findings(out, o.identity());
    assertEquals(n, found.size());
    for (Finding f : found.values()) {
      assertEquals(estateResult(f, 6), f.result(), f.toString());
    }
    assertEquals(n, o.resources());
    assertEquals(n / 3, o.publicCount());
    assertEquals(n, Files.readAllLines(out.resolve(Reports.FINDINGS)).size(), "the reports are built from the part files");
    assertTrue(Files.exists(out.resolve(Reports.HTML)) && Files.exists(out.resolve(Reports.SARIF)));
    // Started again after it finished: the reports are written again from the same part files, no job runs.
    FlinkAudit.Outcome again = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), out).withWorkers(1).withParallelism(2));
    assertFalse(again.ranJob());
    assertEquals(o.publicCount(), again.publicCount());
    assertEquals(parts(out, o.identity()), parts(out, again.identity()));
  }

  @Test
  void perAccountVariantsAreDecidedOnceThroughKeyedState() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 20, 3) + withVariants(input);
    Path out = dir.resolve("flink");
    FlinkAudit.Outcome o = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), out).withWorkers(1).withParallelism(2));
    Map<String, Finding> found = findings(out, o.identity());
    assertEquals(n, found.size());
    assertEquals(1, decidedVariants(found, ":::data-"), "one public variant decided, the others shared");
    assertEquals(1, decidedVariants(found, ":jobs"), "one private variant decided, the others shared");
    for (Finding f : found.values()) {
      if (f.arn().contains(":::data-")) {
        assertEquals("PUBLIC", f.result());
        assertTrue(f.witness().resource().startsWith(f.arn() + "/"), "the shared witness names this bucket: " + f.witness());
      } else if (f.arn().endsWith(":jobs")) {
        assertEquals("NOT_PUBLIC", f.result(), f.toString());
      } else {
        assertEquals(estateResult(f, 3), f.result(), f.toString());
      }
    }
  }

  @Test
  void awsConfigDirectoriesAndNdjsonTogether() throws Exception {
    List<Path> inputs = List.of(AUDIT.resolve("accounts.ndjson"), AUDIT.resolve("config/snapshot.json"), AUDIT.resolve("dir"));
    Path out = dir.resolve("flink");
    FlinkAudit.Outcome o = FlinkAudit.run(FlinkAudit.Options.of(inputs, out).withWorkers(1).withParallelism(2));
    List<String> keys = new ArrayList<>();
    List<dev.hornbeam.audit.BadRecord> bad = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String prefix = (i + 1) + "|";
      Inputs.open(inputs.get(i), Optional.empty()).read(r -> keys.add(prefix + r.key()), bad::add);
    }
    Map<String, Answer> found = parts(out, o.identity());
    assertEquals(new java.util.TreeSet<>(keys), found.keySet(), "every resource of every input, each once, keyed by its input's place");
    assertTrue(found.keySet().stream().anyMatch(k -> k.startsWith("3|")), "the directory's resources are read");
    assertFalse(o.bad().isEmpty(), "the unreadable records reach the reports");
    assertEquals(bad, o.bad());
    String summary = Files.readString(out.resolve(Reports.SUMMARY_JSON));
    assertTrue(summary.replaceAll("\\s", "").contains("\"badRecords\":" + o.bad().size() + ","), summary);
  }

  /** A queue of {@code owner} that {@code other} may send to, with {@code name}. */
  static String sharedQueue(String owner, String name, String other) {
    String arn = "arn:aws:sqs:us-east-1:" + owner + ":" + name;
    return "{\"arn\":\"" + arn + "\",\"type\":\"AWS::SQS::Queue\",\"policy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Principal\":{\"AWS\":\"" + other + "\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn + "\"}]}}";
  }

  /**
   * With an organization's zone (as {@code --zone org}): a queue shared with a member account is no outside access,
   * one shared with a stranger account is. The zone is part of the run's identity: the same --out with the account zone is
   * another audit and is refused rather than resumed.
   */
  @Test
  void withAnOrganizationZoneMembersAreInsideAndStrangersOutside() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 6, 3);
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    // Per-account variants too: each account shares a queue with the member 111122223333 and one with a stranger.
    for (int a = 0; a < 4; a++) {
      String account = String.format("%012d", 300000000000L + a);
      lines.add("{\"accountId\":\"" + account + "\",\"resources\":[" + sharedQueue(account, "member", "111122223333") + ","
          + sharedQueue(account, "stranger", "999988887777") + "]}");
      n += 2;
    }
    Files.write(input, lines);
    List<String> members = new ArrayList<>(List.of("111122223333"));
    for (int a = 0; a < 6; a++) {
      members.add(String.format("%012d", 200000000000L + a));
    }
    for (int a = 0; a < 4; a++) {
      members.add(String.format("%012d", 300000000000L + a));
    }
    Zone.Organization org = new Zone.Organization("o-abcdefghij", members);
    long t1 = System.nanoTime();
    Path out = dir.resolve("flink");
    FlinkAudit.Options options = FlinkAudit.Options.of(List.of(input), out).withWorkers(1).withParallelism(2).withZone(org);
    FlinkAudit.Outcome o = FlinkAudit.run(options);
    System.out.printf("estate of %d with an organization zone: Flink embedded %.2f s%n", n, (System.nanoTime() - t1) / 1e9);
    Map<String, Answer> expected = parts(out, o.identity());
    assertEquals(n, expected.size());
    for (Answer a : expected.values()) {
      assertEquals("PROVED", a.outsideCoverage(), a.arn());
      if (a.arn().endsWith(":member")) {
        assertEquals(List.of(), a.outside(), "a member account is inside the organization: " + a.arn());
      } else if (a.arn().endsWith(":stranger")) {
        assertEquals(1, a.outside().size(), a.arn());
        assertTrue(a.outside().get(0).contains("999988887777"), a.outside().toString());
      }
    }
    assertTrue(expected.values().stream().anyMatch(a -> a.arn().endsWith(":member")));
    // Another zone is another audit: never resumed from this one.
    assertThrows(dev.hornbeam.audit.AuditDirectory.Changed.class, () -> FlinkAudit.run(options.withZone(null)));
    assertThrows(dev.hornbeam.audit.AuditDirectory.Changed.class,
        () -> FlinkAudit.run(options.withZone(new Zone.Organization("o-abcdefghij", members.subList(1, 5)))));
    assertFalse(FlinkAudit.run(options).ranJob(), "the same zone is the same audit");
    // hornbeam audit (ZoneOptions): an organization without its accounts is refused.
    java.io.StringWriter err = new java.io.StringWriter();
    assertEquals(2, dev.hornbeam.cli.HornbeamCli.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), "audit",
        input.toString(), "--out", dir.resolve("bad").toString(), "--zone", "org", "--org-id", "o-abcdefghij"), err.toString());
  }

  /**
   * The job's progress as {@code hornbeam audit} shows it (ProgressLine), read from the sink's output while the job
   * runs: reports every second with the total, growing, some of them midway, the last one every resource with the
   * counts of the reports.
   */
  @Test
  void progressIsReadFromTheSinkWhileTheJobRunsAndEndsAtTheTotal() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    // Long enough to be seen midway (a few seconds): one check subtask decided about 150 of these a second here.
    int n = Estates.write(input, 200, 3);
    java.io.StringWriter text = new java.io.StringWriter();
    dev.hornbeam.audit.ProgressLine line = new dev.hornbeam.audit.ProgressLine(new java.io.PrintWriter(text), false, Duration.ZERO);
    List<dev.hornbeam.audit.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Boolean> last = new java.util.concurrent.CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    FlinkAudit.Outcome o = FlinkAudit.run(FlinkAudit.Options.of(List.of(input), dir.resolve("flink")).withWorkers(1).withParallelism(1),
        (dev.hornbeam.audit.Progress p, boolean end) -> {
          seen.add(p);
          last.add(end);
          line.show(p, end);
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%d progress reports in %.2f s:%n%s", seen.size(), seconds, text);
    assertEquals(n, o.resources());
    assertEquals(List.of(true), last.subList(last.size() - 1, last.size()), "the last report ends the run");
    assertEquals(1, last.stream().filter(b -> b).count());
    dev.hornbeam.audit.Progress end = seen.get(seen.size() - 1);
    assertEquals(List.of((long) n, (long) n, o.publicCount(), 0L), List.of(end.done(), end.total(), end.publicSoFar(), end.invalid()));
    assertTrue(seen.size() >= seconds - 3, "a report every second while the job ran: " + seen.size() + " in " + seconds + " s");
    long before = 0;
    for (dev.hornbeam.audit.Progress p : seen) {
      assertEquals(n, p.total());
      assertTrue(p.done() >= before && p.done() <= n, "growing: " + seen);
      assertTrue(p.publicSoFar() <= p.done());
      before = p.done();
    }
    assertTrue(seen.stream().anyMatch(p -> p.done() > 0 && p.done() < n), "seen midway: " + seen);
    List<String> lines = text.toString().lines().toList();
    assertEquals(seen.size(), lines.size());
    assertTrue(lines.stream().allMatch(l -> l.matches("audit: \\d+/" + n + " resources, .*")), text.toString());
    assertTrue(lines.get(lines.size() - 1).startsWith("audit: " + n + "/" + n + " resources, "), text.toString());
  }
}
