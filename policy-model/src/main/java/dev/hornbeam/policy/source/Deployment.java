package dev.hornbeam.policy.source;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.universe.AccountGenericity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The policies to check for a policy holding values that are one and the same in the whole deployment
 * ({@link Node.Unknown#same}): the deploying account ({@code AWS::AccountId}, one 12-digit id) and the
 * partition ({@code AWS::Partition}, one of a short list). Widening such a value as if it could be anything
 * (an account in a Principal becoming {@code "*"}) makes nearly every template's own-account statement
 * public; checking a few values exactly is as safe and says more.
 *
 * <p>The account. Let L be the 12-digit ids the policy names once the account is written in (its literals,
 * runs of exactly 12 digits in the widened policy), and f an id written nowhere in the policy. The real
 * account a is either in L — then the policy with a written in is one of the policies checked — or not: then
 * the transposition σ = (a f) fixes every id in L and turns the policy with a into the policy with f, so both
 * have the same public-access answer when renaming ids cannot change answers ({@link AccountGenericity#safe}
 * on the policy with f, which holds for the one with a too: it reads only where digits stand). That needs
 * every place the account is written to be a whole run of 12 digits: no digit and no other unknown next to it.
 * So the policies for f and for each id of L are checked, and the worst answer holds for the real account.
 * Where the condition does not hold, the account stays unknown and is widened ({@link Widening}).
 *
 * <p>The partition. When widening loses something to it alone (a Deny or a condition entry holding it and no
 * other unknown left out), the policy is checked for each partition; else its expansion into every partition's
 * string, or the widening another unknown at the same place needs anyway, is kept.
 *
 * <p>Every other unknown is then widened as always, so each policy checked allows at least what the deployed
 * policy allows with that account and partition, for any value of the other unknowns.
 */
public final class Deployment {
  private Deployment() {}

  /** The most policies one policy is checked as; more makes the account unknown (widened) instead. */
  static final int MAX_VARIANTS = 24;

  /** The first id tried as the fresh account (then the next ones, until one is written nowhere in the policy). */
  static final long FRESH_FROM = 100_000_000_001L;

  private static final String LISTED = "each value it may take is listed";

  /**
   * One policy to check.
   *
   * @param values the value given to each name ({@code AWS::AccountId} → {@code 100000000001}); empty when nothing
   *     was given a value
   * @param label what was taken, in words ({@code AWS::AccountId = 100000000001 (an account the policy does not
   *     name)}); empty when nothing was given a value
   * @param widened the policy with those values written in, then widened
   */
  public record Variant(Map<String, String> values, String label, Widening.Widened widened) {
    public Variant {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * What to check for one policy.
   *
   * @param variants the policies to check; the policy's answer is the worst of theirs
   * @param notes what was assumed, or why a value was widened instead, one line each
   */
  public record Variants(List<Variant> variants, List<String> notes) {
    public Variants {
      variants = List.copyOf(variants);
      notes = List.copyOf(notes);
    }
  }

  /** The policies to check for {@code document} ({@code identity} for an identity policy). */
  public static Variants of(Node document, boolean identity) {
    List<Node.Unknown> fixed = new ArrayList<>();
    collect(document, fixed);
    Set<String> accounts = new LinkedHashSet<>();
    Map<String, List<String>> partitions = new LinkedHashMap<>();
    for (Node.Unknown u : fixed) {
      if (u.account()) {
        accounts.add(u.same());
      } else {
        partitions.putIfAbsent(u.same(), u.domain());
      }
    }
    Variant plain = new Variant(Map.of(), "", Widening.widen(document, identity));
    if (fixed.isEmpty()) {
      return new Variants(List.of(plain), List.of());
    }
    List<String> notes = new ArrayList<>();
    // The account: one name only (two unknown accounts may or may not be the same one).
    String account = null;
    if (accounts.size() > 1) {
      notes.add(String.join(" and ", accounts) + " are accounts not known before deployment, each possibly the other: widened as"
          + " any value");
    } else if (accounts.size() == 1) {
      account = accounts.iterator().next();
      String why = wholeRuns(document, account);
      if (why != null) {
        notes.add(account + " not taken as one account (" + why + "): widened as any value");
        account = null;
      }
    }
    String fresh = account == null ? null : fresh(document);
    // The partition: its values are checked one by one where widening loses something to it.
    String partition = null;
    List<String> partitionValues = List.of();
    if (partitions.size() == 1) {
      Map.Entry<String, List<String>> e = partitions.entrySet().iterator().next();
      Map<String, String> at = new LinkedHashMap<>();
      if (account != null) {
        at.put(account, fresh);
      }
      if (lossy(Widening.widen(substitute(document, at), identity), e.getKey(), fixed)) {
        partition = e.getKey();
        partitionValues = e.getValue();
      }
    }
    List<Map<String, String>> bases = new ArrayList<>();
    if (partition == null) {
      bases.add(Map.of());
    } else {
      for (String p : partitionValues) {
        bases.add(Map.of(partition, p));
      }
    }
    // The ids the policy names once the account is written in, and whether renaming them is safe.
    Set<String> named = new LinkedHashSet<>();
    if (account != null) {
      for (Map<String, String> base : bases) {
        Map<String, String> at = new LinkedHashMap<>(base);
        at.put(account, fresh);
        Widening.Widened w = Widening.widen(substitute(document, at), identity);
        if (w.refusal().isPresent()) {
          return new Variants(List.of(plain), List.of()); // refused as it is: the refusal is the answer
        }
        ParseResult parsed = PolicyParser.parse(w.json(), identity ? PolicyKind.IDENTITY : PolicyKind.RESOURCE, Limits.DEFAULT);
        if (!parsed.isValid()) {
          return new Variants(List.of(plain), List.of()); // invalid as it is: its problems are the answer
        }
        String why = AccountGenericity.whyNot(parsed.policy());
        if (why != null) {
          notes.add(account + " not taken as one account (" + why + ": the answer may depend on which account it is): widened as"
              + " any value");
          account = null;
          break;
        }
        Matcher m = AccountGenericity.RUN.matcher(new String(w.json(), StandardCharsets.UTF_8));
        while (m.find()) {
          if (!m.group().equals(fresh)) {
            named.add(m.group());
          }
        }
      }
    }
    if (account != null && (1 + named.size()) * bases.size() > MAX_VARIANTS && partition != null) {
      notes.add(partition + " not checked one partition at a time (too many policies to check): each value it may take is listed,"
          + " or widened where it cannot be");
      partition = null;
      bases = List.of(Map.of());
    }
    if (account != null && (1 + named.size()) * bases.size() > MAX_VARIANTS) {
      notes.add(account + " not taken as one account (the policy names " + named.size() + " accounts, each of which it may be: too"
          + " many to check one by one): widened as any value");
      account = null;
    }
    List<String> accountValues = new ArrayList<>();
    if (account != null) {
      accountValues.add(fresh);
      accountValues.addAll(named);
      notes.add(account + " taken as the deploying account, one 12-digit id: checked as an account the policy does not name ("
          + fresh + ")" + (named.isEmpty() ? "" : " and as " + String.join(", ", named)) + "; the answer is the worst of these");
    } else {
      accountValues.add(null);
    }
    if (partition != null) {
      notes.add(partition + " taken as the deployment's partition: checked as each of " + String.join(", ", partitionValues)
          + "; the answer is the worst of these");
    }
    if (account == null && partition == null) {
      return new Variants(List.of(plain), notes);
    }
    List<Variant> out = new ArrayList<>();
    for (String a : accountValues) {
      for (Map<String, String> base : bases) {
        Map<String, String> at = new LinkedHashMap<>();
        List<String> label = new ArrayList<>();
        if (a != null) {
          at.put(account, a);
          label.add(account + " = " + a + (a.equals(fresh) ? " (an account the policy does not name)" : ""));
        }
        base.forEach((k, v) -> {
          at.put(k, v);
          label.add(k + " = " + v);
        });
        out.add(new Variant(at, String.join(", ", label), Widening.widen(substitute(document, at), identity)));
      }
    }
    return new Variants(out, notes);
  }

  /** Every unknown with a {@link Node.Unknown#same} name in {@code n}, the alternatives of choices included. */
  private static void collect(Node n, List<Node.Unknown> out) {
    if (n instanceof Node.Unknown u) {
      if (!u.same().isEmpty()) {
        out.add(u);
      }
    } else if (n instanceof Node.Choice c) {
      c.alternatives().forEach(x -> collect(x, out));
    } else if (n instanceof Node.Partial p) {
      p.parts().forEach(x -> collect(x, out));
    } else if (n instanceof Node.Obj o) {
      o.members().values().forEach(x -> collect(x, out));
    } else if (n instanceof Node.Arr a) {
      a.items().forEach(x -> collect(x, out));
    }
  }

  /**
   * Null when every place {@code account} is written is a whole run of 12 digits once written in (no digit and
   * no other unknown next to it), else where it is not.
   */
  private static String wholeRuns(Node n, String account) {
    if (n instanceof Node.Partial p) {
      List<Node> parts = p.parts();
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i) instanceof Node.Unknown u && u.account() && u.same().equals(account)) {
          for (int j : new int[] {i - 1, i + 1}) {
            if (j < 0 || j >= parts.size()) {
              continue;
            }
            if (!(parts.get(j) instanceof Node.Scalar s)) {
              return "it is written next to another value not known (" + Node.unknowns(parts.get(j)).get(0).expression() + ")";
            }
            String t = s.text();
            char c = t.isEmpty() ? ' ' : j < i ? t.charAt(t.length() - 1) : t.charAt(0);
            if (c >= '0' && c <= '9') {
              StringBuilder text = new StringBuilder();
              for (Node x : parts) {
                text.append(x instanceof Node.Scalar xs ? xs.text() : x instanceof Node.Unknown xu && xu.same().equals(account)
                    ? "${" + account + "}" : "${…}");
              }
              return "it is written next to a digit in " + text;
            }
          }
        }
      }
      return null;
    }
    List<Node> children = n instanceof Node.Obj o ? new ArrayList<>(o.members().values())
        : n instanceof Node.Arr a ? a.items() : n instanceof Node.Choice c ? c.alternatives() : List.of();
    for (Node x : children) {
      String why = wholeRuns(x, account);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** The first id from {@link #FRESH_FROM} written nowhere in {@code n} (no string or key holds it). */
  static String fresh(Node n) {
    Set<String> texts = new LinkedHashSet<>();
    texts(n, texts);
    for (long id = FRESH_FROM; ; id++) {
      String s = Long.toString(id);
      if (texts.stream().noneMatch(t -> t.contains(s))) {
        return s;
      }
    }
  }

  private static void texts(Node n, Set<String> out) {
    if (n instanceof Node.Scalar s) {
      out.add(s.text());
    } else if (n instanceof Node.Obj o) {
      out.addAll(o.members().keySet());
      o.members().values().forEach(x -> texts(x, out));
    } else if (n instanceof Node.Arr a) {
      a.items().forEach(x -> texts(x, out));
    } else if (n instanceof Node.Partial p) {
      p.parts().forEach(x -> texts(x, out));
    } else if (n instanceof Node.Choice c) {
      c.alternatives().forEach(x -> texts(x, out));
    } else if (n instanceof Node.Unknown u) {
      out.addAll(u.domain());
    }
  }

  /**
   * Whether widening lost something to an unknown named {@code name} alone: at some place (a statement, an entry,
   * a condition key) all its notes are about that name and one did more than list the values it may take. Where
   * another unknown is at the same place, giving the name a value would not keep what is lost.
   */
  private static boolean lossy(Widening.Widened w, String name, List<Node.Unknown> fixed) {
    if (w.refusal().isPresent()) {
      return false; // refused whatever the partition: the refusal is the answer
    }
    Set<String> expressions = new LinkedHashSet<>();
    for (Node.Unknown u : fixed) {
      if (u.same().equals(name)) {
        expressions.add(u.expression());
      }
    }
    Map<String, List<Widening.Note>> byPlace = new LinkedHashMap<>();
    w.notes().forEach(x -> byPlace.computeIfAbsent(x.pointer(), k -> new ArrayList<>()).add(x));
    for (List<Widening.Note> at : byPlace.values()) {
      if (at.stream().allMatch(x -> expressions.contains(x.expression())) && at.stream().anyMatch(x -> !x.effect().equals(LISTED))) {
        return true;
      }
    }
    return false;
  }

  /** {@code n} with each unknown named in {@code values} replaced by its value. */
  static Node substitute(Node n, Map<String, String> values) {
    if (values.isEmpty()) {
      return n;
    }
    if (n instanceof Node.Unknown u) {
      String v = values.get(u.same());
      return v == null || u.same().isEmpty() ? u : Node.Scalar.string(v, u.loc());
    }
    if (n instanceof Node.Partial p) {
      List<Node> parts = new ArrayList<>();
      p.parts().forEach(x -> parts.add(substitute(x, values)));
      return Node.concat(parts, p.loc());
    }
    if (n instanceof Node.Choice c) {
      List<Node> alternatives = new ArrayList<>();
      c.alternatives().forEach(x -> alternatives.add(substitute(x, values)));
      return new Node.Choice(c.expression(), alternatives, c.maybeAbsent(), c.loc());
    }
    if (n instanceof Node.Obj o) {
      Map<String, Node> m = new LinkedHashMap<>();
      o.members().forEach((k, v) -> m.put(k, substitute(v, values)));
      return new Node.Obj(m, o.loc());
    }
    if (n instanceof Node.Arr a) {
      List<Node> items = new ArrayList<>();
      a.items().forEach(x -> items.add(substitute(x, values)));
      return new Node.Arr(items, a.loc());
    }
    return n;
  }

}
