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

  @Get(uri = "/{id}/report", produces = {MediaType.APPLICATION_JSON, "text/csv"})
  public HttpResponse<byte[]> report(@PathVariable String id, @Header(value = HttpHeaders.ACCEPT, defaultValue = "application/json") String accept)
      throws IOException {
    AuditJobs.Status status = jobs.status(id).orElseThrow(() -> notFound(id));
    if (!status.state().equals("DONE")) {
      throw new ApiException(HttpStatus.CONFLICT.getCode(), "not-finished", "Audit not finished",
          "audit " + id + " is " + status.state() + "; its report exists once it is DONE", null, null);
    }
    boolean csv = accept.contains("text/csv");
    Path file = jobs.report(id, csv ? "summary.csv" : "summary.json").orElseThrow(() -> notFound(id));
    return HttpResponse.ok(Files.readAllBytes(file)).contentType(csv ? "text/csv" : MediaType.APPLICATION_JSON);
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
