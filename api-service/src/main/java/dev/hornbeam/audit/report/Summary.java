package dev.hornbeam.audit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.RunInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** {@code summary.json} and {@code summary.csv}, from a {@link Tally}. */
final class Summary {
  private Summary() {}

  static final List<String> CSV_HEADER =
      List.of("account", "type", "resources", "public", "public_undecided", "not_public", "invalid", "deduplicated");

  static void writeJson(OutputStream out, Tally t, List<BadRecord> bad, RunInfo info) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeFieldName("run");
      runInfo(g, info);

      g.writeObjectFieldStart("totals");
      counts(g, t.total);
      g.writeNumberField("badRecords", bad.size());
      g.writeObjectFieldStart("byReason");
      for (Map.Entry<String, Long> e : t.byReason.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();

      g.writeArrayFieldStart("badRecords");
      for (BadRecord b : bad) {
        g.writeStartObject();
        g.writeStringField("source", b.source());
        g.writeStringField("reason", b.reason());
        g.writeEndObject();
      }
      g.writeEndArray();

      namedCounts(g, "accounts", "accountId", t.byAccount);
      namedCounts(g, "types", "resourceType", t.byType);
      g.writeArrayFieldStart("accountTypes");
      for (Map.Entry<String, Map<String, Tally.Counts>> a : t.byAccountType.entrySet()) {
        for (Map.Entry<String, Tally.Counts> e : a.getValue().entrySet()) {
          g.writeStartObject();
          g.writeStringField("accountId", a.getKey());
          g.writeStringField("resourceType", e.getKey());
          counts(g, e.getValue());
          g.writeEndObject();
        }
      }
      g.writeEndArray();

      double[] times = t.solveTimes();
      g.writeObjectFieldStart("solveMillis");
      g.writeStringField("over", "checks that ran on a solver and ended SOLVED (deduplicated answers excluded)");
      g.writeNumberField("count", times.length);
      g.writeNumberField("p50", Tally.percentile(times, 0.50));
      g.writeNumberField("p90", Tally.percentile(times, 0.90));
      g.writeNumberField("p99", Tally.percentile(times, 0.99));
      g.writeNumberField("max", times.length == 0 ? 0 : times[times.length - 1]);
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  /** The run as an object: inputs, times, versions, resumptions (in {@code summary.json} and the SARIF run). */
  static void runInfo(JsonGenerator g, RunInfo info) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("inputs");
    for (String input : info.inputs()) {
      g.writeString(input);
    }
    g.writeEndArray();
    g.writeStringField("startedAt", info.startedAt());
    g.writeStringField("finishedAt", info.finishedAt());
    g.writeStringField("hornbeam", info.hornbeam());
    g.writeObjectFieldStart("solvers");
    for (Map.Entry<String, String> e : info.solvers().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("resumed", info.resumed());
    g.writeEndObject();
  }

  private static void namedCounts(JsonGenerator g, String array, String nameField, Map<String, Tally.Counts> counts)
      throws IOException {
    g.writeArrayFieldStart(array);
    for (Map.Entry<String, Tally.Counts> e : counts.entrySet()) {
      g.writeStartObject();
      g.writeStringField(nameField, e.getKey());
      counts(g, e.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void counts(JsonGenerator g, Tally.Counts c) throws IOException {
    g.writeNumberField("resources", c.resources);
    g.writeNumberField("public", c.publicAll());
    g.writeNumberField("publicUndecided", c.publicUndecided);
    g.writeNumberField("notPublic", c.notPublic);
    g.writeNumberField("outsideAccess", c.outside);
    g.writeNumberField("invalid", c.invalid);
    g.writeNumberField("deduplicated", c.deduplicated);
  }

  /** One row per (account, type), RFC 4180: CRLF line ends, fields quoted when they need it. */
  static void writeCsv(Writer out, Tally t) throws IOException {
    csvRow(out, CSV_HEADER);
    for (Map.Entry<String, Map<String, Tally.Counts>> a : t.byAccountType.entrySet()) {
      for (Map.Entry<String, Tally.Counts> e : a.getValue().entrySet()) {
        Tally.Counts c = e.getValue();
        csvRow(out, List.of(a.getKey(), e.getKey(), Long.toString(c.resources), Long.toString(c.publicAll()),
            Long.toString(c.publicUndecided), Long.toString(c.notPublic), Long.toString(c.invalid), Long.toString(c.deduplicated)));
      }
    }
  }

  static void csvRow(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(csvField(fields.get(i)));
    }
    out.write("\r\n");
  }

  /** RFC 4180 §2: a field with a comma, double quote, CR or LF is enclosed in quotes, its quotes doubled. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
