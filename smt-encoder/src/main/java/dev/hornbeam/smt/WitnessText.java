package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A witness request in plain words, e.g. {@code anonymous caller calls s3:getobject on arn:aws:s3:::b/x, with aws:SourceIp = 203.0.113.9}. */
public final class WitnessText {
  private WitnessText() {}

  public static String describe(Request r) {
    StringBuilder b = new StringBuilder(who(r.principal()));
    b.append(" calls ").append(r.action()).append(" on ").append(r.resource().isEmpty() ? "(any resource)" : r.resource());
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
      String kind = a.arn().contains(":role/") ? "IAM role " : a.arn().contains(":user/") ? "IAM user "
          : a.arn().contains(":assumed-role/") ? "role session " : "AWS principal ";
      return kind + a.arn() + " (account " + a.accountId() + ")";
    } else if (p instanceof RequestPrincipal.Service s) {
      return "service " + s.name();
    } else if (p instanceof RequestPrincipal.Federated f) {
      return "federated user of " + f.provider();
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      return "canonical user " + c.id();
    }
    return "anonymous caller";
  }
}
