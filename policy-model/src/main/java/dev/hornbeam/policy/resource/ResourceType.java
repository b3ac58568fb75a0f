package dev.hornbeam.policy.resource;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.universe.PrincipalKind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The resource types whose policies the public-access question covers, each described once: its
 * CloudFormation name, the service whose actions apply to it, its policy size quota, the shape of its
 * ARN, and whether requests may name sub-resources under it (S3 objects).
 */
public enum ResourceType {
  // Amazon S3 User Guide, "General purpose bucket naming rules": 3–63 characters of a–z, 0–9, '.' and
  // '-'. Buckets made in us-east-1 before 1 March 2018 may have up to 255 characters with upper case
  // and '_' ("Legacy bucket naming rules"), so those are accepted too: a wrong bucket is caught by the
  // policy's own Resource (ResourceScope), not by guessing a bucket's age.
  S3_BUCKET("AWS::S3::Bucket", "s3", Limits.S3_BUCKET, false, "[A-Za-z0-9._-]{3,255}",
      "a bucket name (3 to 63 characters of a-z, 0-9, '.' and '-'), as arn:aws:s3:::amzn-s3-demo-bucket"),
  // AWS KMS Developer Guide, "Key identifiers (KeyId)": a key ARN ends in key/ and the key id, a UUID
  // or, for a multi-Region key, mrk- and 32 hexadecimal digits. An alias ARN names no key policy.
  KMS_KEY("AWS::KMS::Key", "kms", Limits.KMS_KEY, true,
      "key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})",
      "key/ and a key id, as arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
  // Amazon SQS API Reference, CreateQueue, QueueName: up to 80 characters of alphanumerics, '-' and
  // '_'; a FIFO queue's name ends in .fifo.
  SQS_QUEUE("AWS::SQS::Queue", "sqs", Limits.SQS_QUEUE, true, "(?=.{1,80}$)[A-Za-z0-9_-]+(\\.fifo)?",
      "a queue name (up to 80 characters of A-Z, a-z, 0-9, '-' and '_', .fifo at the end for a FIFO queue),"
          + " as arn:aws:sqs:us-east-1:111122223333:my-queue"),
  // Amazon SNS API Reference, CreateTopic, Name: up to 256 characters of alphanumerics, '-' and '_';
  // a FIFO topic's name ends in .fifo.
  SNS_TOPIC("AWS::SNS::Topic", "sns", Limits.SNS_TOPIC, true, "(?=.{1,256}$)[A-Za-z0-9_-]+(\\.fifo)?",
      "a topic name (up to 256 characters of A-Z, a-z, 0-9, '-' and '_', .fifo at the end for a FIFO topic),"
          + " as arn:aws:sns:us-east-1:111122223333:my-topic");

  /** AWS General Reference, "Regional endpoints": us-east-1, us-gov-west-1, cn-north-1, us-iso-east-1, … */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  private final String cloudFormationName;
  private final String service;
  private final Limits limits;
  private final boolean regional;
  private final Pattern resourcePart;
  private final String resourcePartText;

  ResourceType(String cloudFormationName, String service, Limits limits, boolean regional, String resourcePart,
      String resourcePartText) {
    this.cloudFormationName = cloudFormationName;
    this.service = service;
    this.limits = limits;
    this.regional = regional;
    this.resourcePart = Pattern.compile(resourcePart);
    this.resourcePartText = resourcePartText;
  }

  /** e.g. {@code AWS::S3::Bucket}. */
  public String cloudFormationName() {
    return cloudFormationName;
  }

  /** The service prefix of its actions, e.g. {@code s3}. */
  public String service() {
    return service;
  }

  /** The size quota of its policies. */
  public Limits limits() {
    return limits;
  }

  /**
   * The prefix of the ARNs of its sub-resources that a request may name under the policy of the
   * resource {@code arn}: {@code arn + "/"} for a bucket's objects (Amazon S3 User Guide, "Policy
   * resources for Amazon S3": a bucket policy covers {@code arn:aws:s3:::bucket/key}); empty for the rest.
   */
  public Optional<String> childPrefix(String arn) {
    return this == S3_BUCKET ? Optional.of(arn + "/") : Optional.empty();
  }

  /**
   * Why {@code arn} is not the ARN of a resource of this type, or empty when it is:
   * {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE} (IAM User Guide, "IAM identifiers", ARNs) with
   * a known partition, this type's service, a region and a 12-digit account for regional services (S3
   * bucket ARNs have neither), and this type's resource part. Nothing is trimmed or case-folded.
   */
  public Optional<String> arnProblem(String arn) {
    List<String> f = Arns.fields(arn);
    String want = "the ARN of an " + cloudFormationName + " is arn:PARTITION:" + service + ":"
        + (regional ? "REGION:ACCOUNT:" : "::") + resourcePartText;
    if (f == null || !f.get(0).equals("arn")) {
      return Optional.of("\"" + shorten(arn) + "\" is not an ARN: " + want);
    }
    if (!PrincipalKind.PARTITIONS.contains(f.get(1))) {
      return Optional.of("\"" + f.get(1) + "\" is not an AWS partition (one of " + String.join(", ", PrincipalKind.PARTITIONS)
          + "): " + want);
    }
    if (!f.get(2).equals(service)) {
      return Optional.of("the ARN is of the service \"" + shorten(f.get(2)) + "\", not " + service + ": " + want);
    }
    if (regional && !REGION.matcher(f.get(3)).matches()) {
      return Optional.of("\"" + shorten(f.get(3)) + "\" is not a region, as us-east-1: " + want);
    }
    if (regional && !ACCOUNT.matcher(f.get(4)).matches()) {
      return Optional.of("\"" + shorten(f.get(4)) + "\" is not a 12-digit account id: " + want);
    }
    if (!regional && !(f.get(3).isEmpty() && f.get(4).isEmpty())) {
      return Optional.of("an S3 bucket ARN has no region and no account (arn:aws:s3:::NAME): " + want);
    }
    if (!resourcePart.matcher(f.get(5)).matches()) {
      return Optional.of("\"" + shorten(f.get(5)) + "\" is not " + resourcePartText);
    }
    return Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "…";
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
