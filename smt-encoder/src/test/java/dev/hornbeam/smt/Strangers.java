package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import java.util.Locale;

/**
 * A second, plain-Java reading of "stranger" (docs/semantics.md, the public-access question), for
 * checking witnesses: no solver, no SMT. Covers the principal and the fixed string values of the
 * restricting keys.
 */
final class Strangers {
  private Strangers() {}

  static boolean isStranger(Policy p, Request r, ResourceType type) {
    if (!r.action().toLowerCase(Locale.ROOT).startsWith(type.service() + ":")) {
      return false;
    }
    RequestPrincipal who = r.principal();
    if (who instanceof RequestPrincipal.Service || who instanceof RequestPrincipal.CanonicalUser) {
      return false;
    }
    for (Statement s : p.statements()) {
      if (s.principal() != null && s.principal().principals() instanceof Principals.Listed l) {
        for (String v : l.values(PrincipalType.AWS)) {
          if (who instanceof RequestPrincipal.Aws aws
              && (v.equals(aws.accountId()) || v.equals(aws.arn()) || v.equals("arn:aws:iam::" + aws.accountId() + ":root"))) {
            return false;
          }
        }
        for (String v : l.values(PrincipalType.FEDERATED)) {
          if (who instanceof RequestPrincipal.Federated f && f.provider().equals(v)
              && !PublicAccess.WEB_IDENTITY.contains(v)) {
            return false;
          }
        }
      }
    }
    if (who instanceof RequestPrincipal.Aws aws
        && (!aws.accountId().matches("\\d{12}") || !aws.arn().startsWith("arn:aws:iam::" + aws.accountId() + ":"))) {
      return false;
    }
    for (String key : PublicAccess.RESTRICTING_KEYS) {
      ContextValue cv = r.lookup(key);
      if (cv == null) {
        continue;
      }
      for (String value : cv.values()) {
        if (PublicAccess.literals(p, key).contains(value)) {
          return false;
        }
      }
    }
    return true;
  }
}
