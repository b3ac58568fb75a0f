package dev.hornbeam.service.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS's result is PASS only for a proved NOT_PUBLIC / PASS; every other answer is FAIL (fail closed). */
class AccessAnalyzerShapesTest {
  static final PublicAccessResponse.TimingsMillis T = new PublicAccessResponse.TimingsMillis(0, 0, 0, 0, 0, 0, 0);

  @Test
  void passOnlyWhenProved() {
    for (String reason : List.of("SOLVED", "TIMEOUT", "UNKNOWN", "ERROR", "OVERLOADED", "INVALID_INPUT")) {
      for (String result : List.of("NOT_PUBLIC", "PUBLIC")) {
        PublicAccessResponse r = new PublicAccessResponse(result, reason, "m", List.of(), null, null, false, T, List.of());
        assertEquals(result.equals("NOT_PUBLIC") && reason.equals("SOLVED") ? "PASS" : "FAIL",
            AccessAnalyzerShapes.noPublicAccess(r).result(), result + " " + reason);
      }
      for (String result : List.of("PASS", "FAIL")) {
        CheckResponse r = new CheckResponse(result, reason, "m", List.of(), null, null, false, T, List.of());
        assertEquals(result.equals("PASS") && reason.equals("SOLVED") ? "PASS" : "FAIL", AccessAnalyzerShapes.check(r).result(),
            result + " " + reason);
      }
    }
  }

  @Test
  void reasonsAndFindingsKeepEveryMember() {
    CheckResponse r = new CheckResponse("FAIL", "SOLVED", "why", List.of(new PublicAccessResponse.Finding(2, null, "grants x")), null, null,
        false, T, List.of());
    assertEquals(new AccessAnalyzerShapes.CheckResult("FAIL", "why", List.of(new AccessAnalyzerShapes.ReasonSummary("grants x", 2, null))),
        AccessAnalyzerShapes.check(r));
    String doc = "{\"Statement\":[{\"Effect\":\"allow\"}]}";
    List<AccessAnalyzerShapes.ValidatePolicyFinding> f = AccessAnalyzerShapes.findings(doc, List.of(
        new PolicyProblem("policyDocument", "/Statement/0/Effect", "INVALID_EFFECT", "error", "bad effect"),
        new PolicyProblem("policyDocument", "", "MISSING_VERSION", "warning", "no Version")));
    assertEquals("ERROR", f.get(0).findingType());
    assertEquals("INVALID_EFFECT", f.get(0).issueCode());
    assertEquals("bad effect", f.get(0).findingDetails());
    assertEquals(new AccessAnalyzerShapes.Position(1, 24, 24), f.get(0).locations().get(0).span().start());
    assertEquals("WARNING", f.get(1).findingType());
    assertEquals(List.of(), f.get(1).locations().get(0).path());
    assertEquals(doc.length(), f.get(1).locations().get(0).span().end().offset());
  }
}
