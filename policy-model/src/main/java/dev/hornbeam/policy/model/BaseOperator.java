package dev.hornbeam.policy.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The condition operators of the IAM policy language, without set qualifier or {@code IfExists}
 * (IAM User Guide, "IAM JSON policy elements: Condition operators").
 */
public enum BaseOperator {
  STRING_EQUALS("StringEquals", OperatorFamily.STRING, false),
  STRING_NOT_EQUALS("StringNotEquals", OperatorFamily.STRING, true),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", OperatorFamily.STRING, false),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", OperatorFamily.STRING, true),
  STRING_LIKE("StringLike", OperatorFamily.STRING, false),
  STRING_NOT_LIKE("StringNotLike", OperatorFamily.STRING, true),
  NUMERIC_EQUALS("NumericEquals", OperatorFamily.NUMERIC, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", OperatorFamily.NUMERIC, true),
  NUMERIC_LESS_THAN("NumericLessThan", OperatorFamily.NUMERIC, false),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", OperatorFamily.NUMERIC, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", OperatorFamily.NUMERIC, false),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", OperatorFamily.NUMERIC, false),
  DATE_EQUALS("DateEquals", OperatorFamily.DATE, false),
  DATE_NOT_EQUALS("DateNotEquals", OperatorFamily.DATE, true),
  DATE_LESS_THAN("DateLessThan", OperatorFamily.DATE, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", OperatorFamily.DATE, false),
  DATE_GREATER_THAN("DateGreaterThan", OperatorFamily.DATE, false),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", OperatorFamily.DATE, false),
  BOOL("Bool", OperatorFamily.BOOL, false),
  BINARY_EQUALS("BinaryEquals", OperatorFamily.BINARY, false),
  IP_ADDRESS("IpAddress", OperatorFamily.IP_ADDRESS, false),
  NOT_IP_ADDRESS("NotIpAddress", OperatorFamily.IP_ADDRESS, true),
  ARN_EQUALS("ArnEquals", OperatorFamily.ARN, false),
  ARN_LIKE("ArnLike", OperatorFamily.ARN, false),
  ARN_NOT_EQUALS("ArnNotEquals", OperatorFamily.ARN, true),
  ARN_NOT_LIKE("ArnNotLike", OperatorFamily.ARN, true),
  NULL("Null", OperatorFamily.NULL, false);

  private final String json;
  private final OperatorFamily family;
  private final boolean negated;

  BaseOperator(String json, OperatorFamily family, boolean negated) {
    this.json = json;
    this.family = family;
    this.negated = negated;
  }

  /** The canonical spelling, e.g. {@code StringNotLike}. */
  public String json() {
    return json;
  }

  public OperatorFamily family() {
    return family;
  }

  /**
   * A negated operator ({@code StringNotEquals}, {@code NotIpAddress}, …) is true when the value matches
   * none of the policy values, and true when the key is absent (IAM User Guide, "Condition operators":
   * negated matching operators).
   */
  public boolean negated() {
    return negated;
  }

  /** Looks up an operator by name, ignoring ASCII case. */
  public static Optional<BaseOperator> fromJsonIgnoreCase(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (BaseOperator op : values()) {
      if (op.json.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
