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
  /** built on first use: most patterns are settled by a witness */
  private volatile List<Glob.Token> tokens;
  private final String serviceField;
  /** index of the first wildcard or variable, or the length */
  private final int wild;
  /** an ARN the pattern surely names: every wildcard and variable as "x" (built on first use) */
  private String letterWitness;
  /** another: every {@code *} and variable as "" */
  private String emptyWitness;

  private ArnPattern(String text) {
    this.text = text;
    // Text before the first wildcard or variable is fixed: when it holds the service field whole, every
    // ARN the pattern names has exactly that service.
    this.wild = firstWildcard(text);
    int first = text.indexOf(':');
    int second = first < 0 ? -1 : text.indexOf(':', first + 1);
    int third = second < 0 ? -1 : text.indexOf(':', second + 1);
    String svc = third < 0 || third > wild ? null : text.substring(second + 1, third);
    this.serviceField = svc == null || !hasUpperCase(svc) ? svc : svc.toLowerCase(Locale.ROOT);
  }

  public static ArnPattern of(String pattern) {
    return new ArnPattern(pattern);
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
        return true;
      }
    }
    return false;
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
    List<Glob.Token> t = tokens;
    if (t == null) {
      t = Glob.ofPattern(text);
      tokens = t; // immutable: a race only builds it twice
    }
    return t;
  }

  /** The service field when the pattern fixes it (lower case), else {@code null}. */
  String serviceField() {
    return serviceField;
  }

  /** The service field every ARN the pattern names has, lower case; empty when a wildcard comes first. */
  public Optional<String> service() {
    return Optional.ofNullable(serviceField);
  }

  /** An ARN the pattern names: every wildcard and variable filled with "x". */
  String letterWitness() {
    String w = letterWitness;
    if (w == null) {
      w = wild == text.length() ? text : witness(text, wild, "x");
      letterWitness = w; // a String: a race only builds it twice
    }
    return w;
  }

  /** Another: every {@code *} and variable as "" ({@code ?} as "x"). */
  String emptyWitness() {
    String w = emptyWitness;
    if (w == null) {
      w = wild == text.length() ? text : witness(text, wild, "");
      emptyWitness = w;
    }
    return w;
  }

  private static String witness(String pattern, int from, String fill) {
    StringBuilder out = new StringBuilder(pattern.length() + 8).append(pattern, 0, from);
    for (int i = from; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      int close = c == '$' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{' ? pattern.indexOf('}', i) : -1;
      if (close > 0) {
        out.append(fill);
        i = close;
      } else if (c == '*') {
        out.append(fill);
      } else if (c == '?') {
        out.append('x');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
