package dev.hornbeam.service.answer;

import java.util.List;

/**
 * A request Hornbeam answers with an error ({@link ApiProblem}): a malformed call, never a decision. No HTTP
 * here: {@code status} is the problem's number (RFC 9457), which the HTTP layer answers with and the CLI
 * prints with {@code --json}.
 */
public final class ApiException extends RuntimeException {
  public static final int BAD_REQUEST = 400;

  private final int status;
  private final String slug;
  private final String title;
  private final String pointer;
  private final List<PolicyProblem> problems;

  public ApiException(int status, String slug, String title, String detail, String pointer, List<PolicyProblem> problems) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a failure
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.pointer = pointer;
    this.problems = problems;
  }

  public static ApiException badRequest(String detail, String pointer) {
    return new ApiException(BAD_REQUEST, "bad-request", "Malformed request", detail, pointer.isEmpty() ? null : pointer, null);
  }

  public static ApiException invalidPolicy(String detail, List<PolicyProblem> problems) {
    return new ApiException(BAD_REQUEST, "invalid-policy", "Invalid policy", detail, null, List.copyOf(problems));
  }

  /** The problem's status, an HTTP status code. */
  public int status() {
    return status;
  }

  public ApiProblem body() {
    return new ApiProblem("urn:hornbeam:problem:" + slug, title, status, getMessage(), pointer, problems);
  }
}
