package dev.hornbeam.audit.report;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.RunInfo;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes every report of a finished audit into its directory, from the journal (streamed):
 * {@code findings.ndjson}, {@code summary.json}, {@code summary.csv}, {@code findings.sarif} (SARIF 2.1.0)
 * and {@code report.html} (one self-contained file).
 *
 * <p>The journal is read once: each finding is written to {@code findings.ndjson} and
 * {@code findings.sarif} as it passes and added to a {@link Tally}; the summaries and the HTML report are
 * written from the tally afterwards. Only counts, solve times and the first {@value Tally#SHOWN} PUBLIC and
 * INVALID findings (for the HTML lists) stay in memory. Each report is written to a temporary file and
 * moved into place, so a report file is either complete or absent.
 */
public final class Reports {
  public static final String FINDINGS = "findings.ndjson";
  public static final String SUMMARY_JSON = "summary.json";
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String SARIF = "findings.sarif";
  public static final String HTML = "report.html";

  private Reports() {}

  /**
   * SARIF 2.1.0 for findings that are not an audit's ({@code hornbeam check public --format sarif}): the
   * same rules, messages and locations as {@code findings.sarif}.
   */
  public static void sarif(OutputStream out, RunInfo info, List<dev.hornbeam.audit.Finding> findings) throws IOException {
    try (SarifWriter w = SarifWriter.open(out, info)) {
      for (dev.hornbeam.audit.Finding f : findings) {
        w.add(f);
      }
    }
  }

  /** The CSP source that allows {@code report.html}'s one script ({@code 'sha256-…'}). */
  public static String htmlScriptHash() {
    return Html.SCRIPT_HASH;
  }

  /**
   * @param dir the audit directory (holds {@code journal.ndjson}; the reports are written beside it)
   * @param bad the records that could not be read, in input order
   */
  public static void write(Path dir, List<BadRecord> bad, RunInfo info) throws IOException {
    write(dir, "", bad, info);
  }

  /**
   * @param dir the audit directory (holds {@code journal.ndjson}; the reports are written beside it)
   * @param identity the run's identity ({@link dev.hornbeam.audit.AuditFingerprint#value()}): only journal lines
   *     that verify against it are reported
   * @param bad the records that could not be read, in input order
   */
  public static void write(Path dir, String identity, List<BadRecord> bad, RunInfo info) throws IOException {
    Files.createDirectories(dir);
    Path journal = dir.resolve(Journal.FILE);
    Tally tally = new Tally();
    ObjectMapper json = ObjectMapper.getDefault();
    Path findingsTmp = tmp(dir, FINDINGS);
    Path sarifTmp = tmp(dir, SARIF);
    try (Writer findings = writer(findingsTmp); SarifWriter sarif = SarifWriter.open(stream(sarifTmp), info)) {
      if (Files.exists(journal)) {
        Journal.read(journal, identity, f -> {
          try {
            tally.add(f);
            findings.write(json.writeValueAsString(FindingLine.of(f)));
            findings.write('\n');
            sarif.add(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    Path summaryTmp = tmp(dir, SUMMARY_JSON);
    try (OutputStream out = stream(summaryTmp)) {
      Summary.writeJson(out, tally, bad, info);
    }
    Path csvTmp = tmp(dir, SUMMARY_CSV);
    try (Writer out = writer(csvTmp)) {
      Summary.writeCsv(out, tally);
    }
    Path htmlTmp = tmp(dir, HTML);
    try (Writer out = writer(htmlTmp)) {
      Html.write(out, tally, bad, info);
    }
    move(findingsTmp, dir.resolve(FINDINGS));
    move(sarifTmp, dir.resolve(SARIF));
    move(summaryTmp, dir.resolve(SUMMARY_JSON));
    move(csvTmp, dir.resolve(SUMMARY_CSV));
    move(htmlTmp, dir.resolve(HTML));
  }

  private static Path tmp(Path dir, String name) {
    return dir.resolve(name + ".tmp");
  }

  private static OutputStream stream(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
  }

  private static void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
