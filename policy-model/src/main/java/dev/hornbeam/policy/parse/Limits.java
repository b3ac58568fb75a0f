package dev.hornbeam.policy.parse;

/**
 * Size limits checked by the validator. Each resource type's quota is in the registry
 * ({@code dev.hornbeam.policy.resource.ResourceType#limits}); every one is configurable.
 *
 * @param maxDocumentBytes UTF-8 size of the document as received
 * @param maxStatements statements per policy
 * @param maxValuesPerKey values of one condition key
 */
public record Limits(int maxDocumentBytes, int maxStatements, int maxValuesPerKey) {
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
