package dev.hornbeam.service.api;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.smt.ResourceType;
import java.time.Duration;

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
    return kind == PolicyKind.RESOURCE && typeOrNull != null ? PolicyInput.limits(typeOrNull) : Limits.DEFAULT;
  }

  /** {@code deadlineMillis}, at most {@code max}; {@code fallback} when absent. */
  static Duration deadline(Envelope body, Duration fallback, Duration max) {
    return body.optionalLong("deadlineMillis", 1, max.toMillis()).map(Duration::ofMillis).orElse(fallback);
  }
}
