package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.eval.Wildcard.Literal;
import dev.hornbeam.policy.eval.Wildcard.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * ARN fields and field-wise ARN matching, for the Resource element and the Arn condition operators.
 *
 * <p>IAM User Guide, "IAM identifiers" / "Amazon Resource Names (ARNs)": an ARN is
 * {@code arn:partition:service:region:account-id:resource}; the resource part may itself contain
 * {@code :} and {@code /}. So the text is split on its first five {@code :} into six fields, and the
 * sixth keeps the rest.
 *
 * <p>IAM User Guide, "IAM JSON policy elements: Resource" (wildcards may be used within the individual
 * colon-separated segments of an ARN) and "IAM JSON policy elements: Condition operators", ARN condition
 * operators (each of the six colon-delimited components is checked separately, each may contain
 * {@code *} and {@code ?}): each field is matched on its own, so a {@code *} never spans a {@code :} into
 * the next field.
 */
public final class Arns {
  private Arns() {}

  static final int FIELDS = 6;

  /** The six fields of {@code text}, or {@code null} when it has fewer than five {@code :}. */
  public static List<String> fields(String text) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    while (fields.size() < FIELDS - 1) {
      int colon = text.indexOf(':', start);
      if (colon < 0) {
        return null;
      }
      fields.add(text.substring(start, colon));
      start = colon + 1;
    }
    fields.add(text.substring(start));
    return fields;
  }

  /**
   * The six fields of a pattern, split on its first five literal {@code :} (a wildcard never splits), or
   * {@code null} when it has fewer than five literal {@code :}.
   */
  static List<List<Segment>> fields(List<Segment> pattern) {
    List<List<Segment>> fields = new ArrayList<>();
    List<Segment> current = new ArrayList<>();
    for (Segment s : pattern) {
      if (fields.size() < FIELDS - 1 && s instanceof Literal literal && literal.codePoint() == ':') {
        fields.add(current);
        current = new ArrayList<>();
      } else {
        current.add(s);
      }
    }
    fields.add(current);
    return fields.size() == FIELDS ? fields : null;
  }

  /** Whether {@code text} has the six ARN fields (at least five {@code :}). */
  static boolean isArn(String text) {
    return fields(text) != null;
  }

  /**
   * Field-wise match (case-sensitive) when both sides have six fields; otherwise whole-string wildcard
   * matching (our reading, so that {@code "*"} and short patterns such as {@code "arn:*"} still work;
   * see docs/semantics.md).
   */
  static boolean matches(List<Segment> pattern, String value) {
    List<List<Segment>> patternFields = fields(pattern);
    List<String> valueFields = fields(value);
    if (patternFields == null || valueFields == null) {
      return Wildcard.matches(pattern, value, false);
    }
    for (int i = 0; i < FIELDS; i++) {
      if (!Wildcard.matches(patternFields.get(i), valueFields.get(i), false)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the Resource pattern {@code pattern} matches, for some request, the ARN {@code arn} or, when
   * {@code childPrefix} is not null, some ARN that starts with it (a bucket's objects). Policy variables
   * may stand for any text ({@link PolicyVariables#anyValue}); matching is field-wise as in
   * {@link #matches}, and a pattern's last field may go on past the prefix.
   */
  public static boolean mayMatch(String pattern, boolean variablesEnabled, String arn, String childPrefix) {
    List<Segment> segments = PolicyVariables.anyValue(pattern, variablesEnabled);
    if (matches(segments, arn)) {
      return true;
    }
    if (childPrefix == null) {
      return false;
    }
    List<List<Segment>> patternFields = fields(segments);
    List<String> prefixFields = fields(childPrefix);
    if (patternFields == null || prefixFields == null) {
      return Wildcard.admitsPrefix(segments, childPrefix);
    }
    for (int i = 0; i < FIELDS - 1; i++) {
      if (!Wildcard.matches(patternFields.get(i), prefixFields.get(i), false)) {
        return false;
      }
    }
    return Wildcard.admitsPrefix(patternFields.get(FIELDS - 1), prefixFields.get(FIELDS - 1));
  }
}
