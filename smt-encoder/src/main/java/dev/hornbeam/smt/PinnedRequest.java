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
    Map<String, String> pins = new LinkedHashMap<>();
    principal(request.principal(), pins, gaps);
    pinString(RequestVars.ACTION, PolicyEncoder.asciiLower(request.action()), pins, gaps);
    pinString(RequestVars.RESOURCE, request.resource(), pins, gaps);
    for (KeyVars k : enc.vars().keys()) {
      ContextValue cv = request.lookup(k.name());
      List<String> values = cv == null ? List.of() : cv.values();
      pins.put(k.presenceVar(), k.multi() ? String.valueOf(values.size()) : String.valueOf(!values.isEmpty()));
      for (int e = 0; e < values.size(); e++) {
        pinValue(k, e, values.get(e), pins, gaps);
      }
    }
    List<String> body = new ArrayList<>();
    for (String line : enc.lines()) {
      body.add(defineIfPinned(line, pins));
    }
    return new Query(Script.of("is this request allowed?", body, List.of("(assert allows)")), gaps,
        enc.decoder());
  }

  /** {@code (declare-const X S)} becomes {@code (define-fun X () S value)} when X is pinned. */
  private static String defineIfPinned(String line, Map<String, String> pins) {
    if (!line.startsWith("(declare-const ")) {
      return line;
    }
    int nameEnd = line.indexOf(' ', "(declare-const ".length());
    String name = line.substring("(declare-const ".length(), nameEnd);
    String value = pins.get(name);
    if (value == null) {
      return line;
    }
    String sort = line.substring(nameEnd + 1, line.length() - 1);
    return "(define-fun " + name + " () " + sort + " " + value + ")";
  }

  private static void principal(RequestPrincipal p, Map<String, String> pins, List<String> gaps) {
    if (p instanceof RequestPrincipal.Anonymous) {
      pins.put(RequestVars.KIND, String.valueOf(RequestVars.ANONYMOUS));
    } else if (p instanceof RequestPrincipal.Aws a) {
      pins.put(RequestVars.KIND, String.valueOf(RequestVars.AWS));
      pinString(RequestVars.ACCOUNT, a.accountId(), pins, gaps);
      pinString(RequestVars.ARN, a.arn(), pins, gaps);
    } else if (p instanceof RequestPrincipal.Service s) {
      pins.put(RequestVars.KIND, String.valueOf(RequestVars.SERVICE));
      pinString(RequestVars.NAME, s.name(), pins, gaps);
    } else if (p instanceof RequestPrincipal.Federated f) {
      pins.put(RequestVars.KIND, String.valueOf(RequestVars.FEDERATED));
      pinString(RequestVars.NAME, f.provider(), pins, gaps);
    } else if (p instanceof RequestPrincipal.CanonicalUser c) {
      pins.put(RequestVars.KIND, String.valueOf(RequestVars.CANONICAL_USER));
      pinString(RequestVars.NAME, c.id(), pins, gaps);
    }
  }

  private static void pinString(String var, String value, Map<String, String> pins, List<String> gaps) {
    if (!Smt.representable(value)) {
      gaps.add("a request value beyond the SMT-LIB alphabet");
      return;
    }
    pins.put(var, Smt.str(value));
  }

  /** Fixes every typed view of one value from its text, exactly as a typed operator would read it. */
  private static void pinValue(KeyVars k, int e, String text, Map<String, String> pins, List<String> gaps) {
    for (View v : k.views()) {
      switch (v) {
        case STR -> pinString(k.str(e), text, pins, gaps);
        case NUM -> typed(pins, k.numOk(e), k.num(e), TypedValues.parseDecimal(text).map(Smt::real));
        case DATE -> typed(pins, k.dateOk(e), k.date(e), TypedValues.parseDate(text).map(t -> Smt.real(PolicyEncoder.seconds(t))));
        case BOOL -> typed(pins, k.boolOk(e), k.bool(e), TypedValues.parseBool(text).map(String::valueOf));
        case BIN -> typed(pins, k.binOk(e), k.bin(e),
            TypedValues.decodeBase64(text).map(b -> Smt.str(Base64.getEncoder().encodeToString(b))));
        case IP -> {
          Optional<byte[]> a = Cidrs.parseAddress(text);
          pins.put(k.ipFamily(e), a.isEmpty() ? "0" : a.get().length == 4 ? "4" : "6");
          if (a.isPresent()) {
            boolean v4 = a.get().length == 4;
            pins.put(v4 ? k.ip4(e) : k.ip6(e), "(_ bv" + new BigInteger(1, a.get()) + " " + (v4 ? 32 : 128) + ")");
          }
        }
      }
    }
  }

  /** A typed view: the ok flag, and the value when the text has the type. */
  private static void typed(Map<String, String> pins, String ok, String var, Optional<String> value) {
    pins.put(ok, String.valueOf(value.isPresent()));
    value.ifPresent(v -> pins.put(var, v));
  }
}
