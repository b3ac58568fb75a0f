package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14 item 11: a 900 KB resourceArn became a 900 KB audit-log line. */
class AuditLogTest {
  @Test
  void everyFieldIsCappedWithAMarkerAndTheHashOfTheWholeValue() throws Exception {
    String arn = "arn:aws:s3:::" + "b".repeat(900_000);
    String line = AuditLog.guard("ab".repeat(32), arn, "AWS::S3::Bucket", "DENY", "R".repeat(5000), "cvc5",
        Map.of("z3", "4.14.1", "cvc5", "v".repeat(3000)), 1.5, null, null);
    assertTrue(line.length() < 2_000, "line of " + line.length() + " characters");
    JsonNode json = new ObjectMapper().readTree(line);
    String logged = json.get("resourceArn").asText();
    assertEquals(arn.substring(0, 256) + "...[truncated: 900013 characters, sha256 "
        + dev.hornbeam.policy.Hashes.sha256(arn) + "]", logged);
    assertTrue(json.get("reason").asText().startsWith("RRRR") && json.get("reason").asText().contains("truncated: 5000 characters"));
    assertTrue(json.get("solverVersions").get("cvc5").asText().contains("truncated: 3000 characters"));
    assertEquals("DENY", json.get("decision").asText());
    assertEquals("4.14.1", json.get("solverVersions").get("z3").asText());
  }

  @Test
  void aFieldAtTheLimitIsKeptWhole() throws Exception {
    String arn = "arn:aws:s3:::" + "b".repeat(AuditLog.MAX_FIELD - 13);
    String line = AuditLog.guard("ab".repeat(32), arn, "AWS::S3::Bucket", "ALLOW", "NOT_PUBLIC", "z3", Map.of(), 1, "", "PASS/SOLVED");
    assertEquals(arn, new ObjectMapper().readTree(line).get("resourceArn").asText());
  }
}
