package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test helper: "does the policy allow any request at all?" and small mutations of its witness, so that
 * the pinned-request property sees many allowed requests and many just beside them. Using the encoder to
 * find test inputs is sound: each request is still judged by the reference evaluator.
 */
final class AnyAllowed {
  private AnyAllowed() {}

  static Query query(Policy policy) {
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policy,
        key -> ContextKeys.isMultiValued(key) ? new KeyShape.Multi(2) : KeyShape.SINGLE);
    return new Query(new dev.hornbeam.smt.api.Problem.Builder().addAll(enc.items()).comment("question")
        .assertThat(new dev.hornbeam.smt.api.BoolFormula.Var("allows")).build("does the policy allow anything?"), enc.gaps(),
        enc.decoder());
  }

  /** The witness and {@code n} mutations of it (a key dropped, a value changed, another principal, …). */
  static List<Request> around(Request w, int n, long seed) {
    Random rnd = new Random(seed);
    List<Request> out = new ArrayList<>(List.of(w));
    for (int i = 0; i < n; i++) {
      Map<String, ContextValue> ctx = new LinkedHashMap<>(w.context());
      RequestPrincipal who = w.principal();
      String action = w.action();
      String resource = w.resource();
      List<String> keys = new ArrayList<>(ctx.keySet());
      switch (rnd.nextInt(6)) {
        case 0 -> {
          if (!keys.isEmpty()) {
            ctx.remove(keys.get(rnd.nextInt(keys.size())));
          }
        }
        case 1 -> {
          if (!keys.isEmpty()) {
            String k = keys.get(rnd.nextInt(keys.size()));
            ContextValue cv = ctx.get(k);
            List<String> vs = new ArrayList<>(cv.values());
            if (!vs.isEmpty()) {
              int j = rnd.nextInt(vs.size());
              vs.set(j, nudge(vs.get(j), rnd));
            }
            ctx.put(k, new ContextValue(vs, cv.multiValued()));
          }
        }
        case 2 -> who = rnd.nextBoolean() ? new RequestPrincipal.Anonymous()
            : new RequestPrincipal.Aws("333333333333", "arn:aws:iam::333333333333:user/mallory");
        case 3 -> action = action.isEmpty() ? "s3:GetObject" : action.substring(0, action.length() - 1);
        case 4 -> resource = resource + (rnd.nextBoolean() ? "x" : "/y");
        default -> {
          if (!keys.isEmpty()) {
            String k = keys.get(rnd.nextInt(keys.size()));
            ContextValue cv = ctx.get(k);
            if (cv.multiValued()) {
              List<String> vs = new ArrayList<>(cv.values());
              vs.add(nudge(vs.isEmpty() ? "x" : vs.get(0), rnd));
              ctx.put(k, ContextValue.multi(vs));
            }
          }
        }
      }
      out.add(new Request(who, action, resource, ctx));
    }
    return out;
  }

  /** A value next to {@code v}: a number ± a little, another address, a changed character. */
  private static String nudge(String v, Random rnd) {
    if (v.matches("-?\\d+(\\.\\d+)?")) {
      return new java.math.BigDecimal(v).add(new java.math.BigDecimal(rnd.nextBoolean() ? "1" : "-0.01")).toPlainString();
    }
    if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      String[] p = v.split("\\.");
      p[rnd.nextInt(4)] = String.valueOf(rnd.nextInt(256));
      return String.join(".", p);
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return v.equalsIgnoreCase("true") ? "false" : "true";
    }
    if (v.isEmpty()) {
      return "a";
    }
    return rnd.nextBoolean() ? v.substring(1) : v + "Z";
  }
}
