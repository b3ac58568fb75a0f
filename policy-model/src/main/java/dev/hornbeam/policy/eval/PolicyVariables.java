package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.eval.Wildcard.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Policy variables in Resource values and in the values of String and ARN condition operators (IAM User
 * Guide, "IAM policy elements: Variables and tags").
 *
 * <ul>
 *   <li>Only under {@code "Version": "2012-10-17"}; otherwise {@code ${...}} is ordinary text (in which
 *       {@code *} and {@code ?} stay wildcards where wildcards apply).
 *   <li>{@code ${KEY}} is replaced by the value of the request context key KEY (looked up ignoring case).
 *       The value is inserted as literal text: a {@code *} or {@code ?} in it is no wildcard.
 *   <li>{@code ${KEY, 'default'}} ("Specifying default values"): the default is used when the key is
 *       absent. Spaces before and after the key and before and after the quoted default are ignored
 *       (so also around the comma).
 *   <li>A multivalued key cannot be a policy variable ("Single-valued vs. multivalued context keys": you
 *       can use any single-valued context key as a policy variable, not multivalued ones): a
 *       multivalued key (also an empty set) counts as absent.
 *   <li>{@code ${*}}, {@code ${?}}, {@code ${$}} ("Special characters") are a literal {@code *},
 *       {@code ?}, {@code $}.
 *   <li>A key that is absent, with no default: the page warns that an unresolvable variable may make
 *       the statement invalid; we model it narrowly as "this policy value matches nothing"
 *       ({@link Optional#empty()}), see docs/semantics.md.
 * </ul>
 *
 * <p>Our readings where the page is silent: a variable runs from {@code ${} to the first {@code }}; a
 * {@code ${} without a closing {@code }}, or a {@code ${...}} with a comma whose default is not written
 * {@code 'text'}, is ordinary text.
 */
public final class PolicyVariables {
  private PolicyVariables() {}

  /** The keys the policy variables of {@code value} read (as written), in order; none when variables are off. */
  public static List<String> keys(String value, boolean variablesEnabled) {
    List<String> out = new ArrayList<>();
    if (!variablesEnabled) {
      return out;
    }
    int i = 0;
    while (i < value.length()) {
      int close = value.startsWith("${", i) ? value.indexOf('}', i + 2) : -1;
      Variable variable = close < 0 ? null : Variable.parse(value.substring(i + 2, close));
      if (variable != null) {
        if (variable.key() != null) {
          out.add(variable.key());
        }
        i = close + 1;
      } else {
        i += Character.charCount(value.codePointAt(i));
      }
    }
    return out;
  }

  /**
   * The pattern for one policy value after substitution, or empty when a variable cannot be resolved
   * (then this policy value matches no request value).
   *
   * @param wildcards whether {@code *} and {@code ?} written in the policy value are wildcards (Like and
   *     ARN operators, Resource) or plain characters (StringEquals and friends)
   * @param variablesEnabled {@link dev.hornbeam.policy.model.Policy#variablesEnabled()}
   */
  static Optional<List<Segment>> substitute(
      String value, boolean wildcards, boolean variablesEnabled, Request request) {
    return Optional.ofNullable(walk(value, wildcards, variablesEnabled, v -> {
      String replacement = v.resolve(request);
      return replacement == null ? null : Wildcard.literal(replacement);
    }));
  }

  /**
   * The segments of {@code value} with each well-formed variable replaced by {@code replace}'s segments;
   * null when {@code replace} gives null for one.
   */
  private static List<Segment> walk(String value, boolean wildcards, boolean variablesEnabled,
      java.util.function.Function<Variable, List<Segment>> replace) {
    if (!variablesEnabled) {
      return plain(value, wildcards);
    }
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    while (i < value.length()) {
      int close = value.startsWith("${", i) ? value.indexOf('}', i + 2) : -1;
      Variable variable = close < 0 ? null : Variable.parse(value.substring(i + 2, close));
      if (variable != null) {
        List<Segment> replacement = replace.apply(variable);
        if (replacement == null) {
          return null;
        }
        segments.addAll(replacement);
        i = close + 1;
      } else {
        int cp = value.codePointAt(i);
        segments.addAll(plain(new String(Character.toChars(cp)), wildcards));
        i += Character.charCount(cp);
      }
    }
    return segments;
  }

  /**
   * The pattern for one wildcard policy value (Resource, Like and ARN operators) over every request: a
   * variable reading a key may be replaced by any text, so it reads as {@code *}; {@code ${*}},
   * {@code ${?}} and {@code ${$}} stay literal. Every string some substitution matches, it matches.
   */
  static List<Segment> anyValue(String value, boolean variablesEnabled) {
    return walk(value, true, variablesEnabled,
        v -> v.fixed() != null ? Wildcard.literal(v.fixed()) : List.of(Wildcard.ANY_STRING));
  }

  private static List<Segment> plain(String text, boolean wildcards) {
    return wildcards ? Wildcard.parse(text) : Wildcard.literal(text);
  }

  /** One {@code ${...}}: a fixed replacement ({@code ${*}}) or a key with an optional default. */
  private record Variable(String fixed, String key, String defaultValue) {

    /** The variable written as {@code ${body}}, or {@code null} when the body is malformed. */
    static Variable parse(String body) {
      if (body.equals("*") || body.equals("?") || body.equals("$")) {
        return new Variable(body, null, null);
      }
      int comma = body.indexOf(',');
      if (comma < 0) {
        return new Variable(null, trimSpaces(body), null);
      }
      String key = trimSpaces(body.substring(0, comma));
      String quoted = trimSpaces(body.substring(comma + 1));
      if (quoted.length() < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
        return null;
      }
      return new Variable(null, key, quoted.substring(1, quoted.length() - 1));
    }

    /** The replacement text, or {@code null} when the key has no usable value and no default. */
    String resolve(Request request) {
      if (fixed != null) {
        return fixed;
      }
      ContextValue value = request.lookup(key);
      if (value != null && !value.multiValued()) {
        return value.values().get(0);
      }
      return defaultValue;
    }

    /** Removes ASCII spaces (only U+0020) at both ends. */
    private static String trimSpaces(String s) {
      int start = 0;
      int end = s.length();
      while (start < end && s.charAt(start) == ' ') {
        start++;
      }
      while (end > start && s.charAt(end - 1) == ' ') {
        end--;
      }
      return s.substring(start, end);
    }
  }
}
