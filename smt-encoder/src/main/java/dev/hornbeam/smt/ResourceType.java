package dev.hornbeam.smt;

import java.util.Optional;

/** The resource types whose policies the public-access question covers. */
public enum ResourceType {
  S3_BUCKET("AWS::S3::Bucket", "s3"),
  KMS_KEY("AWS::KMS::Key", "kms"),
  SQS_QUEUE("AWS::SQS::Queue", "sqs"),
  SNS_TOPIC("AWS::SNS::Topic", "sns");

  private final String cloudFormationName;
  private final String service;

  ResourceType(String cloudFormationName, String service) {
    this.cloudFormationName = cloudFormationName;
    this.service = service;
  }

  /** e.g. {@code AWS::S3::Bucket}. */
  public String cloudFormationName() {
    return cloudFormationName;
  }

  /** The service prefix of its actions, e.g. {@code s3}. */
  public String service() {
    return service;
  }

  public static Optional<ResourceType> fromName(String name) {
    for (ResourceType t : values()) {
      if (t.cloudFormationName.equalsIgnoreCase(name) || t.service.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
