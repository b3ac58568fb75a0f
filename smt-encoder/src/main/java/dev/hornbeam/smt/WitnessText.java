package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.Witnesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A witness request in plain words, e.g. {@code anonymous caller calls s3:getobject on arn:aws:s3:::b/x, with aws:SourceIp = 203.0.113.9}. */
public final class WitnessText {
  private WitnessText() {}

  public static String describe(Request r) {
    StringBuilder b = new StringBuilder(who(r.principal()));
    b.append(" calls ").append(r.action());
    if (!Witnesses.catalogued(r)) {
      // The policy allows this caller no action AWS's catalogue has (PolicyChecker polishes witnesses
      // towards catalogued ones): say so rather than pass an invented name off as a real request.
      b.append(" (not in the catalogue of AWS actions: the policy allows this caller none of the catalogued ones, "
          + "only actions AWS may add)");
    }
    b.append(" on ").append(r.resource().isEmpty() ? "(any resource)" : r.resource());
    if (!Witnesses.resourceAccepted(r)) {
      b.append(" (not a resource of a type " + r.action() + " accepts: the policy allows this caller no such resource)");
    }

    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, ContextValue> e : r.context().entrySet()) {
      List<String> vs = e.getValue().values();
      keys.add(e.getKey() + " = " + (e.getValue().multiValued() ? "[" + String.join(", ", vs) + "]" : vs.get(0)));
    }
    if (!keys.isEmpty()) {
      b.append(", with ").append(String.join(", ", keys));
    }
    return b.toString();
  }

  static String who(RequestPrincipal p) {
    if (p instanceof RequestPrincipal.Aws a) {
      String of = " (account " + a.accountId() + ")";
      return switch (PrincipalKind.of(p).orElse(PrincipalKind.ANONYMOUS)) {
        case ACCOUNT_ROOT -> "root user " + a.arn() + of;
        case IAM_USER -> "IAM user " + a.arn() + of;
        case ROLE_SESSION -> "role session " + a.arn() + " of role " + a.principalArn() + of;
        case WEB_IDENTITY_SESSION -> "web-identity session " + a.arn() + " (" + a.federatedProvider() + ") of role "
            + a.principalArn() + of;
        case SAML_SESSION -> "SAML session " + a.arn() + " (" + a.federatedProvider() + ") of role " + a.principalArn() + of;
        case FEDERATED_USER -> "federated user " + a.arn() + of;
        case ANONYMOUS, SERVICE, FEDERATED_PROVIDER, CANONICAL_USER, CLOUDFRONT_OAI -> "AWS principal " + a.arn() + of;
      };
    } else if (p instanceof RequestPrincipal.Service s) {
      return "service " + s.name();
    } else if (p instanceof RequestPrincipal.Federated f) {
      return "federated user of " + f.provider();
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      return "canonical user " + c.id();
    } else if (p instanceof RequestPrincipal.CloudFrontOai o) {
      return "CloudFront origin access identity " + o.arn() + " (canonical user " + o.canonicalUserId() + ")";
    }
    return "anonymous caller";
  }
}
