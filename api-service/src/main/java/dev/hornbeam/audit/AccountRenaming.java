package dev.hornbeam.audit;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A consistent renaming of the 12-digit account ids in a policy and its resource's ARN to canonical ids
 * ({@code 999999000001}, … in order of first appearance), so that per-account variants of one policy
 * share one answer in an audit.
 *
 * <p>Why the public-access answer does not change. Let σ be a bijection on 12-digit strings (extended
 * from the renaming), applied to every maximal run of exactly 12 digits in a string. It keeps every
 * non-digit character and the length, and it is injective on strings. For a policy that meets the
 * conditions of {@link #of}: (1) equality of a literal with a value, case-insensitive or not, holds for
 * (l, s) iff it holds for (σl, σs); (2) a wildcard pattern in which no digit touches {@code *} or
 * {@code ?} matches s iff σp matches σs — its digit runs sit between literal non-digits or string ends,
 * so they can only meet whole maximal runs of the same length, and the wildcards match σs's characters as
 * well as s's; ARN patterns are matched field by field, split at {@code :}, the same way; (3) numeric,
 * date, IP, Boolean and null tests read keys the renaming does not touch, because no such key is also read
 * as a string and none of their literals holds a 12-digit run. So request q is allowed by (P, R) iff σq
 * is allowed by (σP, σR), and q is a stranger's (its account and restricting values outside those P
 * names) iff σq is. Hence (P, R) is public iff (σP, σR) is, and equal canonical texts give equal
 * answers. Policy variables (Version 2012-10-17) are allowed where σ commutes with substitution:
 * σ(p[v]) = (σp)[σv], for σ applied to the request's values as well ({@link #variablesSafe}); the
 * substituted text is then a pattern of the form above.
 * The audit still re-checks every shared PUBLIC answer: the witness is mapped to the resource's own ids and
 * re-evaluated by the reference evaluator.
 */
final class AccountRenaming {
  static final Pattern RUN = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
  private static final Pattern DIGIT_BY_WILDCARD = Pattern.compile("[0-9][*?]|[*?][0-9]");

  private final Map<String, String> toCanonical;
  private final Map<String, String> fromCanonical = new HashMap<>();

  private AccountRenaming(Map<String, String> toCanonical) {
    this.toCanonical = toCanonical;
    toCanonical.forEach((k, v) -> fromCanonical.put(v, k));
  }

  /** The renaming for {@code policy} (printed canonically as {@code printed}) and {@code arn}; empty when unsafe. */
  static Optional<AccountRenaming> of(Policy policy, String printed, String arn) {
    if (arn.contains("${") || !safe(policy)) {
      return Optional.empty();
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String text : List.of(arn, printed)) {
      Matcher m = RUN.matcher(text);
      while (m.find()) {
        map.computeIfAbsent(m.group(), k -> String.format("999999%06d", map.size() + 1));
      }
    }
    return Optional.of(new AccountRenaming(map));
  }

  /** The renaming with this map from account ids to canonical ids (as {@link #toCanonical} gave it). */
  static AccountRenaming of(Map<String, String> toCanonical) {
    return new AccountRenaming(new LinkedHashMap<>(toCanonical));
  }

  /** Account id → canonical id, in order of first appearance. */
  Map<String, String> toCanonical() {
    return java.util.Collections.unmodifiableMap(toCanonical);
  }

  private static boolean safe(Policy policy) {
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
        if (family == OperatorFamily.BINARY || RUN.matcher(c.key()).find()) {
          return false;
        }
        Boolean earlier = readAsString.put(c.key().toLowerCase(Locale.ROOT), stringLike);
        if (earlier != null && earlier != stringLike) {
          return false; // one key read as a string and as a number, date, IP, …: not renamed consistently
        }
        for (String v : c.values()) {
          if (!stringLike && RUN.matcher(v).find()) {
            return false;
          }
        }
        strings.addAll(c.values());
      }
      for (String v : strings) {
        if (DIGIT_BY_WILDCARD.matcher(v).find() || policy.variablesEnabled() && !variablesSafe(v, readAsString)) {
          return false;
        }
      }
    }
    return true;
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

  /** Whether {@code id} is one of the ids this renaming renames (named by the policy or the ARN). */
  boolean names(String id) {
    return toCanonical.containsKey(id);
  }

  /**
   * Text about another variant (renamed by {@code other}, owned by {@code otherOwner}) as text about this
   * one (owned by {@code owner}): the other variant's named ids through the canonical ids to this one's,
   * its owner to this owner; any other 12-digit run unchanged.
   */
  String fromOther(String text, AccountRenaming other, String otherOwner, String owner) {
    return replace(text, r -> {
      String canonical = other.toCanonical.get(r);
      if (canonical != null) {
        return fromCanonical.getOrDefault(canonical, r);
      }
      return r.equals(otherOwner) ? owner : r;
    });
  }

  /** {@code text} with its account ids renamed canonically. */
  String canonical(String text) {
    return replace(text, r -> toCanonical.getOrDefault(r, r));
  }

  /**
   * A witness found for another variant (renamed by {@code other}) as a request about this one: named
   * ids map through the canonical ids; an id the other variant does not name but this one does is
   * replaced by a fresh id, so the witness stays a stranger.
   */
  Request fromVariant(Request witness, AccountRenaming other) {
    Map<String, String> fresh = new HashMap<>();
    UnaryOperator<String> map = s -> replace(s, r -> {
      String canonical = other.toCanonical.get(r);
      if (canonical != null) {
        return fromCanonical.getOrDefault(canonical, r);
      }
      if (toCanonical.containsKey(r) || fromCanonical.containsKey(r)) {
        return fresh.computeIfAbsent(r, k -> freshId());
      }
      return r;
    });
    RequestPrincipal p = witness.principal();
    RequestPrincipal mapped = p instanceof RequestPrincipal.Aws a ? new RequestPrincipal.Aws(map.apply(a.accountId()), map.apply(a.arn()),
            map.apply(a.principalArn()), a.uniqueId(), a.federatedProvider() == null ? null : map.apply(a.federatedProvider()))
        : p instanceof RequestPrincipal.Service s ? new RequestPrincipal.Service(map.apply(s.name()))
        : p instanceof RequestPrincipal.Federated f ? new RequestPrincipal.Federated(map.apply(f.provider()))
        : p instanceof RequestPrincipal.CanonicalUser c ? new RequestPrincipal.CanonicalUser(map.apply(c.id()))
        : p instanceof RequestPrincipal.CloudFrontOai o ? new RequestPrincipal.CloudFrontOai(o.arn(), map.apply(o.canonicalUserId())) : p;
    Map<String, ContextValue> context = new LinkedHashMap<>();
    witness.context().forEach((k, v) -> {
      List<String> values = v.values().stream().map(map).toList();
      context.put(k, v.multiValued() ? ContextValue.multi(values) : ContextValue.single(values.get(0)));
    });
    return new Request(mapped, map.apply(witness.action()), map.apply(witness.resource()), context);
  }

  private String freshId() {
    for (long n = 100_000_000_001L; ; n++) {
      String id = Long.toString(n);
      if (!toCanonical.containsKey(id) && !fromCanonical.containsKey(id)) {
        return id;
      }
    }
  }

  private static String replace(String text, UnaryOperator<String> run) {
    Matcher m = RUN.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, run.apply(m.group()));
    }
    m.appendTail(b);
    return b.toString();
  }
}
