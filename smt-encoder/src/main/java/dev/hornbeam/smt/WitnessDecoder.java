package dev.hornbeam.smt;

import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model back into a concrete request. Unassigned constants get a neutral value. Numbers and
 * dates that a solver gives as non-terminating rationals (e.g. 1/3) are replaced by a finite decimal
 * that compares the same way with every constant the policy uses for that key, so the witness is still
 * a request the policy allows and one a person can read.
 */
public final class WitnessDecoder {
  private final List<KeyVars> keys;
  private final Map<String, PolicyEncoder.KeyFacts> facts;

  WitnessDecoder(List<KeyVars> keys, Map<String, PolicyEncoder.KeyFacts> facts) {
    this.keys = List.copyOf(keys);
    this.facts = facts;
  }

  public Request decode(Map<String, ModelValue> m) {
    int kind = integer(m, RequestVars.KIND).intValue();
    RequestPrincipal principal = switch (kind) {
      case RequestVars.AWS -> aws(m);
      case RequestVars.SERVICE -> new RequestPrincipal.Service(string(m, RequestVars.NAME));
      case RequestVars.FEDERATED -> new RequestPrincipal.Federated(string(m, RequestVars.NAME));
      case RequestVars.CANONICAL_USER -> new RequestPrincipal.CanonicalUser(string(m, RequestVars.NAME));
      case RequestVars.CLOUDFRONT_OAI -> new RequestPrincipal.CloudFrontOai(string(m, RequestVars.ARN), string(m, RequestVars.NAME));
      default -> new RequestPrincipal.Anonymous();
    };
    Map<String, ContextValue> context = new LinkedHashMap<>();
    for (KeyVars k : keys) {
      if (k.multi()) {
        int count = integer(m, k.presenceVar()).intValue();
        List<String> values = new ArrayList<>();
        for (int e = 0; e < count && e < k.elements(); e++) {
          values.add(text(m, k, e));
        }
        if (!values.isEmpty()) {
          context.put(k.name(), ContextValue.multi(values));
        }
      } else if (bool(m, k.presenceVar())) {
        context.put(k.name(), ContextValue.single(text(m, k, 0)));
      }
    }
    return new Request(principal, string(m, RequestVars.ACTION), string(m, RequestVars.RESOURCE), context);
  }

  /**
   * An AWS identity from the caller variables of {@link Callers}: what the model does not fix (a role
   * session's role path, unique ids, provider) is derived as {@link RequestPrincipal.Aws#Aws(String,
   * String)} does.
   */
  private static RequestPrincipal.Aws aws(Map<String, ModelValue> m) {
    RequestPrincipal.Aws derived = new RequestPrincipal.Aws(string(m, RequestVars.ACCOUNT), string(m, RequestVars.ARN));
    boolean session = string(m, Callers.RESOURCE).startsWith("assumed-role/");
    String principalArn = session && m.containsKey(Callers.ROLE_NAME) ? string(m, Callers.PRINCIPAL_ARN) : derived.principalArn();
    String uniqueId = m.containsKey(Callers.UNIQUE_ID) && !string(m, Callers.UNIQUE_ID).isEmpty()
        ? string(m, Callers.UNIQUE_ID) : derived.uniqueId();
    String provider = session && !string(m, Callers.PROVIDER).isEmpty() ? string(m, Callers.PROVIDER) : null;
    return new RequestPrincipal.Aws(derived.accountId(), derived.arn(), principalArn, uniqueId, provider);
  }

  /** The request text of one value, from the view the policy reads it through. */
  private String text(Map<String, ModelValue> m, KeyVars k, int e) {
    if (k.views().contains(View.STR)) {
      return string(m, k.str(e));
    }
    if (k.views().contains(View.NUM)) {
      return bool(m, k.numOk(e)) ? decimal(m, k.num(e), facts(k).numbers()).toPlainString() : "not-a-number";
    }
    if (k.views().contains(View.DATE)) {
      if (!bool(m, k.dateOk(e))) {
        return "not-a-date";
      }
      BigDecimal s = decimal(m, k.date(e), facts(k).dates());
      BigDecimal whole = s.setScale(0, RoundingMode.FLOOR);
      long nanos = s.subtract(whole).movePointRight(9).longValue();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos).toString();
    }
    if (k.views().contains(View.BOOL)) {
      return bool(m, k.boolOk(e)) ? Boolean.toString(bool(m, k.bool(e))) : "not-a-boolean";
    }
    if (k.views().contains(View.BIN)) {
      return bool(m, k.binOk(e)) ? string(m, k.bin(e)) : "!not-base64!";
    }
    if (k.views().contains(View.IP)) {
      int family = integer(m, k.ipFamily(e)).intValue();
      if (family == 4) {
        return ipv4(integer(m, k.ip4(e)));
      }
      return family == 6 ? ipv6(integer(m, k.ip6(e))) : "not-an-ip";
    }
    return "";
  }

  private PolicyEncoder.KeyFacts facts(KeyVars k) {
    PolicyEncoder.KeyFacts f = facts.get(k.name().toLowerCase(java.util.Locale.ROOT));
    return f == null ? new PolicyEncoder.KeyFacts(List.of(), List.of()) : f;
  }

  /**
   * The model's rational as a finite decimal with at most 9 fraction digits. If it has none, any value
   * strictly between the same two neighbouring policy constants compares the same way with every
   * constant: the midpoint of those neighbours (a finite decimal) or a constant ± 1 at the ends.
   */
  static BigDecimal decimal(Map<String, ModelValue> m, String name, List<BigDecimal> constants) {
    ModelValue v = m.get(name);
    if (!(v instanceof ModelValue.Real r)) {
      return v instanceof ModelValue.Int i ? new BigDecimal(i.value()) : BigDecimal.ZERO;
    }
    BigDecimal exact = finite(r);
    if (exact != null) {
      return exact;
    }
    BigDecimal below = null;
    BigDecimal above = null;
    for (BigDecimal c : constants) {
      int cmp = compare(r, c);
      if (cmp > 0 && (below == null || c.compareTo(below) > 0)) {
        below = c;
      }
      if (cmp < 0 && (above == null || c.compareTo(above) < 0)) {
        above = c;
      }
    }
    if (below != null && above != null) {
      return below.add(above).divide(BigDecimal.valueOf(2)).stripTrailingZeros();
    }
    if (below != null) {
      return below.add(BigDecimal.ONE);
    }
    if (above != null) {
      return above.subtract(BigDecimal.ONE);
    }
    return new BigDecimal(r.num()).divide(new BigDecimal(r.den()), MathContext.DECIMAL128).setScale(0, RoundingMode.FLOOR);
  }

  /** {@code r} as a decimal with at most 9 fraction digits, or null. */
  private static BigDecimal finite(ModelValue.Real r) {
    BigDecimal num = new BigDecimal(r.num());
    BigDecimal den = new BigDecimal(r.den());
    try {
      BigDecimal d = num.divide(den);
      return d.scale() <= 9 ? d.stripTrailingZeros() : null;
    } catch (ArithmeticException nonTerminating) {
      return null;
    }
  }

  /** Sign of r − c, exactly. */
  private static int compare(ModelValue.Real r, BigDecimal c) {
    BigInteger scale = BigInteger.TEN.pow(Math.max(c.scale(), 0));
    BigInteger cNum = c.movePointRight(Math.max(c.scale(), 0)).toBigIntegerExact();
    // r.num / r.den − cNum / scale
    return r.num().multiply(scale).compareTo(cNum.multiply(r.den()));
  }

  private static String ipv4(BigInteger v) {
    long x = v.longValue();
    return ((x >> 24) & 255) + "." + ((x >> 16) & 255) + "." + ((x >> 8) & 255) + "." + (x & 255);
  }

  private static String ipv6(BigInteger v) {
    StringBuilder b = new StringBuilder();
    for (int g = 7; g >= 0; g--) {
      b.append(Integer.toHexString(v.shiftRight(16 * g).intValue() & 0xffff));
      if (g > 0) {
        b.append(':');
      }
    }
    return b.toString();
  }

  private static String string(Map<String, ModelValue> m, String name) {
    return m.get(name) instanceof ModelValue.Str s ? s.value() : "";
  }

  private static BigInteger integer(Map<String, ModelValue> m, String name) {
    ModelValue v = m.get(name);
    if (v instanceof ModelValue.Int i) {
      return i.value();
    }
    return v instanceof ModelValue.BitVec b ? b.value() : BigInteger.ZERO;
  }

  private static boolean bool(Map<String, ModelValue> m, String name) {
    return m.get(name) instanceof ModelValue.Bool b && b.value();
  }
}
