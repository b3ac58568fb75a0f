package dev.hornbeam.audit.report;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small audit written as a journal: a few accounts and types, every kind of result, and bad records. */
final class AuditFixture {
  private AuditFixture() {}

  static final String EVIL_ARN = "arn:aws:s3:::evil<script>document.body.setAttribute('data-pwned','1')</script>";
  static final String EVIL_SID = "<script>document.title='pwned'</script>";
  static final String ODD_ACCOUNT = "333,\"3\"";
  static final String ODD_TYPE = "AWS::Custom::\"Odd\",Type";
  static final String ODD_ARN = "arn:aws:custom:::a,b\"c";

  static final List<BadRecord> BAD = List.of(
      new BadRecord("accounts.ndjson:5", "not JSON: unexpected character '}' at column 3"),
      new BadRecord("configs/broken<b>.json", "not an AWS Config item <script>alert(1)</script>"));

  static final RunInfo INFO = new RunInfo(List.of("accounts.ndjson", "configs/"), "2026-11-22T07:00:00Z",
      "2026-11-22T07:05:00Z", "0.1.0-SNAPSHOT", Map.of("z3", "4.13.0", "cvc5", "1.2.0"), 1);

  static PublicAccessResponse.Witness anonymousWitness(String resource, String description) {
    return new PublicAccessResponse.Witness(new PublicAccessResponse.Caller("anonymous", "ANONYMOUS", null, null, null, null), "s3:GetObject",
        resource, List.of(), description);
  }

  /** 7 findings: 2 public (solved), 1 public (timeout), 2 not public (1 deduplicated), 2 invalid. */
  static List<Finding> findings() {
    String a = "111111111111";
    String b = "222222222222";
    return List.of(
        new Finding("k1", a, "arn:aws:s3:::public-site", "AWS::S3::Bucket", "PUBLIC", "SOLVED",
            List.of(new PublicAccessResponse.Finding(0, "PublicRead", "allows s3:GetObject to everyone")),
            anonymousWitness("arn:aws:s3:::public-site/index.html",
                "an anonymous caller may call s3:GetObject on arn:aws:s3:::public-site/index.html"),
            List.of(), "z3", 12.5, false, "aa11", "accounts.ndjson:1"),
        new Finding("k2", a, "arn:aws:s3:::private", "AWS::S3::Bucket", "NOT_PUBLIC", "SOLVED", List.of(), null, List.of(),
            "cvc5", 3.0, false, "bb22", "accounts.ndjson:1"),
        new Finding("k3", a, "arn:aws:s3:::private-copy", "AWS::S3::Bucket", "NOT_PUBLIC", "SOLVED", List.of(), null, List.of(),
            "cvc5", 0, true, "bb22", "accounts.ndjson:1"),
        new Finding("k4", a, "arn:aws:sqs:us-east-1:111111111111:slow", "AWS::SQS::Queue", "PUBLIC", "TIMEOUT", List.of(), null,
            List.of(), null, 5000, false, "cc33", "accounts.ndjson:2"),
        new Finding("k5", b, "arn:aws:kms:us-east-1:222222222222:key/1", "AWS::KMS::Key", "INVALID", "INVALID_POLICY", List.of(),
            null, List.of(new PolicyProblem("policyDocument", "/Statement/0/Effect", "INVALID_EFFECT", "error",
                "Effect must be Allow or Deny, not \"Maybe\""),
                new PolicyProblem("policyDocument", "/Statement/1", "MISSING_ACTION", "error", "a statement needs an Action")),
            null, 0, false, "dd44", "dir with space/222222222222/key.json"),
        new Finding("k6", b, EVIL_ARN, "AWS::S3::Bucket", "PUBLIC", "SOLVED",
            List.of(new PublicAccessResponse.Finding(2, EVIL_SID, "allows s3:* to <b>everyone</b>")),
            anonymousWitness(EVIL_ARN, "an anonymous caller may call s3:PutObject on <img src=x onerror=alert(1)>"),
            List.of(), "z3", 40.0, false, "ee55", "configs/snap.json:7"),
        new Finding("k7", ODD_ACCOUNT, ODD_ARN, ODD_TYPE, "INVALID", "UNKNOWN_TYPE", List.of(), null, List.of(), null, 0, false,
            "", "accounts.ndjson:4"));
  }

  /** Writes the fixture's findings into {@code dir} as the audit's finished output ({@code journal.ndjson}, self-checking lines). */
  static void writeJournal(Path dir) throws IOException {
    write(dir, findings());
  }

  /** Writes {@code findings} as {@code dir/journal.ndjson} of a run without a recorded identity, one {@link Journal#line} each. */
  static void write(Path dir, Iterable<Finding> findings) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(dir.resolve(Journal.FILE), java.nio.charset.StandardCharsets.UTF_8)) {
      for (Finding f : findings) {
        w.write(Journal.line("", f));
        w.write('\n');
      }
    }
  }
}
