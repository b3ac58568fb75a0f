package dev.hornbeam.service.aws;

import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hornbeam's answers in IAM Access Analyzer's shapes (IAM Access Analyzer API Reference: CheckNoPublicAccess,
 * CheckNoNewAccess, CheckAccessNotGranted, ValidatePolicy; the members are those of the Smithy model the
 * AWS SDKs are generated from). No HTTP here: the AWS-compatible endpoint serialises these records.
 *
 * <p>Fail closed: {@code PASS} only for a proved NOT_PUBLIC / PASS ({@code reason} SOLVED); every other
 * answer (time-out, unknown, error, overloaded, input that does not fit) is {@code FAIL} with a message
 * saying why.
 */
public final class AccessAnalyzerShapes {
  /** Where a finding's {@code learnMoreLink} points: IAM's JSON policy element reference. */
  public static final String LEARN_MORE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html";

  private AccessAnalyzerShapes() {}

  /** CheckNoPublicAccessResponse, CheckNoNewAccessResponse and CheckAccessNotGrantedResponse: one shape. */
  @Serdeable
  public record CheckResult(String result, String message, List<ReasonSummary> reasons) {}

  /** ReasonSummary: a statement that grants the access the check found. */
  @Serdeable
  public record ReasonSummary(@Nullable String description, @Nullable Integer statementIndex, @Nullable String statementId) {}

  /** ValidatePolicyResponse. */
  @Serdeable
  public record ValidatePolicyResult(List<ValidatePolicyFinding> findings, @Nullable String nextToken) {}

  /** ValidatePolicyFinding: {@code findingType} ERROR (Hornbeam's errors) or WARNING (its warnings). */
  @Serdeable
  public record ValidatePolicyFinding(String findingDetails, String findingType, String issueCode, String learnMoreLink,
      List<Location> locations) {}

  /** Location: a path through the policy's JSON and its span in the text. */
  @Serdeable
  public record Location(List<Map<String, Object>> path, Span span) {}

  @Serdeable
  public record Span(Position start, Position end) {}

  @Serdeable
  public record Position(int line, int column, int offset) {}

  /** CheckNoPublicAccess: PASS only for a proved NOT_PUBLIC. */
  public static CheckResult noPublicAccess(PublicAccessResponse r) {
    boolean pass = r.result().equals("NOT_PUBLIC") && r.reason().equals("SOLVED");
    return new CheckResult(pass ? "PASS" : "FAIL", r.message(), reasons(r.reasons()));
  }

  /** CheckNoNewAccess, CheckAccessNotGranted: PASS only for a proved PASS. */
  public static CheckResult check(CheckResponse r) {
    boolean pass = r.result().equals("PASS") && r.reason().equals("SOLVED");
    return new CheckResult(pass ? "PASS" : "FAIL", r.message(), reasons(r.reasons()));
  }

  private static List<ReasonSummary> reasons(List<PublicAccessResponse.Finding> findings) {
    List<ReasonSummary> out = new ArrayList<>();
    for (PublicAccessResponse.Finding f : findings) {
      out.add(new ReasonSummary(f.description(), f.statementIndex(), f.statementId()));
    }
    return out;
  }

  /**
   * ValidatePolicy's findings for the problems of {@code document} (pointers into the document): an error
   * is {@code ERROR}, a warning {@code WARNING}; {@code issueCode} is Hornbeam's problem code; the location
   * is the pointer's path ({@code {"index": n}} into an array, {@code {"value": name}} for an object
   * member's value, as AWS's PathElement) and the span of that value in the text ({@link PolicyText}).
   */
  public static List<ValidatePolicyFinding> findings(String document, List<PolicyProblem> problems) {
    List<ValidatePolicyFinding> out = new ArrayList<>();
    for (PolicyProblem p : problems) {
      out.add(new ValidatePolicyFinding(p.message(), p.severity().equals("error") ? "ERROR" : "WARNING", p.code(), LEARN_MORE,
          List.of(location(document, p.pointer()))));
    }
    return out;
  }

  static Location location(String document, String pointer) {
    PolicyText.Place place = PolicyText.locate(document, pointer);
    List<Map<String, Object>> path = new ArrayList<>();
    for (PolicyText.Step s : place.path()) {
      path.add(s.index() != null ? Map.of("index", s.index()) : Map.of("value", s.key()));
    }
    return new Location(path, new Span(position(document, place.start()), position(document, place.end())));
  }

  private static Position position(String text, int offset) {
    int[] p = PolicyText.position(text, offset);
    return new Position(p[0], p[1], p[2]);
  }
}
