package dev.hornbeam.policy.model;

import java.util.Locale;
import java.util.Set;

/**
 * Facts about condition keys that hold in every AWS request, used by request builders (the SMT
 * encoder's questions, test generators). The reference evaluator does not use this: a concrete request
 * says per key whether it is multi-valued. See docs/semantics.md, "Multivalued context keys".
 */
public final class ContextKeys {
  /**
   * Keys whose value is a set (IAM User Guide, "AWS global condition context keys": value type
   * multivalued; Service Authorization Reference: {@code ArrayOf…} types). Lowercase.
   */
  private static final Set<String> MULTI_VALUED = Set.of(
      "aws:tagkeys",
      "aws:principalorgpaths",
      "aws:principalservicenameslist",
      "aws:calledvia",
      "aws:resourceorgpaths",
      "aws:sourceorgpaths",
      "kms:encryptioncontextkeys",
      "kms:grantoperations",
      "dynamodb:attributes",
      "dynamodb:leadingkeys",
      "sts:transitivetagkeys",
      "logs:loggeneratingresourcearns");

  private ContextKeys() {}

  /** Whether AWS sends this key as a set of values (key names ignore case). */
  public static boolean isMultiValued(String key) {
    return MULTI_VALUED.contains(key.toLowerCase(Locale.ROOT));
  }
}
