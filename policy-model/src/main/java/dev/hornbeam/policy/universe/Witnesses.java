package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.catalog.Action;
import dev.hornbeam.policy.catalog.ActionResource;
import dev.hornbeam.policy.catalog.Catalog;
import dev.hornbeam.policy.catalog.ResourceType;
import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a solver's witness into a request AWS could receive: a catalogued action of the service in AWS's
 * spelling ({@code s3:GetObject}, not {@code s3:getobject} or {@code s3:g}), on a resource of a type that
 * action accepts ({@code arn:aws:s3:::b/example-key}, not {@code arn:aws:s3:::b/}). Every change is kept
 * only if the request still passes {@code valid} — the same reference check the witness passed (the
 * evaluator, the stranger or scope checks) — so polishing never changes an answer, only its example.
 */
public final class Witnesses {
  private Witnesses() {}

  /** The polished witness, or {@code w} itself when no catalogued action keeps it valid. */
  public static Request polish(Request w, Predicate<Request> valid) {
    String action = w.action();
    int colon = action.indexOf(':');
    if (colon <= 0) {
      return w;
    }
    Catalog catalog = Catalog.aws();
    List<Action> candidates = new ArrayList<>();
    Optional<Action> same = catalog.action(action);
    same.ifPresent(candidates::add);
    for (Action a : catalog.actions(action.substring(0, colon).toLowerCase(Locale.ROOT))) {
      // The catalogue's own entries: the same action is the same object (no deep record equality over
      // every action of the service: it was a seventh of a public-access check's time).
      if (same.isEmpty() || a != same.get()) {
        candidates.add(a);
      }
    }
    Request fallback = null;
    for (Action a : candidates) {
      Request named = with(w, a.fullName(), w.resource());
      if (!valid.test(named)) {
        continue;
      }
      Optional<Request> placed = onAcceptedResource(named, a, valid);
      if (placed.isPresent()) {
        return placed.get();
      }
      if (fallback == null) {
        fallback = named;
      }
    }
    return fallback == null ? w : fallback;
  }

  /** Whether the witness's action is one the catalogue has. */
  public static boolean catalogued(Request w) {
    return Catalog.aws().action(w.action()).isPresent();
  }

  /**
   * Whether the witness's resource is of a type its (catalogued) action accepts; true for an
   * uncatalogued action or one without resource-level permissions.
   */
  public static boolean resourceAccepted(Request w) {
    Optional<Action> a = Catalog.aws().action(w.action());
    return a.isEmpty() || a.get().resourceTypes().isEmpty()
        || a.get().resourceTypes().stream().anyMatch(r -> r.resourceType().matches(w.resource()));
  }

  /** {@code r} on a resource {@code a} accepts (r itself when its resource already is one), if any stays valid. */
  private static Optional<Request> onAcceptedResource(Request r, Action a, Predicate<Request> valid) {
    if (a.resourceTypes().isEmpty()) {
      return Optional.of(r); // the action takes no resource-level permissions: "*" is all it has
    }
    for (ActionResource ar : a.resourceTypes()) {
      if (ar.resourceType().matches(r.resource())) {
        return Optional.of(r);
      }
    }
    for (ActionResource ar : a.resourceTypes()) {
      for (String resource : candidates(r.resource(), ar.resourceType())) {
        Request moved = with(r, a.fullName(), resource);
        if (ar.resourceType().matches(resource) && valid.test(moved)) {
          return Optional.of(moved);
        }
      }
    }
    return Optional.empty();
  }

  /** Resources of type {@code t} close to {@code resource}: completed, or filled from its ARN fields. */
  private static List<String> candidates(String resource, ResourceType t) {
    Set<String> out = new LinkedHashSet<>();
    out.add(resource + (resource.endsWith("/") ? "" : "/") + "example-key");
    List<String> f = Arns.fields(resource);
    Map<String, String> values = new LinkedHashMap<>();
    if (f != null) {
      putIfNotEmpty(values, "Partition", f.get(1));
      putIfNotEmpty(values, "Region", f.get(3));
      putIfNotEmpty(values, "Account", f.get(4));
      String rest = f.get(5);
      int slash = rest.indexOf('/');
      List<String> vars = t.variables().stream().filter(v -> !List.of("Partition", "Region", "Account").contains(v)).toList();
      if (!vars.isEmpty() && !rest.isEmpty()) {
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (!first.isEmpty()) {
          values.put(vars.get(0), first);
        }
        if (vars.size() > 1 && slash >= 0 && slash < rest.length() - 1) {
          values.put(vars.get(1), rest.substring(slash + 1));
        }
      }
    }
    out.add(t.example(values));
    out.add(t.example());
    return List.copyOf(out);
  }

  private static void putIfNotEmpty(Map<String, String> m, String k, String v) {
    if (!v.isEmpty() && !v.contains("*") && !v.contains("?")) {
      m.put(k, v);
    }
  }

  private static Request with(Request r, String action, String resource) {
    return new Request(r.principal(), action, resource, r.context());
  }
}
