package dev.hornbeam.policy.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A full condition operator: optional set qualifier, base operator, optional {@code IfExists}, e.g.
 * {@code ForAllValues:StringLikeIfExists}.
 */
public record ConditionOperator(SetQualifier qualifier, BaseOperator base, boolean ifExists) {
  public ConditionOperator {
    Objects.requireNonNull(qualifier, "qualifier");
    Objects.requireNonNull(base, "base");
  }

  public static ConditionOperator of(BaseOperator base) {
    return new ConditionOperator(SetQualifier.NONE, base, false);
  }

  /** The canonical spelling. */
  public String json() {
    return qualifier.prefix() + base.json() + (ifExists ? "IfExists" : "");
  }

  /**
   * Parses an operator name, ignoring ASCII case (the canonical spelling is {@link #json()}); empty when
   * the name is no operator of the language.
   */
  public static Optional<ConditionOperator> parse(String name) {
    String rest = name;
    SetQualifier qualifier = SetQualifier.NONE;
    for (SetQualifier q : SetQualifier.values()) {
      if (q != SetQualifier.NONE && startsWithIgnoreCase(rest, q.prefix())) {
        qualifier = q;
        rest = rest.substring(q.prefix().length());
        break;
      }
    }
    boolean ifExists = false;
    Optional<BaseOperator> base = BaseOperator.fromJsonIgnoreCase(rest);
    if (base.isEmpty() && endsWithIgnoreCase(rest, "IfExists")) {
      ifExists = true;
      base = BaseOperator.fromJsonIgnoreCase(rest.substring(0, rest.length() - "IfExists".length()));
    }
    final SetQualifier q = qualifier;
    final boolean ie = ifExists;
    return base.map(b -> new ConditionOperator(q, b, ie));
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static boolean endsWithIgnoreCase(String s, String suffix) {
    return s.length() >= suffix.length()
        && s.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT));
  }
}
