package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When renaming the 12-digit account ids of a policy cannot change its public-access answer.
 *
 * <p>Let σ be a bijection on 12-digit strings, applied to every maximal run of exactly 12 digits in a
 * string. It keeps every non-digit character and the length, and it is injective on strings. For a policy
 * {@link #safe}: (1) equality of a literal with a value, case-insensitive or not, holds for (l, s) iff it
 * holds for (σl, σs); (2) a wildcard pattern in which no digit touches {@code *} or {@code ?} matches s iff
 * σp matches σs — its digit runs sit between literal non-digits or string ends, so they can only meet whole
 * maximal runs of the same length, and the wildcards match σs's characters as well as s's; ARN patterns are
 * matched field by field, split at {@code :}, the same way; (3) numeric, date, IP, Boolean and null tests
 * read keys the renaming does not touch, because no such key is also read as a string and none of their
 * literals holds a 12-digit run. So request q is allowed by (P, R) iff σq is allowed by (σP, σR), and q is a
 * stranger's ({@link PublicMeaning}: its account and restricting values outside those P names) iff σq is.
 * Hence (P, R) is public iff (σP, σR) is. Policy variables (Version 2012-10-17) are allowed where σ commutes
 * with substitution: σ(p[v]) = (σp)[σv], for σ applied to the request's values as well ({@link
 * #variablesSafe}); the substituted text is then a pattern of the form above.
 *
 * <p>Used by the audit to share one answer among per-account variants of a policy, and by the template
 * readers to check a policy holding the deploying account ({@code AWS::AccountId}) once for an account the
 * policy does not name ({@code dev.hornbeam.policy.source.Deployment}).
 */
public final class AccountGenericity {
  private AccountGenericity() {}

  /** A maximal run of exactly 12 digits: an account id as σ renames it. */
  public static final Pattern RUN = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

  private static final Pattern DIGIT_BY_WILDCARD = Pattern.compile("[0-9][*?]|[*?][0-9]");

  /** Whether renaming the account ids of {@code policy} by any σ keeps its public-access answer (see the class). */
  public static boolean safe(Policy policy) {
    return whyNot(policy) == null;
  }

  /** Null when {@link #safe}, else the first thing that makes a renaming possibly change the answer. */
  public static String whyNot(Policy policy) {
    Map<String, Boolean> readAsString = new HashMap<>();
    for (Statement s : policy.statements()) {
      List<String> strings = new ArrayList<>();
      if (s.principal() != null && s.principal().principals() instanceof Principals.Listed listed) {
        listed.byType().values().forEach(strings::addAll);
      }
      strings.addAll(s.action().patterns());
      if (s.resource() != null) {
        strings.addAll(s.resource().patterns());
      }
      for (Condition c : s.conditions()) {
        OperatorFamily family = c.operator().base().family();
        boolean stringLike = family == OperatorFamily.STRING || family == OperatorFamily.ARN;
        if (family == OperatorFamily.BINARY) {
          return "a Binary condition on " + c.key() + " (its values are encoded)";
        }
        if (RUN.matcher(c.key()).find()) {
          return "the condition key " + c.key() + " holds a 12-digit number";
        }
        Boolean earlier = readAsString.put(c.key().toLowerCase(Locale.ROOT), stringLike);
        if (earlier != null && earlier != stringLike) {
          return c.key() + " is read as a string and as a number, date, IP address or Boolean";
        }
        for (String v : c.values()) {
          if (!stringLike && RUN.matcher(v).find()) {
            return "a 12-digit number compared by " + c.operator() + " on " + c.key();
          }
        }
        strings.addAll(c.values());
      }
      for (String v : strings) {
        if (DIGIT_BY_WILDCARD.matcher(v).find()) {
          return "a digit next to a wildcard in " + v;
        }
        if (policy.variablesEnabled() && !variablesSafe(v, readAsString)) {
          return "a policy variable next to a digit, wildcard or another variable in " + v;
        }
      }
    }
    return null;
  }

  /**
   * Whether the policy variables of {@code value} keep σ(p[v]) = (σp)[σv]: each variable that reads a key
   * stands between characters that are neither digits nor wildcards nor another variable (so the digit runs
   * of the substituted text are those of the written text and those of the value, each whole, and the
   * value's characters, inserted literally, touch no wildcard), its key name holds no 12-digit run (σ would
   * rename it), and the key is read only as a string ({@code readAsString}). A default ({@code ${k, '1…'}})
   * is text σ renames like any other value.
   */
  private static boolean variablesSafe(String value, Map<String, Boolean> readAsString) {
    int i = value.indexOf("${");
    while (i >= 0) {
      int close = value.indexOf('}', i + 2);
      if (close < 0) {
        return true; // no variable: plain text, already checked
      }
      String body = value.substring(i + 2, close);
      if (!(body.equals("*") || body.equals("?") || body.equals("$"))) {
        String key = (body.indexOf(',') < 0 ? body : body.substring(0, body.indexOf(','))).strip().toLowerCase(Locale.ROOT);
        if (RUN.matcher(key).find() || !touchesNothing(value, i - 1) || !touchesNothing(value, close + 1)) {
          return false;
        }
        Boolean earlier = readAsString.put(key, true);
        if (earlier != null && !earlier) {
          return false;
        }
      }
      i = value.indexOf("${", close + 1);
    }
    return true;
  }

  /** The character at {@code at} (none past either end) is no digit, wildcard or part of a variable. */
  private static boolean touchesNothing(String value, int at) {
    if (at < 0 || at >= value.length()) {
      return true;
    }
    char c = value.charAt(at);
    return !(c >= '0' && c <= '9') && c != '*' && c != '?' && c != '$' && c != '{' && c != '}';
  }
}
