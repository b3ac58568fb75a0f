package dev.hornbeam.policy.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code Resource} value of a policy, such as {@code arn:aws:s3:::b/*}, compiled once to ask which
 * resource types it can name ({@link ResourceType#overlaps(ArnPattern)}). {@code *} and {@code ?} are
 * IAM wildcards; a policy variable ({@code ${aws:username}}) may stand for anything.
 */
public final class ArnPattern {
  private final String text;
  private final List<Glob.Token> tokens;
  private final String serviceField;

  private ArnPattern(String text) {
    this.text = text;
    this.tokens = Glob.ofPattern(text);
    // Text before the first wildcard or variable is fixed: when it holds the service field whole, every
    // ARN the pattern names has exactly that service.
    int wild = firstWildcard(text);
    String fixed = text.substring(0, wild);
    String[] fields = fixed.split(":", -1);
    this.serviceField = fields.length > 3 ? fields[2].toLowerCase(Locale.ROOT) : null;
  }

  public static ArnPattern of(String pattern) {
    return new ArnPattern(pattern);
  }

  private static int firstWildcard(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        return i;
      }
    }
    return s.length();
  }

  public String text() {
    return text;
  }

  List<Glob.Token> tokens() {
    return tokens;
  }

  /** The service field when the pattern fixes it (lower case), else {@code null}. */
  String serviceField() {
    return serviceField;
  }

  /** The service field every ARN the pattern names has, lower case; empty when a wildcard comes first. */
  public Optional<String> service() {
    return Optional.ofNullable(serviceField);
  }

  @Override
  public String toString() {
    return text;
  }
}
