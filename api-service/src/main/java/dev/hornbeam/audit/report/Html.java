package dev.hornbeam.audit.report;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained file (inline CSS and SVG; no script, font, image or request of
 * any kind, and a Content-Security-Policy that forbids them). Every value from the inputs is escaped.
 */
final class Html {
  private Html() {}

  private static final String CSS = """
      body{font:14px/1.4 "DejaVu Sans",Arial,sans-serif;margin:24px;color:#222;background:#fff}
      h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .arn{font-family:"DejaVu Sans Mono",monospace;word-break:break-all}
      .public{color:#b00020;font-weight:bold}.undecided{color:#a05a00}.note{color:#555;font-style:italic}
      ul.stmts{margin:0;padding-left:18px}
      svg text{font:12px "DejaVu Sans",Arial,sans-serif;fill:#222}
      """;

  static void write(Writer out, Tally t, List<BadRecord> bad, RunInfo info) throws IOException {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>Hornbeam audit report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>Hornbeam audit report</h1>\n");
    runInfo(h, info);
    flush(out, h);
    totals(h, t, bad);
    flush(out, h);
    perAccountType(h, out, t);
    publicList(h, out, t);
    invalidList(h, out, t);
    badRecords(h, out, bad);
    h.append("<h2 id=\"solve-times\">Solve times</h2>\n");
    Histogram.svg(h, t.solveTimes());
    h.append("</body>\n</html>\n");
    flush(out, h);
  }

  private static void flush(Writer out, StringBuilder h) throws IOException {
    out.append(h);
    h.setLength(0);
  }

  private static void runInfo(StringBuilder h, RunInfo info) {
    h.append("<h2 id=\"run\">Run</h2>\n<table class=\"run\">\n");
    row(h, "Inputs", String.join(", ", info.inputs()));
    row(h, "Started", info.startedAt());
    row(h, "Finished", info.finishedAt());
    row(h, "Hornbeam", info.hornbeam());
    List<String> solvers = new ArrayList<>();
    for (Map.Entry<String, String> e : info.solvers().entrySet()) {
      solvers.add(e.getKey() + " " + e.getValue());
    }
    row(h, "Solvers", String.join(", ", solvers));
    row(h, "Resumed", Integer.toString(info.resumed()));
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
  }

  private static void totals(StringBuilder h, Tally t, List<BadRecord> bad) {
    Tally.Counts c = t.total;
    h.append("<h2 id=\"totals\">Totals</h2>\n<table class=\"totals\">\n");
    numRow(h, "Resources", c.resources);
    numRow(h, "Public", c.publicAll());
    numRow(h, "\u2003of which undecided (fail closed)", c.publicUndecided);
    numRow(h, "Not public", c.notPublic);
    numRow(h, "Invalid", c.invalid);
    numRow(h, "Answers shared with an identical policy", c.deduplicated);
    numRow(h, "Bad records (skipped)", bad.size());
    h.append("</table>\n<table class=\"reasons\">\n<tr><th>Reason</th><th>Resources</th></tr>\n");
    for (Map.Entry<String, Long> e : t.byReason.entrySet()) {
      numRow(h, e.getKey(), e.getValue());
    }
    h.append("</table>\n");
  }

  private static void numRow(StringBuilder h, String name, long n) {
    h.append("<tr><th>").append(esc(name)).append("</th><td class=\"n\">").append(n).append("</td></tr>\n");
  }

  private static void perAccountType(StringBuilder h, Writer out, Tally t) throws IOException {
    h.append("<h2 id=\"accounts\">Per account and type</h2>\n<table class=\"account-types\">\n")
        .append("<tr><th>Account</th><th>Type</th><th>Resources</th><th>Public</th><th>Undecided</th>")
        .append("<th>Not public</th><th>Invalid</th></tr>\n");
    for (Map.Entry<String, Map<String, Tally.Counts>> a : t.byAccountType.entrySet()) {
      for (Map.Entry<String, Tally.Counts> e : a.getValue().entrySet()) {
        Tally.Counts c = e.getValue();
        h.append("<tr><td>").append(esc(a.getKey())).append("</td><td>").append(esc(e.getKey())).append("</td>");
        for (long n : new long[] {c.resources, c.publicAll(), c.publicUndecided, c.notPublic, c.invalid}) {
          h.append("<td class=\"n\">").append(n).append("</td>");
        }
        h.append("</tr>\n");
        if (h.length() > 1 << 16) {
          flush(out, h);
        }
      }
    }
    h.append("</table>\n");
    flush(out, h);
  }

  private static void capNote(StringBuilder h, int shown, long total, String what) {
    if (total > shown) {
      h.append("<p class=\"note cap\">Showing the first ").append(shown).append(" of ").append(total).append(' ').append(what)
          .append(" resources (in journal order); <code>findings.ndjson</code> and <code>findings.sarif</code> list them all.</p>\n");
    }
  }

  private static void publicList(StringBuilder h, Writer out, Tally t) throws IOException {
    h.append("<h2 id=\"public\">Public resources (").append(t.total.publicAll()).append(")</h2>\n");
    capNote(h, t.publicShown.size(), t.total.publicAll(), "public");
    if (t.publicShown.isEmpty()) {
      h.append("<p>None.</p>\n");
      return;
    }
    h.append("<table class=\"public-list\">\n<tr><th>Account</th><th>Type</th><th>ARN</th><th>Why public</th>")
        .append("<th>Granting statements</th></tr>\n");
    for (Finding f : t.publicShown) {
      h.append("<tr><td>").append(esc(f.accountId())).append("</td><td>").append(esc(f.resourceType()))
          .append("</td><td class=\"arn\">").append(esc(f.arn())).append("</td><td>");
      if (Tally.isUndecided(f)) {
        h.append("<span class=\"undecided\">").append(esc(Text.undecided(f))).append("</span>");
      } else {
        PublicAccessResponse.Witness w = f.witness();
        h.append("<span class=\"public\">").append(esc(w == null ? "A request from outside the account is allowed." : w.description()))
            .append("</span>");
      }
      h.append("</td><td>");
      if (!f.reasons().isEmpty()) {
        h.append("<ul class=\"stmts\">");
        for (PublicAccessResponse.Finding s : f.reasons()) {
          h.append("<li>").append(esc(Text.statement(s))).append("</li>");
        }
        h.append("</ul>");
      }
      h.append("</td></tr>\n");
      if (h.length() > 1 << 16) {
        flush(out, h);
      }
    }
    h.append("</table>\n");
    flush(out, h);
  }

  private static void invalidList(StringBuilder h, Writer out, Tally t) throws IOException {
    h.append("<h2 id=\"invalid\">Invalid policies (").append(t.total.invalid).append(")</h2>\n");
    capNote(h, t.invalidShown.size(), t.total.invalid, "invalid");
    if (t.invalidShown.isEmpty()) {
      h.append("<p>None.</p>\n");
      return;
    }
    h.append("<table class=\"invalid-list\">\n<tr><th>Account</th><th>Type</th><th>ARN</th><th>Reason</th><th>First problem</th></tr>\n");
    for (Finding f : t.invalidShown) {
      List<PolicyProblem> problems = f.problems();
      h.append("<tr><td>").append(esc(f.accountId())).append("</td><td>").append(esc(f.resourceType()))
          .append("</td><td class=\"arn\">").append(esc(f.arn())).append("</td><td>").append(esc(f.reason())).append("</td><td>")
          .append(problems.isEmpty() ? "" : esc(Text.problem(problems.get(0))));
      if (problems.size() > 1) {
        h.append(" <span class=\"note\">(and ").append(problems.size() - 1).append(" more)</span>");
      }
      h.append("</td></tr>\n");
      if (h.length() > 1 << 16) {
        flush(out, h);
      }
    }
    h.append("</table>\n");
    flush(out, h);
  }

  private static void badRecords(StringBuilder h, Writer out, List<BadRecord> bad) throws IOException {
    h.append("<h2 id=\"bad\">Bad records (").append(bad.size()).append(")</h2>\n");
    if (bad.isEmpty()) {
      h.append("<p>None.</p>\n");
      return;
    }
    int shown = Math.min(bad.size(), Tally.SHOWN);
    if (shown < bad.size()) {
      h.append("<p class=\"note cap\">Showing the first ").append(shown).append(" of ").append(bad.size())
          .append(" bad records; <code>summary.json</code> lists them all.</p>\n");
    }
    h.append("<table class=\"bad-list\">\n<tr><th>Source</th><th>Reason</th></tr>\n");
    for (BadRecord b : bad.subList(0, shown)) {
      h.append("<tr><td>").append(esc(b.source())).append("</td><td>").append(esc(b.reason())).append("</td></tr>\n");
      if (h.length() > 1 << 16) {
        flush(out, h);
      }
    }
    h.append("</table>\n");
    flush(out, h);
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
            b.append("\uFFFD");
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
