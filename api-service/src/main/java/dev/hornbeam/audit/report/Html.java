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
 * {@code report.html}: the page a security team opens first. One self-contained file: inline CSS and SVG
 * charts, and one inline script (filter, search, sort, a per-account view) allowed by its SHA-256 hash in
 * the page's Content-Security-Policy — no other script, no font, image or request of any kind. Every value
 * from the inputs is escaped, and without the script the page shows everything, unfiltered.
 *
 * <p>Order: the headline (public, undecided, shared outside the zone of trust, invalid, unreadable), charts by type and by account, the
 * findings worst first (proved public, then public because undecided, then invalid) in plain words with
 * their granting statements, the accounts, then the details (run, reasons, account × type, bad records,
 * solve times).
 */
final class Html {
  private Html() {}

  private static final String CSS = """
      body{font:14px/1.45 "DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1400px;padding:0 24px;color:#1d1d1f;background:#fff}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d0d0;padding-bottom:4px}
      .sub{color:#555;margin:0 0 16px}
      .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
      .card{border:1px solid #d0d0d0;border-radius:8px;padding:10px 16px;min-width:150px}
      .card .n{font-size:30px;font-weight:bold;font-variant-numeric:tabular-nums}.card .l{color:#444}
      .card.public{border-color:#b00020;background:#fff5f6}.card.public .n{color:#b00020}
      .card.undecided{border-color:#a05a00;background:#fff9f0}.card.undecided .n{color:#a05a00}
      .card.invalid .n{color:#5a3ea0}
      .card.outside{border-color:#8a6d00;background:#fffbe8}.card.outside .n{color:#8a6d00}
      .charts{display:flex;flex-wrap:wrap;gap:32px}.charts h2{margin-top:20px}
      table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d8d8d8;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
      table.findings{width:100%;table-layout:fixed}table.findings td{overflow-wrap:anywhere}
      table.findings th{cursor:pointer;user-select:none}table.findings th[aria-sort=ascending]::after{content:" \\25B2"}
      table.findings th[aria-sort=descending]::after{content:" \\25BC"}
      col.result{width:105px}col.account{width:125px}col.type{width:165px}col.arn{width:25%}
      .arn{font-family:"DejaVu Sans Mono",monospace;font-size:13px;overflow-wrap:anywhere}
      .public{color:#b00020;font-weight:bold}.undecided{color:#a05a00;font-weight:bold}.invalid{color:#5a3ea0;font-weight:bold}td.outside{color:#8a6d00;font-weight:bold}
      .note{color:#555;font-style:italic}
      ul.stmts{margin:0;padding-left:18px}
      .toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0;position:sticky;top:0;background:#fff;padding:6px 0}
      .toolbar input,.toolbar select{font:inherit;padding:3px 6px}
      details{margin:8px 0}summary{cursor:pointer;font-weight:bold}
      svg text{font:12px "DejaVu Sans",Arial,sans-serif;fill:#222}
      .k-public{fill:#b00020}.k-undecided{fill:#e08a00}.k-invalid{fill:#7d63c4}.k-notpublic{fill:#9ab59a}
      """;

  /**
   * The page's only script: filters (account, type, result), search, sortable columns, and a per-account
   * view from the address ({@code #account=ID}, which the accounts table links to). Its hash is in the
   * Content-Security-Policy; a change here changes the hash with it.
   */
  static final String SCRIPT = """
      (function () {
        var t = document.getElementById('findings');
        if (!t) { return; }
        var body = t.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var q = document.getElementById('q');
        var fa = document.getElementById('f-account');
        var ft = document.getElementById('f-type');
        var fr = document.getElementById('f-result');
        var count = document.getElementById('shown');
        function apply() {
          var s = q.value.toLowerCase();
          var n = 0;
          rows.forEach(function (r) {
            var ok = (!fa.value || r.getAttribute('data-account') === fa.value)
              && (!ft.value || r.getAttribute('data-type') === ft.value)
              && (!fr.value || r.getAttribute('data-result') === fr.value)
              && (!s || r.textContent.toLowerCase().indexOf(s) >= 0);
            r.hidden = !ok;
            if (ok) { n++; }
          });
          count.textContent = n + ' of ' + rows.length + ' shown';
        }
        [q, fa, ft, fr].forEach(function (e) {
          e.addEventListener('input', apply);
          e.addEventListener('change', apply);
        });
        var heads = t.tHead.rows[0].cells;
        Array.prototype.forEach.call(heads, function (th, i) {
          th.addEventListener('click', function () {
            var asc = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
            rows.sort(function (a, b) {
              var x = a.cells[i].getAttribute('data-key') || a.cells[i].textContent;
              var y = b.cells[i].getAttribute('data-key') || b.cells[i].textContent;
              return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
        function fromAddress() {
          var m = /^#account=(.*)$/.exec(location.hash);
          if (m) {
            fa.value = decodeURIComponent(m[1]);
          }
          apply();
        }
        window.addEventListener('hashchange', fromAddress);
        fromAddress();
      })();
      """;

  /** {@code 'sha256-…'} of {@link #SCRIPT}, as the Content-Security-Policy names it. */
  static final String SCRIPT_HASH = "'sha256-" + java.util.Base64.getEncoder().encodeToString(sha256(SCRIPT)) + "'";

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  static void write(Writer out, Tally t, List<BadRecord> bad, RunInfo info) throws IOException {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src ")
        .append(SCRIPT_HASH).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Hornbeam audit report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>Hornbeam audit report</h1>\n<p class=\"sub\">").append(esc(String.join(", ", info.inputs())))
        .append(" \u2014 finished ").append(esc(info.finishedAt())).append("</p>\n");
    headline(h, t, bad);
    charts(h, t);
    flush(out, h);
    findings(h, out, t);
    accounts(h, out, t);
    h.append("<h2 id=\"details\">Details</h2>\n");
    runInfo(h, info);
    totals(h, t, bad);
    flush(out, h);
    h.append("<details class=\"per-account-type\"><summary>Per account and type (").append(rowsOf(t)).append(" rows)</summary>\n");
    perAccountType(h, out, t);
    h.append("</details>\n");
    invalidList(h, out, t);
    badRecords(h, out, bad);
    h.append("<h2 id=\"solve-times\">Solve times</h2>\n");
    Histogram.svg(h, t.solveTimes());
    h.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    flush(out, h);
  }

  private static int rowsOf(Tally t) {
    int n = 0;
    for (Map<String, Tally.Counts> m : t.byAccountType.values()) {
      n += m.size();
    }
    return n;
  }

  /** The numbers first: what is public, what could not be decided (counted as public), what could not be read. */
  private static void headline(StringBuilder h, Tally t, List<BadRecord> bad) {
    Tally.Counts c = t.total;
    h.append("<div class=\"cards\" id=\"headline\">\n");
    card(h, "public", c.publicSolved, "public (proved, with a witness)");
    card(h, "undecided", c.publicUndecided, "public: undecided, fail closed");
    card(h, "outside", c.outside, "shared outside the zone of trust (not public)");
    card(h, "invalid", c.invalid, "invalid policies");
    card(h, "bad", bad.size(), "unreadable records");
    card(h, "notpublic", c.notPublic, "not public (proved)");
    card(h, "resources", c.resources, "resources checked");
    h.append("</div>\n");
  }

  private static void card(StringBuilder h, String kind, long n, String label) {
    h.append("<div class=\"card ").append(kind).append("\"><div class=\"n\">").append(n).append("</div><div class=\"l\">")
        .append(esc(label)).append("</div></div>\n");
  }

  /** By type and by account (the 15 with the most public resources), as stacked bars. */
  private static void charts(StringBuilder h, Tally t) {
    h.append("<div class=\"charts\">\n<div><h2 id=\"by-type\">By type</h2>\n");
    bars(h, "by-type", t.byType, t.byType.size());
    h.append("</div>\n<div><h2 id=\"by-account\">By account</h2>\n");
    Map<String, Tally.Counts> worst = new java.util.LinkedHashMap<>();
    t.byAccount.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().publicAll() * 1_000_000L + b.getValue().invalid,
            a.getValue().publicAll() * 1_000_000L + a.getValue().invalid))
        .limit(15).forEach(e -> worst.put(e.getKey(), e.getValue()));
    bars(h, "by-account", worst, t.byAccount.size());
    h.append("</div>\n</div>\n");
  }

  private static void bars(StringBuilder h, String id, Map<String, Tally.Counts> groups, int of) {
    int labelW = 150;
    int barW = 300;
    int rowH = 22;
    int height = 30 + rowH * Math.max(1, groups.size()) + 24;
    long max = 1;
    for (Tally.Counts c : groups.values()) {
      max = Math.max(max, c.resources);
    }
    h.append("<svg class=\"bars ").append(id).append("\" width=\"").append(labelW + barW + 150).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"").append(id.equals("by-type") ? "resources by type" : "resources by account")
        .append(": public, undecided, invalid, not public\">\n");
    int y = 10;
    String[] kinds = {"public", "undecided", "invalid", "notpublic"};
    String[] names = {"public", "undecided", "invalid", "not public"};
    for (int i = 0; i < kinds.length; i++) {
      int x = labelW + i * 100;
      h.append("<rect class=\"k-").append(kinds[i]).append("\" x=\"").append(x).append("\" y=\"").append(y)
          .append("\" width=\"10\" height=\"10\"/><text x=\"").append(x + 14).append("\" y=\"").append(y + 9).append("\">")
          .append(names[i]).append("</text>\n");
    }
    y = 30;
    for (Map.Entry<String, Tally.Counts> e : groups.entrySet()) {
      Tally.Counts c = e.getValue();
      String label = e.getKey().length() > 24 ? e.getKey().substring(0, 23) + "\u2026" : e.getKey();
      h.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
          .append(esc(label)).append("</text>\n");
      double x = labelW;
      long[] parts = {c.publicSolved, c.publicUndecided, c.invalid, c.notPublic};
      for (int i = 0; i < parts.length; i++) {
        if (parts[i] == 0) {
          continue;
        }
        double w = Math.max(1, barW * (double) parts[i] / max);
        h.append("<rect class=\"bar k-").append(kinds[i]).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 3)
            .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(rowH - 6).append("\"><title>")
            .append(esc(e.getKey())).append(": ").append(parts[i]).append(' ').append(names[i]).append("</title></rect>\n");
        x += w;
      }
      h.append("<text x=\"").append(fmt(x + 6)).append("\" y=\"").append(y + 14).append("\">").append(c.publicAll())
          .append(" / ").append(c.resources).append("</text>\n");
      y += rowH;
    }
    h.append("<text x=\"").append(labelW).append("\" y=\"").append(y + 16).append("\" class=\"note\">")
        .append(groups.size() < of ? "the " + groups.size() + " of " + of + " accounts with the most public; " : "")
        .append("public / resources</text>\n</svg>\n");
  }

  /** Every finding that needs attention, worst first, with a toolbar (used by {@link #SCRIPT}). */
  private static void findings(StringBuilder h, Writer out, Tally t) throws IOException {
    List<Finding> rows = new ArrayList<>();
    for (Finding f : t.publicShown) {
      if (!Tally.isUndecided(f)) {
        rows.add(f);
      }
    }
    for (Finding f : t.publicShown) {
      if (Tally.isUndecided(f)) {
        rows.add(f);
      }
    }
    rows.addAll(t.outsideShown);
    rows.addAll(t.invalidShown);
    long all = t.total.publicAll() + t.total.outside + t.total.invalid;
    h.append("<h2 id=\"findings-title\">Findings, worst first (").append(all).append(")</h2>\n");
    if (rows.size() < all) {
      h.append("<p class=\"note cap\">Showing ").append(rows.size()).append(" of ").append(all)
          .append(" (at most ").append(Tally.SHOWN).append(" public, ").append(Tally.SHOWN).append(" shared outside and ").append(Tally.SHOWN)
          .append(" invalid, in journal order); <code>findings.ndjson</code> and <code>findings.sarif</code> list them all.</p>\n");
    }
    if (rows.isEmpty()) {
      h.append("<p>None: no resource is public or shared outside its zone of trust, and every policy was valid.</p>\n");
      return;
    }
    java.util.TreeSet<String> accounts = new java.util.TreeSet<>();
    java.util.TreeSet<String> types = new java.util.TreeSet<>();
    for (Finding f : rows) {
      accounts.add(f.accountId());
      types.add(f.resourceType());
    }
    h.append("<div class=\"toolbar\"><input id=\"q\" type=\"search\" placeholder=\"Search ARNs, actions, statements\u2026\" size=\"36\">\n");
    select(h, "f-account", "every account", accounts);
    select(h, "f-type", "every type", types);
    select(h, "f-result", "every result", List.of("PUBLIC", "UNDECIDED", "OUTSIDE", "INVALID"));
    h.append("<span id=\"shown\" class=\"note\">").append(rows.size()).append(" shown</span></div>\n");
    h.append("<table class=\"findings\" id=\"findings\">\n<colgroup><col class=\"result\"><col class=\"account\"><col class=\"type\">")
        .append("<col class=\"arn\"><col><col></colgroup>\n<thead><tr><th>Result</th><th>Account</th><th>Type</th><th>Resource</th>")
        .append("<th>What</th><th>Granting statements / problems</th></tr></thead>\n<tbody>\n");
    int rank = 0;
    for (Finding f : rows) {
      String result = "INVALID".equals(f.result()) ? "INVALID" : "NOT_PUBLIC".equals(f.result()) ? "OUTSIDE"
          : Tally.isUndecided(f) ? "UNDECIDED" : "PUBLIC";
      h.append("<tr data-account=\"").append(esc(f.accountId())).append("\" data-type=\"").append(esc(f.resourceType()))
          .append("\" data-result=\"").append(result).append("\"><td data-key=\"").append(String.format("%07d", rank++))
          .append("\" class=\"").append(result.toLowerCase(Locale.ROOT)).append("\">").append(result).append("</td><td>")
          .append(esc(f.accountId())).append("</td><td>").append(esc(f.resourceType())).append("</td><td class=\"arn\">")
          .append(esc(f.arn())).append("</td><td>");
      if ("INVALID".equals(result)) {
        h.append(esc(f.reason()));
      } else if ("OUTSIDE".equals(result)) {
        h.append("<ul class=\"stmts\">");
        for (String o : f.outside()) {
          h.append("<li class=\"outside\">").append(esc(o)).append("</li>");
        }
        h.append("</ul>");
      } else if ("UNDECIDED".equals(result)) {
        h.append("<span class=\"undecided\">").append(esc(Text.undecided(f))).append("</span>");
      } else {
        PublicAccessResponse.Witness w = f.witness();
        h.append("<span class=\"public\">").append(esc(w == null ? "A request from outside the account is allowed." : w.description()))
            .append("</span>");
      }
      h.append("</td><td>");
      if ("INVALID".equals(result)) {
        List<PolicyProblem> problems = f.problems();
        h.append(problems.isEmpty() ? "" : esc(Text.problem(problems.get(0))));
        if (problems.size() > 1) {
          h.append(" <span class=\"note\">(and ").append(problems.size() - 1).append(" more)</span>");
        }
      } else if (!f.reasons().isEmpty()) {
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
    h.append("</tbody>\n</table>\n");
    flush(out, h);
  }

  private static void select(StringBuilder h, String id, String all, java.util.Collection<String> values) {
    h.append("<select id=\"").append(id).append("\"><option value=\"\">").append(esc(all)).append("</option>");
    for (String v : values) {
      h.append("<option>").append(esc(v)).append("</option>");
    }
    h.append("</select>\n");
  }

  /** The accounts, most public first; each links to the findings filtered to it. */
  private static void accounts(StringBuilder h, Writer out, Tally t) throws IOException {
    h.append("<h2 id=\"accounts\">Accounts (").append(t.byAccount.size()).append(")</h2>\n")
        .append("<table class=\"accounts\">\n<tr><th>Account</th><th>Resources</th><th>Public</th><th>Undecided</th>")
        .append("<th>Invalid</th><th>Not public</th></tr>\n");
    List<Map.Entry<String, Tally.Counts>> sorted = new ArrayList<>(t.byAccount.entrySet());
    sorted.sort((a, b) -> {
      int c = Long.compare(b.getValue().publicAll(), a.getValue().publicAll());
      return c != 0 ? c : a.getKey().compareTo(b.getKey());
    });
    for (Map.Entry<String, Tally.Counts> e : sorted) {
      Tally.Counts c = e.getValue();
      h.append("<tr><td><a href=\"#account=").append(esc(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")))
          .append("\">").append(esc(e.getKey())).append("</a></td>");
      for (long n : new long[] {c.resources, c.publicSolved, c.publicUndecided, c.invalid, c.notPublic}) {
        h.append("<td class=\"n\">").append(n).append("</td>");
      }
      h.append("</tr>\n");
      if (h.length() > 1 << 16) {
        flush(out, h);
      }
    }
    h.append("</table>\n");
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
