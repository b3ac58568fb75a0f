package dev.hornbeam.service.api;

import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.service.Settings;
import dev.hornbeam.service.answer.AccessInput;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.PublicAccessResponse;
import dev.hornbeam.service.aws.AccessAnalyzerShapes;
import dev.hornbeam.service.aws.AwsError;
import io.micronaut.core.annotation.Nullable;
import dev.hornbeam.service.aws.SigV4;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAM Access Analyzer's custom policy checks and ValidatePolicy, served with AWS's own paths and members
 * over restJson1 (IAM Access Analyzer API Reference), so that the AWS SDKs and CLI work against Hornbeam
 * with an endpoint override: {@code POST /policy/check-no-public-access}, {@code /policy/check-no-new-access},
 * {@code /policy/check-access-not-granted}, {@code /policy/validation}. A thin adapter: requests are read by
 * the same strict readers as {@code /v1} ({@link Envelope}, {@link Requests}: {@link PolicyInput}, {@link AccessInput}), the
 * answers are {@code /v1}'s ({@link PublicAccessResponse}, {@link CheckResponse}) turned into AWS's shapes by
 * {@link AccessAnalyzerShapes}. Errors are AWS's: {@code x-amzn-ErrorType} and a JSON body
 * ({@link AwsError}); an unknown member is a ValidationException naming it.
 *
 * <p>AWS takes no deadline; Hornbeam's is the header {@value #DEADLINE_HEADER} (1 to
 * {@code hornbeam.max-deadline} ms) or {@code hornbeam.portfolio.deadline}. A check not proved by then is FAIL.
 */
@Controller("/policy")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccessAnalyzerController {
  public static final String DEADLINE_HEADER = "x-hornbeam-deadline-millis";
  private static final Logger LOG = LoggerFactory.getLogger(AccessAnalyzerController.class);
  /** Absent members are left out, as AWS does; empty lists are kept. */
  private static final ObjectMapper MAPPER = ObjectMapper.create(Map.of("micronaut.serde.serialization.inclusion", "non_null"));
  /** ValidatePolicyRequest.locale's values (findings are written in English whatever the locale). */
  private static final List<String> LOCALES = List.of("DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW");

  private final PolicyChecker checker;
  private final Settings settings;

  public AccessAnalyzerController(PolicyChecker checker, Settings settings) {
    this.checker = checker;
    this.settings = settings;
  }

  /** CheckNoPublicAccess: {@code policyDocument}, {@code resourceType} (one Hornbeam knows). */
  @Post(uri = "/check-no-public-access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> checkNoPublicAccess(HttpRequest<?> http, @Body @Nullable byte[] body, @Header(DEADLINE_HEADER) @Nullable String deadline) {
    authenticate(http, body);
    Envelope request = read(body, "policyDocument", "resourceType");
    String typeName = request.text("resourceType");
    ResourceType type = Arrays.stream(ResourceType.values()).filter(t -> t.cloudFormationName().equals(typeName)).findFirst()
        .orElseThrow(() -> AwsError.field("notSupported", "resourceType", "resourceType " + quote(typeName)
            + " is not supported by Hornbeam; it supports " + supportedTypes()));
    request.text("policyDocument");
    PolicyInput input = Requests.policy(request, "policyDocument", "policy", new ResourceScope(type, null), true).orElseThrow();
    PolicyInput.requireValid(input);
    PublicAccessResponse answer = PublicAccessResponse.of(checker.isPublic(input.policy(), type, null, deadline(deadline)), List.of());
    return json(AccessAnalyzerShapes.noPublicAccess(answer));
  }

  /** CheckNoNewAccess: {@code newPolicyDocument}, {@code existingPolicyDocument}, {@code policyType}. */
  @Post(uri = "/check-no-new-access", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> checkNoNewAccess(HttpRequest<?> http, @Body @Nullable byte[] body, @Header(DEADLINE_HEADER) @Nullable String deadline) {
    authenticate(http, body);
    Envelope request = read(body, "newPolicyDocument", "existingPolicyDocument", "policyType");
    PolicyKind kind = policyKind(request);
    PolicyInput existing = document(request, "existingPolicyDocument", kind);
    PolicyInput proposed = document(request, "newPolicyDocument", kind);
    PolicyInput.requireValid(existing, proposed);
    CheckAnswer answer = checker.noNewAccess(existing.policy(), proposed.policy(), null, deadline(deadline));
    return json(AccessAnalyzerShapes.check(CheckResponse.of(answer, CheckResponse.Question.NO_NEW_ACCESS, List.of())));
  }

  /** CheckAccessNotGranted: {@code policyDocument}, {@code access} (one {@code {actions, resources}}), {@code policyType}. */
  @Post(uri = "/check-access-not-granted", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> checkAccessNotGranted(HttpRequest<?> http, @Body @Nullable byte[] body, @Header(DEADLINE_HEADER) @Nullable String deadline) {
    authenticate(http, body);
    Envelope request = read(body, "policyDocument", "access", "policyType");
    PolicyKind kind = policyKind(request);
    PolicyInput input = document(request, "policyDocument", kind);
    AccessInput access = Requests.access(request);
    PolicyInput.requireValid(input);
    CheckAnswer answer = checker.accessNotGranted(input.policy(), null, access.actions(), access.resources(), deadline(deadline));
    return json(AccessAnalyzerShapes.check(CheckResponse.of(answer, CheckResponse.Question.ACCESS_NOT_GRANTED, List.of())));
  }

  /**
   * ValidatePolicy: {@code policyDocument}, {@code policyType} (IDENTITY_POLICY, RESOURCE_POLICY,
   * SERVICE_CONTROL_POLICY; RESOURCE_CONTROL_POLICY is not supported), optional {@code locale},
   * {@code validatePolicyResourceType} (a type Hornbeam knows; only with RESOURCE_POLICY), and the query
   * parameters {@code maxResults} and {@code nextToken}. Every problem, error or warning, is a finding:
   * an invalid policy is a 200 with ERROR findings, as AWS answers it.
   */
  @Post(uri = "/validation", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> validatePolicy(HttpRequest<?> http, @Body @Nullable byte[] body, @QueryValue @Nullable String maxResults,
      @QueryValue @Nullable String nextToken) {
    authenticate(http, body);
    Envelope request = read(body, "locale", "policyDocument", "policyType", "validatePolicyResourceType");
    String type = request.text("policyType");
    PolicyKind kind = switch (type) {
      case "IDENTITY_POLICY", "SERVICE_CONTROL_POLICY" -> PolicyKind.IDENTITY;
      case "RESOURCE_POLICY" -> PolicyKind.RESOURCE;
      case "RESOURCE_CONTROL_POLICY" -> throw AwsError.field("notSupported", "policyType",
          "policyType RESOURCE_CONTROL_POLICY is not supported by Hornbeam");
      default -> throw AwsError.field("fieldValidationFailed", "policyType", "policyType must be IDENTITY_POLICY, RESOURCE_POLICY "
          + "or SERVICE_CONTROL_POLICY, not " + quote(type));
    };
    request.optionalText("locale").filter(l -> !LOCALES.contains(l)).ifPresent(l -> {
      throw AwsError.field("fieldValidationFailed", "locale", "locale must be one of " + String.join(", ", LOCALES) + ", not " + quote(l));
    });
    String document = request.text("policyDocument");
    PolicyInput input;
    if (request.has("validatePolicyResourceType")) {
      String name = request.text("validatePolicyResourceType");
      if (kind != PolicyKind.RESOURCE) {
        throw AwsError.field("fieldValidationFailed", "validatePolicyResourceType",
            "validatePolicyResourceType is only for policyType RESOURCE_POLICY");
      }
      ResourceType rt = Arrays.stream(ResourceType.values()).filter(t -> t.cloudFormationName().equals(name)).findFirst()
          .orElseThrow(() -> AwsError.field("notSupported", "validatePolicyResourceType", "validatePolicyResourceType " + quote(name)
              + " is not supported by Hornbeam; it supports " + supportedTypes()));
      input = Requests.policy(request, "policyDocument", "policy", new ResourceScope(rt, null), true).orElseThrow();
    } else {
      input = document(request, "policyDocument", kind);
    }
    List<AccessAnalyzerShapes.ValidatePolicyFinding> all = AccessAnalyzerShapes.findings(document, input.problems());
    int from = page("nextToken", nextToken, 0, all.size());
    int size = maxResults == null ? all.size() : page("maxResults", maxResults, 1, Integer.MAX_VALUE);
    int to = (int) Math.min(all.size(), (long) from + size);
    return json(new AccessAnalyzerShapes.ValidatePolicyResult(all.subList(from, to), to < all.size() ? String.valueOf(to) : null));
  }

  /** Access Analyzer's errors, with {@code x-amzn-ErrorType} so that an SDK raises the typed exception. */
  @Error(exception = AwsError.class)
  public HttpResponse<byte[]> awsError(HttpRequest<?> request, AwsError e) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(e.status())).header("x-amzn-ErrorType", e.type())
        .header("x-amzn-RequestId", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON).body(bytes(e.body()));
  }

  /** The shared readers' 400s (strict members, invalid policy, bad access list) as ValidationException. */
  @Error(exception = ApiException.class)
  public HttpResponse<byte[]> apiError(HttpRequest<?> request, ApiException e) {
    return awsError(request, AwsError.of(e.body()));
  }

  /**
   * The framework's refusals of a call (a wrong method 405, a wrong content type 415, …) in AWS's shape: a
   * ValidationException, which the SDKs raise as such; they are the caller's fault, not logged at ERROR.
   */
  @Error(exception = io.micronaut.http.exceptions.HttpException.class)
  public HttpResponse<byte[]> refused(HttpRequest<?> request, io.micronaut.http.exceptions.HttpException e) {
    int status = e instanceof io.micronaut.http.exceptions.HttpStatusException s ? s.getStatus().getCode()
        : e instanceof io.micronaut.http.exceptions.ContentLengthExceededException ? 413 : 500;
    try {
      authenticate(request, null); // a caller without the token learns nothing, not even why the call is malformed
    } catch (AwsError denied) {
      return awsError(request, denied);
    }
    if (status >= 500) {
      return internalError(request, e);
    }
    String reason = status == 405 ? "unknownOperation" : status == 415 ? "cannotParse" : "other";
    return awsError(request, AwsError.validation(reason, "HTTP " + status + ": " + e.getMessage(), List.of()));
  }

  /** Anything unexpected: InternalServerException, never a stack trace or the request's text. */
  @Error(exception = RuntimeException.class)
  public HttpResponse<byte[]> internalError(HttpRequest<?> request, RuntimeException e) {
    LOG.error("internal error answering {}", request.getPath(), e);
    return awsError(request, AwsError.internal());
  }

  private static HttpResponse<byte[]> json(Object answer) {
    return HttpResponse.ok(bytes(answer)).contentType(MediaType.APPLICATION_JSON).header("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  private static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * With {@code hornbeam.auth.token} set: {@code Authorization: Bearer <token>}, or an AWS SigV4 signature
   * made with the token as the secret access key (what an unchanged SDK or CLI sends); else
   * AccessDeniedException. Without a token, any request (any signature) is accepted.
   */
  private void authenticate(HttpRequest<?> http, @Nullable byte[] body) {
    if (settings.token().isEmpty()) {
      return;
    }
    byte[] token = settings.token().get().getBytes(StandardCharsets.UTF_8);
    String authorization = http.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
        return;
      }
      throw AwsError.accessDenied("the bearer token is not valid");
    }
    if (!SigV4.isSigV4(authorization)) {
      throw AwsError.accessDenied("this service needs a request signed (AWS SigV4) with its token as the secret access key,"
          + " or Authorization: Bearer <token>");
    }
    Optional<String> problem = SigV4.problem(http.getMethodName(), http.getUri().getRawPath(), http.getUri().getRawQuery(),
        name -> {
          List<String> values = http.getHeaders().getAll(name);
          return values.isEmpty() ? null : String.join(",", values);
        }, body == null ? new byte[0] : body, token, Instant.now());
    if (problem.isPresent()) {
      throw AwsError.accessDenied(problem.get());
    }
  }

  private static Envelope read(@Nullable byte[] body, String... members) {
    return Envelope.read(body == null ? new byte[0] : body).only(members);
  }

  /** {@code policyType}, required as in AccessCheckPolicyType: IDENTITY_POLICY or RESOURCE_POLICY. */
  private static PolicyKind policyKind(Envelope request) {
    request.text("policyType");
    return Requests.policyKind(request);
  }

  /** A required policy document of {@code kind}, within the general quota (these operations name no resource type). */
  private static PolicyInput document(Envelope request, String member, PolicyKind kind) {
    request.text(member);
    String object = member.substring(0, member.length() - "Document".length()); // never present: only() rejects it
    return Requests.policy(request, member, object, kind, Requests.limits(kind, null), true).orElseThrow();
  }

  private Duration deadline(@Nullable String header) {
    long max = settings.maxDeadline().toMillis();
    if (header == null) {
      return settings.portfolio().deadline();
    }
    if (header.strip().matches("[0-9]{1,12}")) {
      long ms = Long.parseLong(header.strip());
      if (ms >= 1 && ms <= max) {
        return Duration.ofMillis(ms);
      }
    }
    throw AwsError.field("fieldValidationFailed", DEADLINE_HEADER, DEADLINE_HEADER + " must be a whole number of milliseconds from 1 to "
        + max + ", not " + quote(header));
  }

  /** A paging number: {@code nextToken} (a finding index this service gave) or {@code maxResults}. */
  private static int page(String name, @Nullable String value, int min, int max) {
    if (value == null) {
      return min;
    }
    if (value.matches("[0-9]{1,9}")) {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    }
    throw AwsError.field("fieldValidationFailed", name, name + " is not valid: " + quote(value));
  }

  private static String supportedTypes() {
    return Arrays.stream(ResourceType.values()).map(ResourceType::cloudFormationName).collect(Collectors.joining(", "));
  }

  private static String quote(String s) {
    return "\"" + (s.length() > 100 ? s.substring(0, 100) + "…" : s) + "\"";
  }
}
