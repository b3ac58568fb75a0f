package dev.hornbeam.service.api;

import dev.hornbeam.audit.AuditJobs;
import dev.hornbeam.service.answer.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Audit jobs: {@code POST /v1/audits} (an NDJSON input as the body, {@code application/x-ndjson}; or
 * {@code {"path": "...", "format": "..."}} naming a file or directory inside the configured input
 * directory) → 202 with the job; {@code GET /v1/audits/{id}} → state and progress;
 * {@code GET /v1/audits/{id}/report} → {@code summary.json}, or {@code summary.csv} for
 * {@code Accept: text/csv}. Jobs survive a restart (see {@link AuditJobs}). More than
 * {@code hornbeam.audit.max-queued} jobs queued or running → 429.
 */
@Controller("/v1/audits")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditsController {
  static final String NDJSON = "application/x-ndjson";

  private final AuditJobs jobs;
  /** Absolute server directories and what an HTTP answer says instead, longest first (see {@link #scrub}). */
  private final List<String[]> roots = new ArrayList<>();

  public AuditsController(AuditJobs jobs, @Value("${hornbeam.audit.data-dir:hornbeam-data/audits}") String dataDir,
      @Value("${hornbeam.audit.input-dir:}") String inputDir) {
    this.jobs = jobs;
    if (!inputDir.isBlank()) {
      Path in = Path.of(inputDir).toAbsolutePath().normalize();
      roots.add(new String[] {in.toString() + "/", ""}); // a path inside the input directory: as the caller named it
      roots.add(new String[] {in.toString(), "<input-dir>"});
      try {
        Path real = in.toRealPath();
        roots.add(new String[] {real + "/", ""});
        roots.add(new String[] {real.toString(), "<input-dir>"});
      } catch (IOException e) {
        // AuditJobs refuses to start without it
      }
    }
    Path data = Path.of(dataDir).toAbsolutePath().normalize();
    roots.add(new String[] {data.toString(), "<data-dir>"});
    roots.add(new String[] {Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString(), "<tmp>"});
    roots.add(new String[] {Path.of("").toAbsolutePath().toString(), "<working-dir>"});
    roots.add(new String[] {System.getProperty("user.home"), "<home>"});
    roots.sort(Comparator.comparingInt((String[] r) -> r[0].length()).reversed());
  }

  /**
   * {@code message} with the server's absolute directories replaced (issue 14 item 11: errors showed the
   * server's absolute paths): a path inside the input directory becomes the caller's relative path, the
   * data directory {@code <data-dir>}, and so on.
   */
  String scrub(String message) {
    if (message == null) {
      return null;
    }
    String s = message;
    for (String[] root : roots) {
      if (root[0] != null && root[0].length() > 1) {
        s = s.replace(root[0], root[1]);
      }
    }
    return s;
  }

  @Post(consumes = NDJSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AuditJobs.Status> submitBody(@Body byte[] body) throws IOException {
    return accepted(call(() -> jobs.submitBody(new ByteArrayInputStream(body), "ndjson")));
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AuditJobs.Status> submitPath(@Body byte[] body) throws IOException {
    Envelope request = Envelope.read(body).only("path", "format");
    String path = request.text("path");
    String format = request.optionalText("format").orElse(null);
    if (format != null && !format.matches("ndjson|config|dir")) {
      throw ApiException.badRequest("\"format\" must be ndjson, config or dir", "/format");
    }
    return accepted(call(() -> jobs.submitPath(path, format)));
  }

  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public AuditJobs.Status status(@PathVariable String id) throws IOException {
    AuditJobs.Status s = jobs.status(id).orElseThrow(() -> notFound(id));
    return new AuditJobs.Status(s.id(), s.state(), s.done(), s.total(), s.publicCount(), s.invalid(), s.unreadable(), s.createdAt(),
        s.finishedAt(), scrub(s.error()));
  }

  static final String SARIF = "application/sarif+json";

  /**
   * The finished audit's reports by {@code Accept}: {@code summary.json} (default), {@code summary.csv}
   * ({@code text/csv}), {@code findings.sarif} ({@code application/sarif+json}) or {@code report.html}
   * ({@code text/html}, served with the page's own Content-Security-Policy as a header too).
   */
  @Get(uri = "/{id}/report", produces = {MediaType.APPLICATION_JSON, "text/csv", SARIF, MediaType.TEXT_HTML})
  public HttpResponse<byte[]> report(@PathVariable String id, @Header(value = HttpHeaders.ACCEPT, defaultValue = "application/json") String accept)
      throws IOException {
    done(id);
    String name;
    String type;
    if (accept.contains("text/html")) {
      name = "report.html";
      type = MediaType.TEXT_HTML + ";charset=utf-8";
    } else if (accept.contains(SARIF)) {
      name = "findings.sarif";
      type = SARIF;
    } else if (accept.contains("text/csv")) {
      name = "summary.csv";
      type = "text/csv";
    } else {
      name = "summary.json";
      type = MediaType.APPLICATION_JSON;
    }
    Path file = jobs.report(id, name).orElseThrow(() -> notFound(id));
    HttpResponse<byte[]> r = HttpResponse.ok(Files.readAllBytes(file)).contentType(type);
    if (name.equals("report.html")) {
      r = ((io.micronaut.http.MutableHttpResponse<byte[]>) r).header("Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; script-src " + dev.hornbeam.audit.report.Reports.htmlScriptHash());
    }
    return r;
  }

  /** At most this many findings per page. */
  static final int MAX_PAGE = 1000;

  /**
   * A finished audit's findings, a page at a time, in journal order: {@code offset} (default 0), {@code
   * limit} (default 100, at most {@value #MAX_PAGE}), and optionally only one {@code result} (PUBLIC,
   * NOT_PUBLIC, INVALID), {@code account}, or {@code outside} (true: someone outside the resource's zone of trust
   * has access or may have; false: nobody). The answer: {@code {"offset", "limit", "total", "next", "items"}}
   * where {@code total} counts the findings that pass the filters and {@code next} is the next page's
   * offset, or null after the last page.
   */
  @Get(uri = "/{id}/findings", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> findings(@PathVariable String id,
      @io.micronaut.http.annotation.QueryValue @io.micronaut.core.annotation.Nullable String offset,
      @io.micronaut.http.annotation.QueryValue @io.micronaut.core.annotation.Nullable String limit,
      @io.micronaut.http.annotation.QueryValue @io.micronaut.core.annotation.Nullable String result,
      @io.micronaut.http.annotation.QueryValue @io.micronaut.core.annotation.Nullable String account,
      @io.micronaut.http.annotation.QueryValue @io.micronaut.core.annotation.Nullable String outside) throws IOException {
    done(id);
    if (outside != null && !outside.equals("true") && !outside.equals("false")) {
      throw ApiException.badRequest("\"outside\" must be true or false", "/outside");
    }
    long from = whole("offset", offset, 0, Long.MAX_VALUE, 0);
    long size = whole("limit", limit, 1, MAX_PAGE, 100);
    if (result != null && !result.matches("PUBLIC|NOT_PUBLIC|INVALID")) {
      throw ApiException.badRequest("\"result\" must be PUBLIC, NOT_PUBLIC or INVALID", "/result");
    }
    Path file = jobs.report(id, "findings.ndjson").orElseThrow(() -> notFound(id));
    StringBuilder items = new StringBuilder();
    long total = 0;
    long taken = 0;
    io.micronaut.serde.ObjectMapper json = io.micronaut.serde.ObjectMapper.getDefault();
    try (java.io.BufferedReader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (result != null || account != null || outside != null) {
          io.micronaut.json.tree.JsonNode f = json.readValue(line, io.micronaut.json.tree.JsonNode.class);
          if ((result != null && !result.equals(text(f, "result"))) || (account != null && !account.equals(text(f, "account")))) {
            continue;
          }
          if (outside != null && Boolean.parseBoolean(outside) != outsideAccess(f)) {
            continue;
          }
        }
        if (total >= from && taken < size) {
          items.append(taken == 0 ? "" : ",\n").append(line);
          taken++;
        }
        total++;
      }
    }
    Long next = from + taken < total ? from + taken : null;
    String body = "{\"offset\":" + from + ",\"limit\":" + size + ",\"total\":" + total + ",\"next\":" + next
        + ",\"items\":[\n" + items + "]}\n";
    return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON);
  }

  /** Someone outside the resource's zone of trust has access, or may have (undecided). */
  private static boolean outsideAccess(io.micronaut.json.tree.JsonNode f) {
    io.micronaut.json.tree.JsonNode list = f.get("outside");
    return (list != null && list.isArray() && list.size() > 0) || "UNDECIDED".equals(text(f, "outsideCoverage"));
  }

  private static String text(io.micronaut.json.tree.JsonNode node, String field) {
    io.micronaut.json.tree.JsonNode v = node.get(field);
    return v == null || !v.isString() ? null : v.getStringValue();
  }

  private static long whole(String name, String value, long min, long max, long otherwise) {
    if (value == null) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest("\"" + name + "\" must be a whole number from " + min + " to " + max + ", not \"" + value + "\"",
        "/" + name);
  }

  private void done(String id) throws IOException {
    AuditJobs.Status status = jobs.status(id).orElseThrow(() -> notFound(id));
    if (!status.state().equals("DONE")) {
      throw new ApiException(HttpStatus.CONFLICT.getCode(), "not-finished", "Audit not finished",
          "audit " + id + " is " + status.state() + "; its report exists once it is DONE", null, null);
    }
  }

  private static HttpResponse<AuditJobs.Status> accepted(AuditJobs.Job job) throws IOException {
    return HttpResponse.<AuditJobs.Status>status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, "/v1/audits/" + job.id())
        .body(new AuditJobs.Status(job.id(), job.state(), 0, null, 0, 0, 0, job.createdAt(), null, null));
  }

  private interface Submit {
    AuditJobs.Job get() throws IOException;
  }

  private AuditJobs.Job call(Submit submit) throws IOException {
    try {
      return submit.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(scrub(e.getMessage()), "");
    } catch (AuditJobs.Full e) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS.getCode(), "too-many-audits", "Too many audits", scrub(e.getMessage()), null, null);
    }
  }

  private static ApiException notFound(String id) {
    return new ApiException(HttpStatus.NOT_FOUND.getCode(), "not-found", "No such audit", "there is no audit " + id, null, null);
  }
}
