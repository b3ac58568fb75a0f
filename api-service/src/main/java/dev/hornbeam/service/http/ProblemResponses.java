package dev.hornbeam.service.http;

import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.ApiProblem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every error the service gives is {@code application/problem+json}: Hornbeam's own
 * ({@link ApiException}) and the framework's (404, 405, 413 body too large, 415 wrong content type, 400
 * unreadable body). Internal exceptions never reach a client as a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class) // the framework's default (package-private) processor
public class ProblemResponses implements ErrorResponseProcessor<ApiProblem> {

  @Override
  public MutableHttpResponse<ApiProblem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    String detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    if (status.getCode() >= 500) {
      detail = "internal error"; // never the exception's text: it may quote the request
    } else if (detail.isEmpty()) {
      detail = status.getReason();
    }
    ApiProblem body = new ApiProblem("urn:hornbeam:problem:" + status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"),
        status.getReason(), status.getCode(), detail, null, null);
    return response.contentType(ApiProblem.MEDIA_TYPE).body(body);
  }

  /** Hornbeam's own errors, with their problems and pointers. */
  @Singleton
  @Produces(ApiProblem.MEDIA_TYPE)
  public static class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ApiProblem>> {
    @Override
    public HttpResponse<ApiProblem> handle(HttpRequest request, ApiException e) {
      MutableHttpResponse<ApiProblem> r = HttpResponse.<ApiProblem>status(HttpStatus.valueOf(e.status())).contentType(ApiProblem.MEDIA_TYPE).body(e.body());
      if (e.status() == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
        r.header("Retry-After", "1");
      }
      return r;
    }
  }

}
