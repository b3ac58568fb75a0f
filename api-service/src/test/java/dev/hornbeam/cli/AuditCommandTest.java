package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.audit.Estates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hornbeam audit} in-process: output, exit codes, reports, refused options and directories. */
class AuditCommandTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /**
   * Issue 17: an audit reports who outside each resource's account has access (a queue shared with another
   * account), and against an organization's zone that account is inside; the zone is part of the audit's
   * identity, so the second run is a new audit, not an answer from the first.
   */
  @Test
  void sharingOutsideTheAccountIsReportedAndTheOrganizationZoneTrustsItsAccounts() throws Exception {
    String queue = "arn:aws:sqs:us-east-1:111122223333:shared";
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"444455556666\"},"
        + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queue + "\"}]}";
    Path input = dir.resolve("shared.ndjson");
    Files.writeString(input, "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"" + queue + "\",\"type\":\"AWS::SQS::Queue\","
        + "\"policy\":" + policy + "}]}\n");
    Path out = dir.resolve("out-shared");
    CliRun r = run("audit", input.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("PUBLIC 0\nNOT_PUBLIC 1\nOUTSIDE 1\n"), r.out());
    String line = Files.readAllLines(out.resolve("findings.ndjson")).get(0);
    assertTrue(line.contains("\"outside\":[\"AWS 444455556666 can call sqs:SendMessage (1 action, Write) on " + queue + "\"]"), line);
    assertTrue(line.contains("\"outsideCoverage\":\"PROVED\""), line);
    assertTrue(Files.readString(out.resolve("summary.json")).replaceAll("\\s", "").contains("\"outsideAccess\":1"));
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<div class=\"card outside\"><div class=\"n\">1</div>"), "headline card");
    assertTrue(html.contains("data-result=\"OUTSIDE\""), "a findings row");
    String sarif = Files.readString(out.resolve("findings.sarif"));
    assertTrue(sarif.contains("\"ruleId\" : \"HB004\"") && sarif.contains("is shared outside its zone of trust: AWS 444455556666 can call"),
        sarif);
    Path accounts = dir.resolve("org.txt");
    Files.writeString(accounts, "111122223333\n444455556666\n");
    CliRun org = run("audit", input.toString(), "--out", dir.resolve("out-org").toString(), "--zone", "org", "--org-id", "o-abcdefghij",
        "--org-accounts", accounts.toString());
    assertEquals(0, org.code(), org.out() + org.err());
    assertTrue(org.out().startsWith("PUBLIC 0\nNOT_PUBLIC 1\nOUTSIDE 0\n"), org.out());
    CliRun sameDirOtherZone = run("audit", input.toString(), "--out", out.toString(), "--zone", "org", "--org-id", "o-abcdefghij",
        "--org-accounts", accounts.toString());
    assertEquals(2, sameDirOtherZone.code(), "another zone is another audit: " + sameDirOtherZone.out() + sameDirOtherZone.err());
    CliRun badZone = run("audit", input.toString(), "--out", dir.resolve("out-bad").toString(), "--zone", "org", "--org-id", "o-abcdefghij");
    assertEquals(2, badZone.code());
    assertTrue(badZone.err().contains("(--org-accounts)"), badZone.err());
  }

  @Test
  void anEstateIsAuditedIntoEveryReport() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 5, 3);
    Path out = dir.resolve("out");
    CliRun r = run("audit", input.toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals(List.of("PUBLIC 5", "NOT_PUBLIC 10", "OUTSIDE 0", "INVALID 0", "UNREADABLE 0", "report: " + out.resolve("report.html")),
        r.out().lines().toList());
    assertTrue(r.err().contains("audit: " + n + "/" + n + " resources"), r.err());
    for (String report : List.of("findings.ndjson", "summary.json", "summary.csv", "findings.sarif", "report.html", "run.json")) {
      assertTrue(Files.size(out.resolve(report)) > 0, report);
    }
    assertEquals(n, Files.readAllLines(out.resolve("findings.ndjson")).size());
    // Run again: everything comes from the journal, the same answer.
    CliRun again = run("audit", input.toString(), "--out", out.toString());
    assertEquals(r.out(), again.out());
    assertEquals(n, Files.readAllLines(out.resolve("findings.ndjson")).size());
  }

  @Test
  void unusableInputsAndOptionsExitTwo() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    Estates.write(input, 1, 1);
    assertEquals(2, run("audit", dir.resolve("missing.ndjson").toString(), "--out", dir.resolve("o1").toString()).code());
    assertEquals(2, run("audit", input.toString(), "--out", dir.resolve("o2").toString(), "--deadline", "0").code());
    assertEquals(2, run("audit", input.toString(), "--out", dir.resolve("o3").toString(), "--strategy", "fastest").code());
    assertEquals(2, run("audit", input.toString()).code(), "--out is required");
    // An output directory that holds an audit of other inputs is refused.
    Path other = dir.resolve("other.ndjson");
    Estates.write(other, 1, 1);
    assertEquals(1, run("audit", input.toString(), "--out", dir.resolve("o4").toString()).code());
    CliRun refused = run("audit", other.toString(), "--out", dir.resolve("o4").toString());
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("holds an audit of other inputs"), refused.err());
  }

  /** One account, one S3 bucket whose policy is public or private: the same line either way. */
  private static void oneBucket(Path file, boolean open) throws Exception {
    String principal = open ? "\"*\"" : "{\"AWS\":\"arn:aws:iam::111122223333:role/app\"}";
    Files.writeString(file, "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"arn:aws:s3:::b-1\",\"type\":\"AWS::S3::Bucket\","
        + "\"policy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
        + ",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b-1/*\"}]}}]}\n");
  }

  @Test
  void anInputChangedAtTheSameLineIsRefusedAndRestartAuditsItAfresh() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    Path out = dir.resolve("out");
    oneBucket(input, false);
    CliRun first = run("audit", input.toString(), "--out", out.toString());
    assertEquals(0, first.code(), first.out() + first.err());
    oneBucket(input, true); // private → public, same file, same line
    CliRun changed = run("audit", input.toString(), "--out", out.toString());
    assertEquals(2, changed.code(), changed.out() + changed.err());
    assertTrue(changed.err().contains("changed since it started") && changed.err().contains("--restart"), changed.err());
    assertTrue(!changed.out().contains("NOT_PUBLIC 1"), "never answered from the old run: " + changed.out());
    CliRun restarted = run("audit", input.toString(), "--out", out.toString(), "--restart");
    assertEquals(1, restarted.code(), restarted.out() + restarted.err());
    assertTrue(restarted.out().startsWith("PUBLIC 1\nNOT_PUBLIC 0\n"), restarted.out());
    // An option that changes answers is part of the identity too.
    CliRun otherDeadline = run("audit", input.toString(), "--out", out.toString(), "--deadline", "5000");
    assertEquals(2, otherDeadline.code(), otherDeadline.err());
  }

  @Test
  void aSecondAuditOnTheSameOutIsRefused() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    oneBucket(input, true);
    Path out = dir.resolve("out");
    try (dev.hornbeam.audit.AuditDirectory.Lock held = dev.hornbeam.audit.AuditDirectory.lock(out, "out")) {
      CliRun second = run("audit", input.toString(), "--out", out.toString());
      assertEquals(2, second.code(), second.out() + second.err());
      assertTrue(second.err().contains("another audit is running on --out"), second.err());
      assertTrue(!Files.exists(out.resolve("journal.ndjson")) && !Files.exists(out.resolve("flink")), "the second audit checked nothing");
    }
    assertEquals(1, run("audit", input.toString(), "--out", out.toString()).code(), "free again once the first ends");
  }

  /** The finished part files of the Flink job's sink in {@code out}: the output the reports are built from. */
  static List<Path> parts(Path out) throws Exception {
    try (java.util.stream.Stream<Path> s = Files.list(out.resolve("flink").resolve("findings"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  /**
   * Issue 14, item 7: a damaged or forged line in the finished output (the sink's part files, each line checked by a
   * hash over the run's identity and its content) is never taken as an answer: the output is discarded and the
   * inputs audited afresh, with a warning.
   */
  @Test
  void damagedOrForgedOutputLinesAreNotTrustedAndTheAuditIsDoneAfresh() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 4, 3); // 4 public
    Path out = dir.resolve("out");
    CliRun first = run("audit", input.toString(), "--out", out.toString());
    assertEquals(1, first.code(), first.err());
    List<Path> parts = parts(out);
    long lines = 0;
    for (Path part : parts) {
      lines += Files.readAllLines(part).size();
    }
    assertEquals(n, lines);
    // Forge: every PUBLIC answer turned NOT_PUBLIC, the check left as it was; one line garbage; then {}, NULs, invalid UTF-8.
    for (int p = 0; p < parts.size(); p++) {
      List<String> text = Files.readAllLines(parts.get(p));
      StringBuilder damaged = new StringBuilder();
      for (int i = 0; i < text.size(); i++) {
        damaged.append(p == 0 && i == 0 ? "garbage" : text.get(i).replace("\"result\":\"PUBLIC\"", "\"result\":\"NOT_PUBLIC\"")).append('\n');
      }
      Files.writeString(parts.get(p), damaged);
    }
    byte[] tail = ("{}\n" + "\0".repeat(4096) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] withBadUtf8 = java.util.Arrays.copyOf(tail, tail.length + 3);
    withBadUtf8[tail.length] = (byte) 0xC0;
    withBadUtf8[tail.length + 1] = (byte) 0xAF;
    withBadUtf8[tail.length + 2] = '\n';
    Files.write(parts.get(parts.size() - 1), withBadUtf8, java.nio.file.StandardOpenOption.APPEND);
    CliRun again = run("audit", input.toString(), "--out", out.toString());
    assertEquals(1, again.code(), again.out() + again.err());
    assertEquals(first.out(), again.out(), "the same answers: the forged lines were not trusted");
    assertTrue(again.err().contains("do not verify"), again.err());
    assertEquals(n, Files.readAllLines(out.resolve("findings.ndjson")).size());
    assertEquals(n, Files.readAllLines(out.resolve("journal.ndjson")).size());
    CliRun clean = run("audit", input.toString(), "--out", out.toString());
    assertEquals(first.out(), clean.out());
    assertTrue(!clean.err().contains("do not verify"), "the output audited afresh verifies: " + clean.err());
    // A line in plain JSON (no check) is not trusted either, nor is a part file gone missing.
    Files.writeString(parts(out).get(0), "{\"key\":\"estate.ndjson:1#0\",\"result\":\"NOT_PUBLIC\"}\n");
    CliRun plain = run("audit", input.toString(), "--out", out.toString());
    assertEquals(first.out(), plain.out(), plain.err());
    assertTrue(plain.err().contains("do not verify"), plain.err());
    for (Path part : parts(out).subList(0, 1)) {
      Files.delete(part);
    }
    CliRun missing = run("audit", input.toString(), "--out", out.toString());
    assertEquals(first.out(), missing.out(), missing.err());
  }

  @Test
  void inputsNoRecordOfWhichCanBeReadExitTwoNamingTheFile() throws Exception {
    Path yaml = dir.resolve("estate.yaml");
    Files.writeString(yaml, "accounts:\n  - id: 111122223333\n    buckets: [a, b]\n");
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\","
        + " \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}]\n}\n");
    Path ndjson = dir.resolve("estate.ndjson");
    Estates.write(ndjson, 2, 2);
    Path empty = dir.resolve("empty.ndjson");
    Files.writeString(empty, "");
    int i = 0;
    for (String[] args : List.of(new String[] {yaml.toString()}, new String[] {policy.toString()},
        new String[] {ndjson.toString(), "--format", "config"}, new String[] {empty.toString()})) {
      List<String> all = new java.util.ArrayList<>(List.of("audit"));
      all.addAll(List.of(args));
      all.addAll(List.of("--out", dir.resolve("o" + i++).toString()));
      CliRun r = run(all.toArray(String[]::new));
      assertEquals(2, r.code(), all + ": " + r.out() + r.err());
      assertTrue(r.err().contains(args[0] + ": no resource could be read") && r.err().contains("expected NDJSON"), r.err());
    }
    // --out naming a file: exit 2 with a message, no stack trace.
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    CliRun r = run("audit", ndjson.toString(), "--out", file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("is a file, not a directory") && !r.err().contains("at dev.hornbeam"), r.err());
  }

  /** Issue 14: an input in UTF-16 or UTF-32 (with or without a byte order mark) exits 2 naming the file and the rule. */
  @Test
  void aWideInputExitsTwoNamingTheFileAndTheRule() throws Exception {
    Path ndjson = dir.resolve("estate.ndjson");
    Estates.write(ndjson, 2, 2);
    String text = Files.readString(ndjson);
    int i = 0;
    for (String cs : List.of("UTF-16", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
      Path wide = Files.write(dir.resolve("wide-" + cs + ".ndjson"), ("\uFEFF" + text).getBytes(java.nio.charset.Charset.forName(cs)));
      for (String format : List.of("ndjson", "config")) {
        CliRun r = run("audit", wide.toString(), "--format", format, "--out", dir.resolve("w" + i++).toString());
        assertEquals(2, r.code(), cs + " " + format + ": " + r.out() + r.err());
        assertTrue(r.err().contains(wide + ": no resource could be read") && r.err().contains("wide-" + cs + ".ndjson:1")
            && r.err().contains("must be UTF-8 (RFC 8259 section 8.1)") && !r.err().contains("at dev.hornbeam"), r.err());
      }
    }
  }

  @Test
  void twoInputsWithTheSameFileNameAreBothAudited() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a")).resolve("estate.ndjson");
    Path b = Files.createDirectories(dir.resolve("b")).resolve("estate.ndjson");
    oneBucket(a, false);
    oneBucket(b, true); // same file name, same line: before, its key was a's and its public policy was never checked
    CliRun r = run("audit", a.toString(), b.toString(), "--out", dir.resolve("out").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("PUBLIC 1\nNOT_PUBLIC 1\n"), r.out());
  }
}
