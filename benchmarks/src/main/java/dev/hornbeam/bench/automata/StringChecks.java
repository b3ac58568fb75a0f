package dev.hornbeam.bench.automata;

import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The string theory checks a native decision procedure makes for one policy (issue 15), library-neutral:
 * per string variable (the action, the resource, each String/Arn condition key), is some value allowed
 * by an Allow statement, inside the question's scope, and denied by no Deny statement? That is
 * {@code (∪ allowed ∩ within) \ ∪ denied} non-empty, and a shortest member for the witness.
 *
 * <p>A measurement workload, not the semantics: wildcards are read as whole-string globs (a {@code *}
 * may cross an ARN's {@code :}), StringEquals values as literals, and every Deny counts.
 *
 * @param name where it comes from ({@code file:variable})
 * @param allowed one entry per Allow statement: its patterns, {@code negated} for NotAction / NotResource
 * @param within a glob the value must match ({@code s3:*} for the question's service), or null
 * @param denied one entry per Deny statement
 */
public record StringChecks(String name, List<Patterns> allowed, String within, List<Patterns> denied) {
  /** A union of globs (or, when {@code negated}, its complement); {@code literal} values have no wildcards. */
  public record Patterns(List<String> globs, boolean negated, boolean literal) {}

  /** Every check of {@code policy}: its action, resource and String/Arn condition keys. */
  public static List<StringChecks> of(String name, Policy policy, String service) {
    List<StringChecks> out = new ArrayList<>();
    List<Patterns> allowActions = new ArrayList<>();
    List<Patterns> denyActions = new ArrayList<>();
    List<Patterns> allowResources = new ArrayList<>();
    List<Patterns> denyResources = new ArrayList<>();
    Map<String, List<Patterns>> allowKeys = new LinkedHashMap<>();
    Map<String, List<Patterns>> denyKeys = new LinkedHashMap<>();
    for (Statement s : policy.statements()) {
      boolean allow = s.effect() == Effect.ALLOW;
      // action names are matched ignoring case: both sides in lower case
      (allow ? allowActions : denyActions).add(new Patterns(s.action().patterns().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList(),
          s.action().negated(), false));
      if (s.resource() != null) {
        (allow ? allowResources : denyResources).add(new Patterns(s.resource().patterns(), s.resource().negated(), false));
      }
      for (Condition c : s.conditions()) {
        OperatorFamily f = c.operator().base().family();
        if (f == OperatorFamily.STRING || f == OperatorFamily.ARN) {
          String op = c.operator().base().json();
          boolean like = op.contains("Like");
          (allow ? allowKeys : denyKeys).computeIfAbsent(c.key().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(new Patterns(c.values(), c.operator().base().negated(), !like));
        }
      }
    }
    out.add(new StringChecks(name + ":action", allowActions, service == null ? null : service + ":*", denyActions));
    if (!allowResources.isEmpty()) {
      out.add(new StringChecks(name + ":resource", allowResources, null, denyResources));
    }
    for (Map.Entry<String, List<Patterns>> e : allowKeys.entrySet()) {
      out.add(new StringChecks(name + ":" + e.getKey(), e.getValue(), null, denyKeys.getOrDefault(e.getKey(), List.of())));
    }
    return out;
  }

  /** One automaton library: what a check needs of it. */
  public interface Library<A> {
    String name();

    /** {@code *} any run, {@code ?} one character, the rest literal. */
    A glob(String pattern);

    A literal(String text);

    A anything();

    A nothing();

    A union(List<A> parts);

    A intersection(A a, A b);

    A minus(A a, A b);

    A complement(A a);

    boolean isEmpty(A a);

    /** A shortest member, or null when the library has no such operation (or the language is empty). */
    String example(A a);
  }

  /**
   * The outcome of one check: whether the language is empty, and a member when it is not; or
   * {@code failure}, the library's refusal (Lucene's determinization work limit).
   */
  public record Outcome(boolean empty, String example, String failure) {}

  public <A> Outcome run(Library<A> lib) {
    try {
      return decide(lib);
    } catch (RuntimeException e) {
      return new Outcome(false, null, e.getClass().getSimpleName());
    }
  }

  private <A> Outcome decide(Library<A> lib) {
    A allow = lib.union(allowed.stream().map(p -> language(lib, p)).toList());
    if (within != null) {
      allow = lib.intersection(allow, lib.glob(within));
    }
    A result = denied.isEmpty() ? allow : lib.minus(allow, lib.union(denied.stream().map(p -> language(lib, p)).toList()));
    boolean empty = lib.isEmpty(result);
    return new Outcome(empty, empty ? null : lib.example(result), null);
  }

  private static <A> A language(Library<A> lib, Patterns p) {
    A union = lib.union(p.globs().stream().map(g -> p.literal() ? lib.literal(g) : lib.glob(g)).toList());
    return p.negated() ? lib.complement(union) : union;
  }
}
