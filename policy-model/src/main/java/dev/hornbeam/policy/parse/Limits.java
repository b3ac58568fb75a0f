package dev.hornbeam.policy.parse;

/**
 * Size limits checked by the validator. The defaults follow AWS's published quotas for the resource
 * types Hornbeam answers for; every one is configurable.
 *
 * @param maxDocumentBytes UTF-8 size of the document as received
 * @param maxStatements statements per policy
 * @param maxValuesPerKey values of one condition key
 */
public record Limits(int maxDocumentBytes, int maxStatements, int maxValuesPerKey) {
  /** S3 bucket policies: 20 KB (Amazon S3 User Guide, "Bucket policies"). */
  public static final Limits S3_BUCKET = new Limits(20 * 1024, 100, 1000);
  /** KMS key policies: 32 KB (AWS KMS Developer Guide, "Key policy document size"). */
  public static final Limits KMS_KEY = new Limits(32 * 1024, 100, 1000);
  /** SQS queue policies: 20 KB (Amazon SQS Developer Guide, "Quotas related to policies"). */
  public static final Limits SQS_QUEUE = new Limits(20 * 1024, 100, 1000);
  /** SNS topic policies: 30 KB (Amazon SNS Developer Guide, topic attributes "Policy"). */
  public static final Limits SNS_TOPIC = new Limits(30 * 1024, 100, 1000);
  /**
   * Anything else. Generous on purpose: AWS-managed identity policies exceed the customer-managed 6,144
   * character quota, and this limit only guards the service from abuse.
   */
  public static final Limits DEFAULT = new Limits(256 * 1024, 100, 1000);

  public Limits {
    if (maxDocumentBytes <= 0 || maxStatements <= 0 || maxValuesPerKey <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
