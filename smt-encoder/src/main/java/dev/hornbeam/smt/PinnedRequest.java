package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * "Does the policy allow this exact request?" — the policy's encoding with every request variable fixed
 * to the request's value. SAT iff allowed. This is how the encoding is checked against the reference
 * evaluator, request by request.
 */
public final class PinnedRequest {
  private PinnedRequest() {}

  public static Query query(Policy policy, Request request) {
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policy, key -> {
      ContextValue cv = request.lookup(key);
      return cv != null && cv.multiValued() ? new KeyShape.Multi(Math.max(1, cv.values().size())) : KeyShape.SINGLE;
    });
    List<String> gaps = new ArrayList<>(enc.gaps());
    List<String> goal = new ArrayList<>();
    principal(request.principal(), goal, gaps);
    pinString(RequestVars.ACTION, PolicyEncoder.asciiLower(request.action()), goal, gaps);
    pinString(RequestVars.RESOURCE, request.resource(), goal, gaps);
    for (KeyVars k : enc.vars().keys()) {
      ContextValue cv = request.lookup(k.name());
      List<String> values = cv == null ? List.of() : cv.values();
      if (k.multi()) {
        goal.add("(assert (= " + k.presenceVar() + " " + values.size() + "))");
      } else {
        goal.add("(assert " + (values.isEmpty() ? Smt.not(k.presenceVar()) : k.presenceVar()) + ")");
      }
      for (int e = 0; e < values.size(); e++) {
        pinValue(k, e, values.get(e), goal, gaps);
      }
    }
    goal.add("(assert allows)");
    return new Query(Script.of("is this request allowed?", enc.lines(), goal), gaps,
        new WitnessDecoder(List.copyOf(enc.vars().keys()), enc.facts()));
  }

  private static void principal(RequestPrincipal p, List<String> goal, List<String> gaps) {
    if (p instanceof RequestPrincipal.Anonymous) {
      goal.add("(assert (= " + RequestVars.KIND + " " + RequestVars.ANONYMOUS + "))");
    } else if (p instanceof RequestPrincipal.Aws a) {
      goal.add("(assert (= " + RequestVars.KIND + " " + RequestVars.AWS + "))");
      pinString(RequestVars.ACCOUNT, a.accountId(), goal, gaps);
      pinString(RequestVars.ARN, a.arn(), goal, gaps);
    } else if (p instanceof RequestPrincipal.Service s) {
      goal.add("(assert (= " + RequestVars.KIND + " " + RequestVars.SERVICE + "))");
      pinString(RequestVars.NAME, s.name(), goal, gaps);
    } else if (p instanceof RequestPrincipal.Federated f) {
      goal.add("(assert (= " + RequestVars.KIND + " " + RequestVars.FEDERATED + "))");
      pinString(RequestVars.NAME, f.provider(), goal, gaps);
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      goal.add("(assert (= " + RequestVars.KIND + " " + RequestVars.CANONICAL_USER + "))");
      pinString(RequestVars.NAME, c.id(), goal, gaps);
    }
  }

  private static void pinString(String var, String value, List<String> goal, List<String> gaps) {
    if (!Smt.representable(value)) {
      gaps.add("a request value beyond the SMT-LIB alphabet");
      return;
    }
    goal.add("(assert (= " + var + " " + Smt.str(value) + "))");
  }

  /** Fixes every typed view of one value from its text, exactly as a typed operator would read it. */
  private static void pinValue(KeyVars k, int e, String text, List<String> goal, List<String> gaps) {
    for (View v : k.views()) {
      switch (v) {
        case STR -> pinString(k.str(e), text, goal, gaps);
        case NUM -> goal.add(typed(k.numOk(e), TypedValues.parseDecimal(text).map(d -> Smt.eq(k.num(e), Smt.real(d)))));
        case DATE -> goal.add(typed(k.dateOk(e), TypedValues.parseDate(text)
            .map(t -> Smt.eq(k.date(e), Smt.real(PolicyEncoder.seconds(t))))));
        case BOOL -> goal.add(typed(k.boolOk(e), TypedValues.parseBool(text).map(b -> Smt.eq(k.bool(e), b.toString()))));
        case BIN -> goal.add(typed(k.binOk(e), TypedValues.decodeBase64(text)
            .map(b -> Smt.eq(k.bin(e), Smt.str(Base64.getEncoder().encodeToString(b))))));
        case IP -> {
          Optional<byte[]> a = Cidrs.parseAddress(text);
          if (a.isEmpty()) {
            goal.add("(assert (= " + k.ipFamily(e) + " 0))");
          } else {
            boolean v4 = a.get().length == 4;
            goal.add("(assert (and (= " + k.ipFamily(e) + " " + (v4 ? 4 : 6) + ") (= " + (v4 ? k.ip4(e) : k.ip6(e))
                + " (_ bv" + new BigInteger(1, a.get()) + " " + (v4 ? 32 : 128) + "))))");
          }
        }
      }
    }
  }

  private static String typed(String ok, Optional<String> equality) {
    return "(assert " + equality.map(eq -> Smt.and(ok, eq)).orElse(Smt.not(ok)) + ")";
  }
}
