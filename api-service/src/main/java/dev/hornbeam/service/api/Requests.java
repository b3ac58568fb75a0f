package dev.hornbeam.service.api;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.resource.ResourceScope;
import java.time.Duration;
import java.util.Optional;

/** Reading the members every check request shares. */
final class Requests {
  private static final String TYPES = "AWS::S3::Bucket, AWS::KMS::Key, AWS::SQS::Queue, AWS::SNS::Topic";

  private Requests() {}

  /** {@code resourceType}: {@code AWS::S3::Bucket}, {@code AWS::KMS::Key}, {@code AWS::SQS::Queue}, {@code AWS::SNS::Topic}. */
  static ResourceType resourceType(Envelope body) {
    return type(body.text("resourceType"));
  }

  /** An optional {@code resourceType}: null (any action of any service) when absent. */
  static ResourceType optionalResourceType(Envelope body) {
    return body.optionalText("resourceType").map(Requests::type).orElse(null);
  }

  private static ResourceType type(String name) {
    for (ResourceType t : ResourceType.values()) {
      if (t.cloudFormationName().equals(name)) {
        return t;
      }
    }
    throw ApiException.badRequest("\"resourceType\" must be one of " + TYPES + ", not \"" + name + "\"", "/resourceType");
  }

  /**
   * {@code policyType}, as IAM Access Analyzer takes it: {@code RESOURCE_POLICY} (the default; policies
   * attached to a resource, which name a Principal) or {@code IDENTITY_POLICY} (no Principal).
   */
  static PolicyKind policyKind(Envelope body) {
    String name = body.optionalText("policyType").orElse("RESOURCE_POLICY");
    return switch (name) {
      case "RESOURCE_POLICY" -> PolicyKind.RESOURCE;
      case "IDENTITY_POLICY" -> PolicyKind.IDENTITY;
      default -> throw ApiException.badRequest("\"policyType\" must be RESOURCE_POLICY or IDENTITY_POLICY, not \"" + name + "\"",
          "/policyType");
    };
  }

  /**
   * The size quota of a policy of {@code kind}: a resource policy's type's quota; otherwise (identity
   * policies, or no type given) the parser's general one.
   */
  static Limits limits(PolicyKind kind, ResourceType typeOrNull) {
    return kind == PolicyKind.RESOURCE && typeOrNull != null ? typeOrNull.limits() : Limits.DEFAULT;
  }

  /** Why {@code resourceArn}, when present, is not the ARN of a resource of {@code type}; empty when it is or is absent. */
  static Optional<String> resourceArnProblem(Envelope body, ResourceType type) {
    return body.optionalText("resourceArn").flatMap(type::arnProblem).map(p -> "\"resourceArn\" is not the ARN of an "
        + type.cloudFormationName() + ": " + p);
  }

  /**
   * {@code resourceArn}, when present: the ARN of a resource of {@code type}, as given (nothing trimmed or
   * case-folded), else a 400 naming the rule.
   */
  static Optional<String> resourceArn(Envelope body, ResourceType type) {
    Optional<String> problem = resourceArnProblem(body, type);
    if (problem.isPresent()) {
      throw ApiException.badRequest(problem.get(), "/resourceArn");
    }
    return body.optionalText("resourceArn");
  }

  /** The scope of a resource policy: its type and, when given, its ARN (validated). */
  static ResourceScope scope(Envelope body, ResourceType type) {
    return new ResourceScope(type, resourceArn(body, type).orElse(null));
  }

  /** {@code deadlineMillis}, at most {@code max}; {@code fallback} when absent. */
  static Duration deadline(Envelope body, Duration fallback, Duration max) {
    return body.optionalLong("deadlineMillis", 1, max.toMillis()).map(Duration::ofMillis).orElse(fallback);
  }
}
