package dev.hornbeam.policy.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A condition key, or a family of keys written as a pattern: {@code aws:SourceIp}, {@code
 * aws:RequestTag/${TagKey}}, {@code s3:ExistingObjectTag/<key>}, {@code
 * kms:EncryptionContext:${EncryptionContextKey}}. In a pattern each {@code ${…}} or {@code <…>} stands
 * for any non-empty text. Keys ignore case.
 */
public final class ConditionKey {
  private final String key;
  private final KeyType type;
  private final Pattern pattern;

  ConditionKey(String key, KeyType type) {
    this.key = Objects.requireNonNull(key, "key");
    this.type = Objects.requireNonNull(type, "type");
    this.pattern = isPattern(key) ? compile(key) : null;
  }

  /** Whether the key text names a family of keys ({@code ${…}} or {@code <…>} in it). */
  static boolean isPattern(String key) {
    return key.contains("${") || key.indexOf('<') >= 0;
  }

  private static Pattern compile(String key) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < key.length()) {
      int dollar = key.indexOf("${", i);
      int angle = key.indexOf('<', i);
      int start = dollar < 0 ? angle : angle < 0 ? dollar : Math.min(dollar, angle);
      int end = start < 0 ? -1 : key.indexOf(start == dollar ? '}' : '>', start);
      if (start < 0 || end < 0) {
        re.append(Pattern.quote(key.substring(i)));
        break;
      }
      if (start > i) {
        re.append(Pattern.quote(key.substring(i, start)));
      }
      re.append(".+");
      i = end + 1;
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  /** The key or key pattern as AWS writes it. */
  public String key() {
    return key;
  }

  public KeyType type() {
    return type;
  }

  /** Whether the key names a family of keys, such as {@code aws:RequestTag/${TagKey}}. */
  public boolean isPattern() {
    return pattern != null;
  }

  /** Whether a key written in a policy is this key or one of its family, ignoring case. */
  public boolean matches(String policyKey) {
    return pattern != null ? pattern.matcher(policyKey).matches() : key.equalsIgnoreCase(policyKey);
  }

  /** The text before the first {@code ':'}, lower case: {@code aws}, {@code s3}, {@code accounts.google.com}. */
  String prefix() {
    int colon = key.indexOf(':');
    return (colon < 0 ? key : key.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConditionKey k && k.key.equals(key) && k.type == type;
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + type.hashCode();
  }

  /** {@code aws:SourceIp (IPAddress)}. */
  @Override
  public String toString() {
    return key + " (" + type.json() + ")";
  }
}
