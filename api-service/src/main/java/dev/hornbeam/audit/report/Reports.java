package dev.hornbeam.audit.report;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every report of a finished audit into its directory, from the journal (streamed):
 * {@code findings.ndjson}, {@code summary.json}, {@code summary.csv}, {@code findings.sarif} (SARIF 2.1.0)
 * and {@code report.html} (one self-contained file).
 */
public final class Reports {
  private Reports() {}

  /**
   * @param dir the audit directory (holds {@code journal.ndjson}; the reports are written beside it)
   * @param bad the records that could not be read, in input order
   */
  public static void write(Path dir, List<BadRecord> bad, RunInfo info) throws IOException {
    throw new UnsupportedOperationException("reports: being written (issue 6)");
  }
}
