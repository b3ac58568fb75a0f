package dev.hornbeam.audit;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.AccountGenericity;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Why the public-access answer does not change: {@link AccountGenericity} (the policy must be {@link
 * AccountGenericity#safe}; the ARN, holding no policy variable, is renamed like the policy's literals). Equal
 * canonical texts then give equal answers.
 * The audit still re-checks every shared PUBLIC answer: the witness is mapped to the resource's own ids and
 * re-evaluated by the reference evaluator.
 */
final class AccountRenaming {
  static final Pattern RUN = AccountGenericity.RUN;

  private final Map<String, String> toCanonical;
  private final Map<String, String> fromCanonical = new HashMap<>();

  private AccountRenaming(Map<String, String> toCanonical) {
    this.toCanonical = toCanonical;
    toCanonical.forEach((k, v) -> fromCanonical.put(v, k));
  }

  /** The renaming for {@code policy} (printed canonically as {@code printed}) and {@code arn}; empty when unsafe. */
  static Optional<AccountRenaming> of(Policy policy, String printed, String arn) {
    if (arn.contains("${") || !AccountGenericity.safe(policy)) {
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
