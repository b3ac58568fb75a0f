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

  @Test
  void anEstateIsAuditedIntoEveryReport() throws Exception {
    Path input = dir.resolve("estate.ndjson");
    int n = Estates.write(input, 5, 3);
    Path out = dir.resolve("out");
    CliRun r = run("audit", input.toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals(List.of("PUBLIC 5", "NOT_PUBLIC 10", "INVALID 0", "UNREADABLE 0", "report: " + out.resolve("report.html")),
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
}
