package dev.hornbeam.service.http;

import dev.hornbeam.service.Settings;
import dev.hornbeam.service.answer.ApiProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * Optional bearer-token authentication: when {@code hornbeam.auth.token} (environment
 * {@code HORNBEAM_AUTH_TOKEN}) is set, a request without {@code Authorization: Bearer <token>} gets 401 on
 * every path except {@code /health} (and {@code /health/liveness}, {@code /health/readiness}, so probes
 * keep working) and {@code /openapi}. That includes {@code /prometheus}, whose metrics show the traffic
 * and answer mix, and any endpoint added later (fail closed). {@code /health} shows its details (disk
 * space, solver versions, pool state) only to a caller with the token ({@code
 * endpoints.health.details-visible=AUTHENTICATED}; the token makes the caller the principal); everyone
 * else sees UP or DOWN. {@code /policy/*} (the AWS-compatible endpoint) authenticates itself. Without a token configured, everything is open and {@code /health} shows its
 * details to all. Tokens are compared in constant time.
 */
@ServerFilter("/**")
public class BearerTokenFilter {
  /** The principal of a caller that gave the token (or of every caller, when no token is configured). */
  static final Principal CALLER = () -> "hornbeam-token";

  private final byte[] token;

  public BearerTokenFilter(Settings settings) {
    this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  @RequestFilter
  @Nullable
  public HttpResponse<ApiProblem> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (token == null || header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
      request.setUserPrincipal(CALLER);
      return null; // authenticated, or authentication off: proceed
    }
    if (open(request.getPath())) {
      return null; // health status (without details) and the API description
    }
    if (request.getPath().startsWith("/policy/")) {
      // The AWS-compatible endpoint authenticates each call itself (the bearer token, or SigV4 with the token
      // as the secret key, AccessAnalyzerController.authenticate) and refuses in AWS's shape
      // (AccessDeniedException), which the AWS SDKs understand.
      return null;
    }
    return HttpResponse.<ApiProblem>status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hornbeam\"")
        .contentType(ApiProblem.MEDIA_TYPE)
        .body(new ApiProblem("urn:hornbeam:problem:unauthorized", "Unauthorized", 401,
            header == null ? "this endpoint needs Authorization: Bearer <token>" : "the bearer token is not valid", null, null));
  }

  private static boolean open(String path) {
    return path.equals("/health") || path.equals("/health/liveness") || path.equals("/health/readiness") || path.equals("/openapi");
  }
}
