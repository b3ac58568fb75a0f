package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * A second, plain-Java reading of "stranger" (docs/semantics.md, the public-access question), for
 * checking witnesses and for building stranger requests: no solver, no SMT. It reuses only
 * {@link PublicAccess}'s lists of what the policy names; every test on the request is its own.
 */
final class Strangers {
  private Strangers() {}

  static boolean isStranger(Policy p, Request r, ResourceType type) {
    if (!r.action().toLowerCase(Locale.ROOT).startsWith(type.service() + ":")) {
      return false;
    }
    PublicAccess.Named named = PublicAccess.named(p);
    RequestPrincipal who = r.principal();
    if (who instanceof RequestPrincipal.Service || who instanceof RequestPrincipal.CanonicalUser) {
      return false;
    }
    if (who instanceof RequestPrincipal.Aws aws) {
      String acct = aws.accountId();
      boolean shaped = acct.matches("\\d{12}")
          && (aws.arn().startsWith("arn:aws:iam::" + acct + ":user/") || aws.arn().startsWith("arn:aws:iam::" + acct + ":role/"));
      if (!shaped || named.accounts().contains(acct) || named.arns().contains(aws.arn())) {
        return false;
      }
    }
    if (who instanceof RequestPrincipal.Federated f && !PublicAccess.WEB_IDENTITY.contains(f.provider())) {
      return false;
    }
    for (Map.Entry<String, ContextValue> e : r.context().entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      ContextValue cv = e.getValue();
      if (!mentioned(p, key) || cv.values().isEmpty()) {
        continue;
      }
      if (cv.multiValued() != ContextKeys.isMultiValued(key)) {
        return false; // AWS sends each key in one shape
      }
      for (String v : cv.values()) {
        if (!typed(p, key, v) || !differs(p, key, v)) {
          return false;
        }
      }
    }
    return consistent(p, r, "aws:principalaccount", who instanceof RequestPrincipal.Aws a ? a.accountId() : null)
        && consistent(p, r, "kms:calleraccount", who instanceof RequestPrincipal.Aws a ? a.accountId() : null)
        && consistent(p, r, "aws:principalarn", who instanceof RequestPrincipal.Aws a ? a.arn() : null);
  }

  /** A principal-derived key is present exactly for AWS principals, with the principal's value. */
  private static boolean consistent(Policy p, Request r, String key, String expected) {
    if (!mentioned(p, key)) {
      return true;
    }
    ContextValue cv = r.lookup(key);
    if (expected == null) {
      return cv == null || cv.values().isEmpty();
    }
    return cv != null && !cv.multiValued() && cv.values().get(0).equals(expected);
  }

  private static boolean mentioned(Policy p, String key) {
    for (Statement s : p.statements()) {
      for (Condition c : s.conditions()) {
        if (c.key().equalsIgnoreCase(key)) {
          return true;
        }
      }
      if (s.resource() != null && p.variablesEnabled()
          && s.resource().patterns().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains("${" + key))) {
        return true;
      }
    }
    return false;
  }

  /** A value of a key read by a typed operator has that type. */
  private static boolean typed(Policy p, String key, String v) {
    for (Statement s : p.statements()) {
      for (Condition c : s.conditions()) {
        if (!c.key().equalsIgnoreCase(key)) {
          continue;
        }
        OperatorFamily f = c.operator().base().family();
        boolean ok = switch (f) {
          case NUMERIC -> TypedValues.parseDecimal(v).isPresent();
          case DATE -> TypedValues.parseDate(v).isPresent();
          case BOOL -> TypedValues.parseBool(v).isPresent();
          case BINARY -> TypedValues.decodeBase64(v).isPresent();
          case IP_ADDRESS -> Cidrs.parseAddress(v).isPresent();
          case ARN -> v.chars().filter(ch -> ch == ':').count() >= 5;
          default -> true;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** A restricting key's value avoids every fixed value the policy gives for it. */
  private static boolean differs(Policy p, String key, String v) {
    if (!PublicAccess.RESTRICTING_KEYS.contains(key)) {
      return true;
    }
    if (PublicAccess.literals(p, key).contains(v)) {
      return false;
    }
    for (String lit : PublicAccess.literalsIgnoringCase(p, key)) {
      if (PolicyEncoder.asciiLower(lit).equals(PolicyEncoder.asciiLower(v))) {
        return false;
      }
    }
    for (String prefix : PublicAccess.fixedPrefixes(p, key)) {
      if (v.startsWith(prefix)) {
        return false;
      }
    }
    var address = Cidrs.parseAddress(v);
    if (address.isPresent()) {
      for (Cidrs.Cidr block : PublicAccess.blocks(p, key)) {
        if (Cidrs.contains(block, address.get())) {
          return false;
        }
      }
    }
    return true;
  }


}
