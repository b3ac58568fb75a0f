package dev.hornbeam.service.api;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** A request Hornbeam answers with an error ({@link ApiProblem}): a malformed call, never a decision. */
public final class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final String pointer;
  private final List<PolicyProblem> problems;

  public ApiException(HttpStatus status, String slug, String title, String detail, String pointer, List<PolicyProblem> problems) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a failure
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.pointer = pointer;
    this.problems = problems;
  }

  public static ApiException badRequest(String detail, String pointer) {
    return new ApiException(HttpStatus.BAD_REQUEST, "bad-request", "Malformed request", detail, pointer.isEmpty() ? null : pointer, null);
  }

  public static ApiException invalidPolicy(String detail, List<PolicyProblem> problems) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid-policy", "Invalid policy", detail, null, List.copyOf(problems));
  }

  public HttpStatus status() {
    return status;
  }

  public ApiProblem body() {
    return new ApiProblem("urn:hornbeam:problem:" + slug, title, status.getCode(), getMessage(), pointer, problems);
  }
}
