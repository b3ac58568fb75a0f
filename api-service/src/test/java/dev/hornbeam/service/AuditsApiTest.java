package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The audit job API over real HTTP: body and path inputs, progress, reports, and what is refused. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditsApiTest extends ApiTestBase implements TestPropertyProvider {
  private Path data;
  private Path inputs;

  @Override
  public Map<String, String> getProperties() {
    try {
      data = Files.createTempDirectory("hornbeam-audits");
      inputs = Files.createTempDirectory("hornbeam-inputs");
      dev.hornbeam.audit.Estates.write(inputs.resolve("estate.ndjson"), 3, 3);
      Files.createDirectories(inputs.resolve("sub"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("hornbeam.audit.data-dir", data.toString(), "hornbeam.audit.input-dir", inputs.toString(),
        "hornbeam.audit.max-queued", "2", "hornbeam.audit.retention", "7d");
  }

  Http.Reply waitDone(String location) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    Http.Reply status = http.get(location);
    while (!"DONE".equals(status.json().get("state")) && System.nanoTime() < deadline) {
      assertTrue(!"FAILED".equals(status.json().get("state")), status.body());
      Thread.sleep(100);
      status = http.get(location);
    }
    return status;
  }

  @Test
  void anNdjsonBodyIsAuditedAndReported() throws Exception {
    Path estate = Files.createTempFile("estate", ".ndjson");
    int n = dev.hornbeam.audit.Estates.write(estate, 4, 3);
    Http.Reply r = http.send(HttpRequest.POST("/v1/audits", Files.readString(estate)).contentType("application/x-ndjson"));
    assertEquals(202, r.status(), r.body());
    String location = r.headers().get("Location").get(0);
    assertTrue(location.startsWith("/v1/audits/"), location);
    Http.Reply done = waitDone(location);
    assertEquals("DONE", done.json().get("state"), done.body());
    assertEquals(n, ((Number) done.json().get("done")).intValue());
    assertEquals(4, ((Number) done.json().get("publicCount")).intValue(), done.body());
    Http.Reply json = http.get(location + "/report");
    assertEquals(200, json.status(), json.body());
    assertTrue(json.contentType().startsWith("application/json"), json.contentType());
    Http.Reply csv = http.send(HttpRequest.GET(location + "/report").accept("text/csv"));
    assertEquals(200, csv.status(), csv.body());
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertTrue(csv.body().lines().count() > 1, csv.body());

    Http.Reply html = http.send(HttpRequest.GET(location + "/report").accept("text/html"));
    assertEquals(200, html.status());
    assertTrue(html.contentType().startsWith("text/html"), html.contentType());
    assertTrue(html.body().contains("<title>Hornbeam audit report</title>") && html.body().contains("id=\"findings\""));
    assertEquals("default-src 'none'; style-src 'unsafe-inline'; script-src " + dev.hornbeam.audit.report.Reports.htmlScriptHash(),
        html.headers().get("Content-Security-Policy").get(0));
    Http.Reply sarif = http.send(HttpRequest.GET(location + "/report").accept("application/sarif+json"));
    assertEquals(200, sarif.status());
    assertTrue(sarif.contentType().startsWith("application/sarif+json"), sarif.contentType());
    assertTrue(sarif.body().contains("\"version\" : \"2.1.0\"") || sarif.body().contains("\"version\":\"2.1.0\""), sarif.body());

    // Paged findings: every finding exactly once over the pages, and the filters.
    java.util.Set<String> arns = new java.util.HashSet<>();
    Object next = 0;
    int pages = 0;
    while (next != null) {
      Http.Reply page = http.get(location + "/findings?limit=5&offset=" + next);
      assertEquals(200, page.status(), page.body());
      assertEquals(n, ((Number) page.json().get("total")).intValue());
      List<?> items = (List<?>) page.json().get("items");
      assertTrue(items.size() <= 5 && !items.isEmpty(), page.body());
      for (Object item : items) {
        assertTrue(arns.add((String) ((java.util.Map<?, ?>) item).get("arn")), "each finding once");
      }
      next = page.json().get("next");
      pages++;
    }
    assertEquals(n, arns.size());
    assertEquals((n + 4) / 5, pages);
    Http.Reply publicOnly = http.get(location + "/findings?result=PUBLIC&limit=1000");
    assertEquals(4, ((Number) publicOnly.json().get("total")).intValue(), publicOnly.body());
    for (Object item : (List<?>) publicOnly.json().get("items")) {
      assertEquals("PUBLIC", ((java.util.Map<?, ?>) item).get("result"));
    }
    // Outside access (issue 17): the two filters split the findings, and every public resource is shared outside.
    Http.Reply outside = http.get(location + "/findings?outside=true&limit=1000");
    Http.Reply inside = http.get(location + "/findings?outside=false&limit=1000");
    assertEquals(n, ((Number) outside.json().get("total")).intValue() + ((Number) inside.json().get("total")).intValue());
    assertTrue(((Number) outside.json().get("total")).intValue() >= 4, outside.body());
    for (Object item : (List<?>) outside.json().get("items")) {
      java.util.Map<?, ?> f = (java.util.Map<?, ?>) item;
      assertTrue(!((List<?>) f.get("outside")).isEmpty() || "UNDECIDED".equals(f.get("outsideCoverage")), f.toString());
    }
    for (String bad : new String[] {"limit=0", "limit=1001", "offset=-1", "offset=x", "result=public", "outside=maybe"}) {
      Http.Reply r400 = http.get(location + "/findings?" + bad);
      assertEquals(400, r400.status(), bad + ": " + r400.body());
      assertEquals("application/problem+json", r400.contentType());
    }
  }

  @Test
  void aPathInsideTheInputDirectoryIsAudited() throws Exception {
    Http.Reply r = http.post("/v1/audits", "{\"path\":\"estate.ndjson\"}");
    assertEquals(202, r.status(), r.body());
    Http.Reply done = waitDone(r.headers().get("Location").get(0));
    assertEquals(9, ((Number) done.json().get("done")).intValue(), done.body());
  }

  @Test
  void serverPathsOutsideTheInputDirectoryAreRefused() {
    for (String path : new String[] {"../../../../etc/passwd", "/etc/passwd", "nope.ndjson", ".."}) {
      Http.Reply r = http.post("/v1/audits", "{\"path\":\"" + path + "\"}");
      assertEquals(400, r.status(), path + ": " + r.body());
      assertEquals("application/problem+json", r.contentType());
    }
  }

  @Test
  void unknownAuditsAre404() {
    assertEquals(404, http.get("/v1/audits/0f0f0f0f-0000-0000-0000-000000000000").status());
    assertEquals(404, http.get("/v1/audits/0f0f0f0f-0000-0000-0000-000000000000/report").status());
    assertEquals(404, http.get("/v1/audits/0f0f0f0f-0000-0000-0000-000000000000/findings").status());
    assertEquals(404, http.get("/v1/audits/..%2F..%2Fetc").status());
  }

  private static String real(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No absolute server path (the data or input directory) in a reply. */
  private void assertNoServerPath(String text) {
    assertTrue(!text.contains(data.toString()) && !text.contains(inputs.toString()) && !text.contains(real(inputs)), text);
  }

  @Test
  void aFifoNamedAsThePathIsRefusedAtOnceWithoutServerPaths() throws Exception {
    dev.hornbeam.audit.input.DirectoryInputTest.mkfifo(inputs.resolve("pipe.ndjson"));
    Http.Reply r = http.post("/v1/audits", "{\"path\":\"pipe.ndjson\"}"); // before: the request never returned
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("not a regular file"), r.body());
    assertNoServerPath(r.body());
  }

  @Test
  void linksOutOfTheInputDirectoryAndFifosInsideItAreBadRecordsNamingTheRule() throws Exception {
    Path outside = Files.createTempDirectory("hornbeam-outside");
    Files.writeString(outside.resolve("secret.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    Path tree = Files.createDirectories(inputs.resolve("tree/111122223333"));
    Files.writeString(tree.resolve("bucket-a.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-a/*\"}]}");
    Files.createSymbolicLink(tree.resolve("bucket-b.json"), outside.resolve("secret.json"));
    dev.hornbeam.audit.input.DirectoryInputTest.mkfifo(tree.resolve("bucket-c.json"));
    Http.Reply r = http.post("/v1/audits", "{\"path\":\"tree\"}");
    assertEquals(202, r.status(), r.body());
    Http.Reply done = waitDone(r.headers().get("Location").get(0)); // before: the FIFO blocked the job thread for ever
    assertEquals("DONE", done.json().get("state"), done.body());
    assertEquals(1, ((Number) done.json().get("done")).intValue(), done.body());
    assertEquals(2, ((Number) done.json().get("unreadable")).intValue(), done.body());
    Http.Reply report = http.get(r.headers().get("Location").get(0) + "/report");
    assertTrue(report.body().contains("a symbolic link: not followed") && report.body().contains("not a regular file"), report.body());
    assertNoServerPath(report.body());
  }

  @Test
  void theStatusCountsTheSameBadRecordsAsTheSummaryAndSaysWhenTheTotalIsUnknown() throws Exception {
    Path estate = Files.createTempFile("estate", ".ndjson");
    int n = dev.hornbeam.audit.Estates.write(estate, 2, 3);
    Http.Reply r = http.send(HttpRequest.POST("/v1/audits", Files.readString(estate) + "not json\n{}\n").contentType("application/x-ndjson"));
    assertEquals(202, r.status(), r.body());
    assertEquals(null, r.json().get("total"), "not counted yet: " + r.body()); // before: -1
    Http.Reply done = waitDone(r.headers().get("Location").get(0));
    assertEquals(n, ((Number) done.json().get("total")).intValue(), done.body());
    assertEquals(2, ((Number) done.json().get("unreadable")).intValue(), done.body()); // before: 0
    Http.Reply report = http.get(r.headers().get("Location").get(0) + "/report");
    assertTrue(report.body().contains("\"badRecords\" : 2"), report.body());
    assertNoServerPath(report.body());
  }

  @Test
  void unusableInputsFailWithAReason() throws Exception {
    Http.Reply r = http.send(HttpRequest.POST("/v1/audits", "key: value\nother: 1\n").contentType("application/x-ndjson"));
    assertEquals(202, r.status(), r.body());
    String location = r.headers().get("Location").get(0);
    long deadline = System.nanoTime() + 60_000_000_000L;
    Http.Reply status = http.get(location);
    while (!"FAILED".equals(status.json().get("state")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = http.get(location);
    }
    assertEquals("FAILED", status.json().get("state"), status.body());
    assertTrue(String.valueOf(status.json().get("error")).contains("no resource could be read"), status.body());
    assertNoServerPath(status.body());
  }

  @Test
  void queuedJobsAreBoundedAndOldJobsAreDeleted() throws Exception {
    // A finished job past the retention is deleted on the next submission.
    Path old = Files.createDirectories(data.resolve("0ld0ld00-0000-0000-0000-000000000000"));
    Files.writeString(old.resolve("job.json"), "{\"id\":\"0ld0ld00-0000-0000-0000-000000000000\",\"state\":\"DONE\",\"inputs\":[],"
        + "\"createdAt\":\"2020-01-01T00:00:00Z\",\"finishedAt\":\"2020-01-01T00:01:00Z\"}");
    Path estate = Files.createTempFile("estate", ".ndjson");
    dev.hornbeam.audit.Estates.write(estate, 12, 6);
    String body = Files.readString(estate);
    java.util.List<String> accepted = new java.util.ArrayList<>();
    Http.Reply refused = null;
    for (int i = 0; i < 4 && refused == null; i++) {
      Http.Reply r = http.send(HttpRequest.POST("/v1/audits", body).contentType("application/x-ndjson"));
      if (r.status() == 202) {
        accepted.add(r.headers().get("Location").get(0));
      } else {
        refused = r;
      }
    }
    assertTrue(refused != null, "more than hornbeam.audit.max-queued = 2 jobs were accepted");
    assertEquals(429, refused.status(), refused.body());
    assertTrue(refused.body().contains("max-queued"), refused.body());
    assertTrue(accepted.size() <= 2, accepted.toString());
    assertTrue(!Files.exists(old), "a job past the retention is deleted");
    for (String location : accepted) {
      waitDone(location);
    }
  }

  /** Issue 14 item 11: an error named the server's absolute path ("audit input /srv/... is a directory"). */
  @Test
  void errorsDoNotShowServerPaths() {
    Http.Reply r = http.post("/v1/audits", "{\"path\":\"sub\",\"format\":\"ndjson\"}");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("audit input sub is a directory"), r.body());
    assertTrue(!r.body().contains(inputs.toString()) && !r.body().contains(data.toString()), r.body());
  }

  /** Issue 14 item 4: one UTF-16 line failed the whole job; now it is one bad record and the other lines are audited. */
  @Test
  void aUtf16LineInAnNdjsonBodyIsOneBadRecord() throws Exception {
    Path estate = Files.createTempFile("estate", ".ndjson");
    int n = dev.hornbeam.audit.Estates.write(estate, 2, 2);
    byte[] good = Files.readAllBytes(estate);
    String first = Files.readAllLines(estate).get(0);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(first.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
    body.write('\n');
    body.writeBytes(good);
    Http.Reply r = http.send(HttpRequest.POST("/v1/audits", body.toByteArray()).contentType("application/x-ndjson"));
    assertEquals(202, r.status(), r.body());
    Http.Reply done = waitDone(r.headers().get("Location").get(0));
    assertEquals("DONE", done.json().get("state"), done.body());
    assertEquals(n, ((Number) done.json().get("done")).intValue(), done.body());
  }
}
