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
    return Map.of("hornbeam.audit.data-dir", data.toString(), "hornbeam.audit.input-dir", inputs.toString());
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
    assertEquals(404, http.get("/v1/audits/..%2F..%2Fetc").status());
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
