package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Does the policy allow this exact request?" — the policy's encoding with every request variable fixed
 * to the request's value. SAT iff allowed. This is how the encoding is checked against the reference
 * evaluator, request by request.
 *
 * <p>Fixed variables are written as definitions ({@code define-fun action () String "s3:getobject"})
 * rather than declared and constrained, so both solvers can fold the query to a constant before
 * searching; measured gain is small (equalities cost 1.1x on Z3, 1.3x on cvc5; BENCHMARKS.md).
 */
public final class PinnedRequest {
  private PinnedRequest() {}

  public static Query query(Policy policy, Request request) {
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policy, key -> {
      ContextValue cv = request.lookup(key);
      return cv != null && cv.multiValued() ? new KeyShape.Multi(Math.max(1, cv.values().size())) : KeyShape.SINGLE;
    });
    List<String> gaps = new ArrayList<>(enc.gaps());
    Map<String, Formula> pins = new LinkedHashMap<>();
    principal(request.principal(), pins, gaps);
    pinString(RequestVars.ACTION, PolicyEncoder.asciiLower(request.action()), pins, gaps);
    pinString(RequestVars.RESOURCE, request.resource(), pins, gaps);
    for (KeyVars k : enc.vars().keys()) {
      ContextValue cv = request.lookup(k.name());
      List<String> values = cv == null ? List.of() : cv.values();
      pins.put(k.presenceVar(), k.multi() ? Terms.integer(values.size()) : BoolFormula.of(!values.isEmpty()));
      for (int e = 0; e < values.size(); e++) {
        pinValue(k, e, values.get(e), pins, gaps);
      }
    }
    Problem.Builder body = new Problem.Builder();
    for (Problem.Item item : enc.items()) {
      Formula value = item instanceof Problem.Declare d ? pins.get(Problem.name(d.variable())) : null;
      if (value != null) {
        body.define(((Problem.Declare) item).variable(), value);
      } else {
        body.addAll(List.of(item));
      }
    }
    body.comment("question");
    body.assertThat(Terms.boolVar("allows"));
    return new Query(body.build("is this request allowed?"), gaps, enc.decoder());
  }

  private static void principal(RequestPrincipal p, Map<String, Formula> pins, List<String> gaps) {
    if (p instanceof RequestPrincipal.Anonymous) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.ANONYMOUS));
    } else if (p instanceof RequestPrincipal.Aws a) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.AWS));
      pinString(RequestVars.ACCOUNT, a.accountId(), pins, gaps);
      pinString(RequestVars.ARN, a.arn(), pins, gaps);
    } else if (p instanceof RequestPrincipal.Service s) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.SERVICE));
      pinString(RequestVars.NAME, s.name(), pins, gaps);
    } else if (p instanceof RequestPrincipal.Federated f) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.FEDERATED));
      pinString(RequestVars.NAME, f.provider(), pins, gaps);
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.CANONICAL_USER));
      pinString(RequestVars.NAME, c.id(), pins, gaps);
    } else if (p instanceof RequestPrincipal.CloudFrontOai o) {
      pins.put(RequestVars.KIND, Terms.integer(RequestVars.CLOUDFRONT_OAI));
      pinString(RequestVars.ARN, o.arn(), pins, gaps);
      pinString(RequestVars.NAME, o.canonicalUserId(), pins, gaps);
    }
  }

  private static void pinString(String var, String value, Map<String, Formula> pins, List<String> gaps) {
    if (!SmtLib.representable(value)) {
      gaps.add("a request value beyond the SMT-LIB alphabet");
      return;
    }
    pins.put(var, Terms.str(value));
  }

  /** Fixes every typed view of one value from its text, exactly as a typed operator would read it. */
  private static void pinValue(KeyVars k, int e, String text, Map<String, Formula> pins, List<String> gaps) {
    for (View v : k.views()) {
      switch (v) {
        case STR -> pinString(k.str(e), text, pins, gaps);
        case NUM -> typed(pins, k.numOk(e), k.num(e), TypedValues.parseDecimal(text).map(Terms::real));
        case DATE -> typed(pins, k.dateOk(e), k.date(e), TypedValues.parseDate(text).map(t -> Terms.real(PolicyEncoder.seconds(t))));
        case BOOL -> typed(pins, k.boolOk(e), k.bool(e), TypedValues.parseBool(text).map(BoolFormula::of));
        case BIN -> typed(pins, k.binOk(e), k.bin(e),
            TypedValues.decodeBase64(text).map(b -> Terms.str(Base64.getEncoder().encodeToString(b))));
        case IP -> {
          Optional<byte[]> a = Cidrs.parseAddress(text);
          pins.put(k.ipFamily(e), Terms.integer(a.isEmpty() ? 0 : a.get().length == 4 ? 4 : 6));
          if (a.isPresent()) {
            boolean v4 = a.get().length == 4;
            pins.put(v4 ? k.ip4(e) : k.ip6(e), new BitvectorFormula.Const(new BigInteger(1, a.get()), v4 ? 32 : 128));
          }
        }
      }
    }
  }

  /** A typed view: the ok flag, and the value when the text has the type. */
  private static void typed(Map<String, Formula> pins, String ok, String var, Optional<? extends Formula> value) {
    pins.put(ok, BoolFormula.of(value.isPresent()));
    value.ifPresent(v -> pins.put(var, v));
  }
}
