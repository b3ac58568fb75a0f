package dev.hornbeam.service.api;

import dev.hornbeam.smt.ResourceType;
import java.time.Duration;

/** Reading the members every check request shares. */
final class Requests {
  private Requests() {}

  /** {@code resourceType}: {@code AWS::S3::Bucket}, {@code AWS::KMS::Key}, {@code AWS::SQS::Queue}, {@code AWS::SNS::Topic}. */
  static ResourceType resourceType(Envelope body) {
    String name = body.text("resourceType");
    for (ResourceType t : ResourceType.values()) {
      if (t.cloudFormationName().equals(name)) {
        return t;
      }
    }
    throw ApiException.badRequest("\"resourceType\" must be one of AWS::S3::Bucket, AWS::KMS::Key, AWS::SQS::Queue, AWS::SNS::Topic, not \""
        + name + "\"", "/resourceType");
  }

  /** {@code deadlineMillis}, at most {@code max}; {@code fallback} when absent. */
  static Duration deadline(Envelope body, Duration fallback, Duration max) {
    return body.optionalLong("deadlineMillis", 1, max.toMillis()).map(Duration::ofMillis).orElse(fallback);
  }
}
