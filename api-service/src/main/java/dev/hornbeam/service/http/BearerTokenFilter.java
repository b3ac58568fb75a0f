package dev.hornbeam.service.http;

import dev.hornbeam.service.Settings;
import dev.hornbeam.service.api.ApiProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optional bearer-token authentication for every {@code /v1} endpoint: when {@code hornbeam.auth.token}
 * (environment {@code HORNBEAM_AUTH_TOKEN}) is set, a request without {@code Authorization: Bearer
 * <token>} gets 401. Tokens are compared in constant time.
 */
@ServerFilter("/v1/**")
public class BearerTokenFilter {
  private final byte[] token;

  public BearerTokenFilter(Settings settings) {
    this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  @RequestFilter
  @Nullable
  public HttpResponse<ApiProblem> authenticate(HttpRequest<?> request) {
    if (token == null) {
      return null; // authentication off: proceed
    }
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
      return null;
    }
    return HttpResponse.<ApiProblem>status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hornbeam\"")
        .contentType(ApiProblem.MEDIA_TYPE)
        .body(new ApiProblem("urn:hornbeam:problem:unauthorized", "Unauthorized", 401,
            header == null ? "this endpoint needs Authorization: Bearer <token>" : "the bearer token is not valid", null, null));
  }
}
