package dev.hornbeam.service.aws;

import dev.hornbeam.service.answer.ApiProblem;
import dev.hornbeam.service.answer.PolicyProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;

/**
 * An error as IAM Access Analyzer returns it over restJson1: an HTTP status, the error's shape name (sent
 * in the {@code x-amzn-ErrorType} header, from which the AWS SDKs pick the typed exception) and its
 * members. Access Analyzer's model: ValidationException (400: {@code message}, {@code reason} one of
 * cannotParse, fieldValidationFailed, notSupported, other, unknownOperation; {@code fieldList} of
 * {@code {name, message}}), AccessDeniedException (403: {@code message}), InternalServerException (500).
 */
public final class AwsError extends RuntimeException {
  private final int status;
  private final String type;
  private final Body body;

  /** The members of an error body ({@code reason} and {@code fieldList} are ValidationException's). */
  @Serdeable
  public record Body(String message, @Nullable String reason, @Nullable List<Field> fieldList) {}

  /** ValidationExceptionField. */
  @Serdeable
  public record Field(String name, String message) {}

  public AwsError(int status, String type, Body body) {
    super(body.message(), null, false, false); // an answer, not a failure: no stack trace
    this.status = status;
    this.type = type;
    this.body = body;
  }

  public static AwsError validation(String reason, String message, List<Field> fields) {
    return new AwsError(400, "ValidationException", new Body(message, reason, List.copyOf(fields)));
  }

  /** A ValidationException naming one member. */
  public static AwsError field(String reason, String member, String message) {
    return validation(reason, message, List.of(new Field(member, message)));
  }

  public static AwsError accessDenied(String message) {
    return new AwsError(403, "AccessDeniedException", new Body(message, null, null));
  }

  public static AwsError internal() {
    return new AwsError(500, "InternalServerException", new Body("internal error", null, null));
  }

  /**
   * Hornbeam's own malformed-request answer (a 400 with a pointer, or an invalid policy with its
   * problems) as a ValidationException: {@code fieldList} names the top-level member of the pointer, or,
   * for an invalid policy, one entry per problem (the policy's member; the message starts with the
   * problem's pointer into the policy document and its code).
   */
  public static AwsError of(ApiProblem problem) {
    List<Field> fields = new ArrayList<>();
    if (problem.problems() != null) {
      for (PolicyProblem p : problem.problems()) {
        fields.add(new Field(p.field(), (p.pointer().isEmpty() ? "(root)" : p.pointer()) + " " + p.code() + " "
            + (p.severity().equals("error") ? "" : "warning: ") + p.message()));
      }
      return validation("fieldValidationFailed", problem.detail(), fields);
    }
    if (problem.pointer() == null) {
      return validation("cannotParse", problem.detail(), fields);
    }
    String member = PolicyText.tokens(problem.pointer()).get(0);
    fields.add(new Field(member, problem.detail()));
    return validation("fieldValidationFailed", problem.detail(), fields);
  }

  public int status() {
    return status;
  }

  /** The error shape's name, for {@code x-amzn-ErrorType}. */
  public String type() {
    return type;
  }

  public Body body() {
    return body;
  }
}
