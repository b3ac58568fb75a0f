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
 * <p>Choices and partitions in what a policy names. Who is a stranger depends on what the policy names
 * ({@code PublicMeaning}: its Principal accounts and ARNs), so a policy naming more may be less public though it
 * allows more. Widening writes every value of a choice ({@code Fn::If}) into the policy, and every partition's
 * string of an ARN: a caller one branch leaves a stranger (whom a pattern such as {@code arn:aws:iam::ACCOUNT:*}
 * lets in) would be named by the other. So each choice around a statement or in a Principal is checked one value
 * at a time (and as no value when it may be {@code AWS::NoValue}), and the partition is checked one value at a time
 * where it is written in a Principal ARN other than an account's {@code :root} (which names the account whatever
 * the partition). {@code WideningPropertiesTest} checks that the answer is as public as every substitution's.
 *
 * <p>Every other unknown is then widened as always, so each policy checked allows at least what the deployed
 * policy allows with that account, partition and choices, for any value of the other unknowns.
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
    List<Branch> branches = new ArrayList<>();
    if (!branches(document, List.of(), branches)) {
      return refused("it holds more choices (Fn::If) around statements or in a Principal than Hornbeam checks one by one ("
          + MAX_VARIANTS + " cases at most)");
    }
    if (branches.size() == 1 && branches.get(0).label().isEmpty()) {
      return ofChosen(document, identity);
    }
    List<Variant> out = new ArrayList<>();
    Set<String> notes = new LinkedHashSet<>();
    notes.add("each Fn::If around a statement or in a Principal checked one value at a time (" + branches.size() + " cases):"
        + " listing every value would name callers one value leaves strangers; the answer is the worst of these");
    List<Variants> each = new ArrayList<>();
    branches.forEach(b -> each.add(ofChosen(b.document(), identity)));
    boolean sameNotes = each.stream().allMatch(vs -> vs.notes().equals(each.get(0).notes()));
    for (int i = 0; i < branches.size(); i++) {
      Branch b = branches.get(i);
      Variants vs = each.get(i);
      // what was assumed about the account and partition may differ from branch to branch: said for each then
      vs.notes().forEach(n -> notes.add(sameNotes ? n : "with " + String.join(", ", b.label()) + ": " + n));
      for (Variant v : vs.variants()) {
        List<String> label = new ArrayList<>(b.label());
        if (!v.label().isEmpty()) {
          label.add(v.label());
        }
        out.add(new Variant(v.values(), String.join(", ", label), v.widened()));
      }
    }
    if (out.size() > MAX_VARIANTS) {
      return refused("its choices (Fn::If) around statements or in a Principal, with the deploying account and partition, make "
          + out.size() + " cases to check one by one, more than " + MAX_VARIANTS);
    }
    return new Variants(out, List.copyOf(notes));
  }

  /** One policy to check, refused with {@code why} (fail closed: a refusal is never a NOT_PUBLIC). */
  private static Variants refused(String why) {
    return new Variants(List.of(new Variant(Map.of(), "", new Widening.Widened(new byte[0], List.of(), List.of(),
        java.util.Optional.of("the policy cannot be checked soundly: " + why)))), List.of());
  }

  /** A policy with some choices taken, and what was taken, in words. */
  private record Branch(Node document, List<String> label) {}

  /**
   * Adds to {@code out} the policy for each way the choices that may change what it names may go (the first such
   * choice in document order taken each way, then the next in each result); false when that is more than {@link
   * #MAX_VARIANTS} policies.
   */
  private static boolean branches(Node document, List<String> label, List<Branch> out) {
    Node.Choice c = naming(document);
    if (c == null) {
      out.add(new Branch(document, label));
      return out.size() <= MAX_VARIANTS;
    }
    int options = c.alternatives().size() + (c.maybeAbsent() ? 1 : 0);
    for (int i = 0; i < options; i++) {
      Node value = i < c.alternatives().size() ? c.alternatives().get(i) : null;
      List<String> l = new ArrayList<>(label);
      l.add(c.expression() + " = " + (value == null ? "no value" : "value " + (i + 1) + " of " + c.alternatives().size()));
      if (!branches(take(document, c, value), l, out)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first choice (in document order) that is a statement, the Statement element, or in a Principal: where widening
   * would write each of its values into what the policy names. Elsewhere a choice names nothing ({@link Widening}:
   * Action and Resource entries are no principals, condition entries holding one are left out); null when none.
   */
  private static Node.Choice naming(Node policy) {
    if (!(policy instanceof Node.Obj o)) {
      return null; // an unknown policy is checked as one that allows everything, naming nothing
    }
    Node statements = o.members().get("Statement");
    if (statements instanceof Node.Choice c) {
      return c;
    }
    List<Node> items = statements instanceof Node.Arr a ? a.items() : statements == null ? List.of() : List.of(statements);
    for (Node s : items) {
      if (s instanceof Node.Choice c) {
        return c;
      }
      if (s instanceof Node.Obj so && so.members().get("Principal") != null) {
        Node.Choice c = firstChoice(so.members().get("Principal"));
        if (c != null) {
          return c;
        }
      }
    }
    return null;
  }

  private static Node.Choice firstChoice(Node n) {
    if (n instanceof Node.Choice c) {
      return c;
    }
    for (Node x : Node.children(n)) {
      Node.Choice c = firstChoice(x);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /**
   * {@code n} with the choice {@code c} (that very node) given {@code value}; null for no value, which leaves its member
   * or item out. A list taken in a list is spliced into it, as {@link Widening} reads a list of statements or of
   * principals taken by a choice.
   */
  private static Node take(Node n, Node.Choice c, Node value) {
    if (n == c) {
      return value;
    }
    if (n instanceof Node.Obj o) {
      Map<String, Node> m = new LinkedHashMap<>();
      o.members().forEach((k, v) -> {
        Node x = take(v, c, value);
        if (x != null) {
          m.put(k, x);
        }
      });
      return new Node.Obj(m, o.loc());
    }
    if (n instanceof Node.Arr a) {
      List<Node> items = new ArrayList<>();
      for (Node x : a.items()) {
        Node y = take(x, c, value);
        if (x == c && y instanceof Node.Arr spliced) {
          items.addAll(spliced.items());
        } else if (y != null) {
          items.add(y);
        }
      }
      return new Node.Arr(items, a.loc());
    }
    if (n instanceof Node.Choice other) {
      List<Node> alternatives = new ArrayList<>();
      other.alternatives().forEach(x -> alternatives.add(take(x, c, value)));
      return new Node.Choice(other.expression(), alternatives, other.maybeAbsent(), other.loc());
    }
    return n; // a scalar, an unknown, or a string with unknowns (a choice in a string is an unknown there: Fn::Join, Fn::Sub)
  }

  /** {@link #of} once the choices that may change what the policy names are taken. */
  private static Variants ofChosen(Node document, boolean identity) {
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
    boolean naming = false; // the partition is written in a Principal ARN: its expansion would name more
    if (partitions.size() == 1) {
      Map.Entry<String, List<String>> e = partitions.entrySet().iterator().next();
      Map<String, String> at = new LinkedHashMap<>();
      if (account != null) {
        at.put(account, fresh);
      }
      if (lossy(Widening.widen(substitute(document, at), identity), e.getKey(), fixed)) {
        partition = e.getKey();
        partitionValues = e.getValue();
      } else if (namesByPartition(document, e.getKey())) {
        partition = e.getKey();
        partitionValues = e.getValue();
        naming = true;
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
    if (account != null && (1 + named.size()) * bases.size() > MAX_VARIANTS && partition != null && !naming) {
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

  /**
   * Whether the partition {@code name} is written in a Principal entry other than an account's {@code :root} ARN (which
   * names the account in every partition: "AWS account principals", IAM User Guide, "AWS JSON policy elements:
   * Principal"): its expansion into every partition's string would name more ARNs than the deployed policy does.
   */
  private static boolean namesByPartition(Node n, String name) {
    if (n instanceof Node.Obj o) {
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        if (e.getKey().equals("Principal") ? partitionInArn(e.getValue(), name) : namesByPartition(e.getValue(), name)) {
          return true;
        }
      }
      return false;
    }
    return Node.children(n).stream().anyMatch(x -> namesByPartition(x, name));
  }

  private static boolean partitionInArn(Node n, String name) {
    if (n instanceof Node.Partial p) {
      boolean holds = p.parts().stream().anyMatch(x -> x instanceof Node.Unknown u && u.same().equals(name));
      Node last = p.parts().get(p.parts().size() - 1);
      return holds && !(last instanceof Node.Scalar s && s.text().endsWith(":root"));
    }
    if (n instanceof Node.Unknown u) {
      return u.same().equals(name);
    }
    return Node.children(n).stream().anyMatch(x -> partitionInArn(x, name));
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
    for (Node x : Node.children(n)) {
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
