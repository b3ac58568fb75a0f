package dev.hornbeam.policy.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A concrete request: principal, action, resource and the request context. Condition-key names are
 * case-insensitive (IAM User Guide, "IAM JSON policy elements: Condition": "Condition key names are
 * not case-sensitive"), so the context is looked up ignoring case.
 *
 * @param action e.g. {@code s3:GetObject}
 * @param resource the resource ARN, e.g. {@code arn:aws:s3:::bucket/key}
 * @param context condition keys present in the request; a key not in the map is absent
 */
public record Request(
    RequestPrincipal principal, String action, String resource, Map<String, ContextValue> context) {

  public Request {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    TreeMap<String, ContextValue> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, ContextValue> e : context.entrySet()) {
      if (ci.put(e.getKey(), Objects.requireNonNull(e.getValue())) != null) {
        throw new IllegalArgumentException("context key given twice (keys ignore case): " + e.getKey());
      }
    }
    context = Collections.unmodifiableMap(ci);
  }

  /** The value of a condition key, or {@code null} when the key is absent. */
  public ContextValue lookup(String key) {
    return context.get(key);
  }
}
