package dev.hornbeam.policy.catalog;

import dev.hornbeam.policy.model.OperatorFamily;
import java.util.Optional;

/**
 * The type of a condition key as the Service Authorization Reference and the global condition keys
 * page give it ({@code String}, {@code ArrayOfARN}, …). An {@code ArrayOf…} key is multi-valued: a
 * request carries a set of values of its element type.
 */
public enum KeyType {
  STRING("String"),
  ARN("ARN"),
  BOOL("Bool"),
  NUMERIC("Numeric"),
  DATE("Date"),
  IP_ADDRESS("IPAddress"),
  ARRAY_OF_STRING("ArrayOfString"),
  ARRAY_OF_ARN("ArrayOfARN"),
  ARRAY_OF_BOOL("ArrayOfBool");

  private final String json;

  KeyType(String json) {
    this.json = json;
  }

  /** AWS's spelling, e.g. {@code ArrayOfString}. */
  public String json() {
    return json;
  }

  public static Optional<KeyType> fromJson(String name) {
    for (KeyType t : values()) {
      if (t.json.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether a request carries a set of values for such a key. */
  public boolean multiValued() {
    return element() != this;
  }

  /** The type of one value: {@link #STRING} for {@link #ARRAY_OF_STRING}, the type itself otherwise. */
  public KeyType element() {
    return switch (this) {
      case ARRAY_OF_STRING -> STRING;
      case ARRAY_OF_ARN -> ARN;
      case ARRAY_OF_BOOL -> BOOL;
      case STRING, ARN, BOOL, NUMERIC, DATE, IP_ADDRESS -> this;
    };
  }

  /**
   * Whether operators of {@code family} compare values of this type (IAM User Guide, "IAM JSON policy
   * elements: Condition operators": the key's documented type decides its operators; Access
   * Analyzer's ValidatePolicy reports a mismatch). Two readings of ours, both from what AWS does:
   *
   * <ul>
   *   <li>String operators accept ARN keys: AWS compares the ARN's text, and documents String
   *       operators for ARN keys such as {@code aws:PrincipalArn}.
   *   <li>ARN operators accept String keys: many String keys hold ARNs, and AWS's own managed policies
   *       compare them with {@code ArnLike} (e.g. {@code kms:EncryptionContext:aws:s3:arn}, typed
   *       String, in AmazonRDSCustomInstanceProfileRolePolicy); the catalogue cannot tell which String
   *       keys hold ARNs, so a warning there would often be wrong.
   * </ul>
   *
   * {@code Null} tests presence and fits every type; no catalogued key is binary, so {@code
   * BinaryEquals} is not judged.
   */
  public boolean acceptsOperatorsOf(OperatorFamily family) {
    KeyType e = element();
    return switch (family) {
      case STRING -> e == STRING || e == ARN;
      case ARN -> e == ARN || e == STRING;
      case NUMERIC -> e == NUMERIC;
      case DATE -> e == DATE;
      case BOOL -> e == BOOL;
      case IP_ADDRESS -> e == IP_ADDRESS;
      case BINARY, NULL -> true;
    };
  }
}
