package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.ContextKeys;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request is one AWS could send, as far as the keys a policy reads can tell: its caller is of
 * a kind AWS has, and every derived key the policy reads has the value AWS gives it for that caller
 * ({@link DerivedKeys}); every key has the shape (single or multi-valued) AWS sends it in.
 */
public final class Realistic {
  private Realistic() {}

  /** Null when realistic, else why not. */
  public static String problem(Request r, Collection<String> mentionedKeys) {
    Optional<PrincipalKind> kind = PrincipalKind.of(r.principal());
    if (kind.isEmpty()) {
      return "the caller is of no kind AWS has: " + r.principal();
    }
    if (kind.get() == PrincipalKind.CLOUDFRONT_OAI && !r.action().toLowerCase(Locale.ROOT).startsWith(PrincipalKind.OAI_SERVICE + ":")) {
      return "a CloudFront origin access identity calls only Amazon S3, not " + r.action();
    }
    for (String key : mentionedKeys) {
      ContextValue cv = r.lookup(key);
      if (cv != null && cv.multiValued() != ContextKeys.isMultiValued(key)) {
        return key + " is sent " + (cv.multiValued() ? "multi-valued" : "single-valued") + ", which AWS never does";
      }
      if (!DerivedKeys.isDerived(key)) {
        continue;
      }
      Derived d = DerivedKeys.of(r.principal(), key);
      if (d instanceof Derived.Absent && cv != null) {
        return key + " is present, but AWS does not send it for a caller of kind " + kind.get();
      }
      if (d instanceof Derived.Present && cv == null) {
        return key + " is absent, but AWS sends it for a caller of kind " + kind.get();
      }
      if (d instanceof Derived.AbsentOr v && cv != null && (cv.multiValued() || !v.value().equals(cv.values().get(0)))) {
        return key + " is " + cv.values() + ", but AWS sends it absent or as " + v.value() + " for this caller";
      }
      if (d instanceof Derived.NotAccount && cv != null && (cv.multiValued() || cv.values().get(0).matches("[0-9]{12}"))) {
        return key + " is " + cv.values() + ", but this caller belongs to no 12-digit account";
      }
      if (d instanceof Derived.Value v && (cv == null || cv.multiValued() || !sameValue(key, v.value(), cv.values().get(0)))) {
        return key + " is " + (cv == null ? "absent" : cv.values()) + ", but AWS sends " + v.value() + " for this caller";
      }
    }
    return null;
  }

  /**
   * {@code r} made realistic for the keys {@code mentioned}: every derived key gets the value AWS gives
   * it for the caller, or is removed when AWS does not send it; keys AWS leaves undocumented for the
   * caller ({@link Derived.Free}) and all other keys are kept.
   */
  public static Request withDerivedKeys(Request r, Collection<String> mentioned) {
    java.util.Map<String, ContextValue> ctx = new java.util.LinkedHashMap<>(r.context());
    for (String key : mentioned) {
      if (!DerivedKeys.isDerived(key)) {
        continue;
      }
      Derived d = DerivedKeys.of(r.principal(), key);
      if (d instanceof Derived.Free) {
        continue;
      }
      if (d instanceof Derived.Present) {
        if (r.lookup(key) == null) {
          ctx.put(key, ContextValue.single(PRESENT_VALUE)); // a value no policy of ours names
        }
        continue;
      }
      ContextValue cv = r.lookup(key);
      if (d instanceof Derived.AbsentOr v && (cv == null || !cv.multiValued() && v.value().equals(cv.values().get(0)))) {
        continue;
      }
      if (d instanceof Derived.NotAccount && (cv == null || !cv.multiValued() && !cv.values().get(0).matches("[0-9]{12}"))) {
        continue;
      }
      ctx.keySet().removeIf(k -> k.equalsIgnoreCase(key));
      if (d instanceof Derived.Value v) {
        ctx.put(key, ContextValue.single(v.value()));
      }
    }
    return new Request(r.principal(), r.action(), r.resource(), ctx);
  }

  /** The value {@link #withDerivedKeys} gives a key AWS sends with a value of the caller's choosing. */
  public static final String PRESENT_VALUE = "unnamed-subject";

  /** Bool keys compare as booleans ("True" is true), the rest as exact text. */
  private static boolean sameValue(String key, String expected, String actual) {
    if (key.toLowerCase(Locale.ROOT).equals(DerivedKeys.IS_AWS_SERVICE)) {
      return expected.equalsIgnoreCase(actual);
    }
    return expected.equals(actual);
  }
}
