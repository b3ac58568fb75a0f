package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.gen.RequestUniverse;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.PolicyPrinter;
import dev.hornbeam.policy.universe.AccountGenericity;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link Deployment}'s account rule against brute force: a generated resource policy with one of its account ids
 * (some of its places) made the deploying account, sometimes also written into another string at a random place
 * (next to a digit or a wildcard, say), or into the resource of an Allow to all with a Deny on the resources whose
 * account part starts with 1 (or 2) added, sometimes alone — where the answer does depend on the account; when Deployment takes it as one account, the answer for each real account
 * — every account the policy names and random others — is the answer of the policy checked for it (a named one)
 * or for the fresh account (any other), so the worst over the policies checked is the worst over real accounts.
 * Answers by the reference evaluator and the plain-Java meaning of public over each policy's request universe
 * (drawn with one seed, so that universes related by a renaming of ids draw related requests).
 */
class DeploymentPropertiesTest {
  private static final String ACCOUNT = "AWS::AccountId";

  @Provide
  Arbitrary<Policy> resourcePolicies() {
    return PolicyArbitraries.resourcePolicies(3);
  }

  @Property(tries = 50)
  void theWorstOverThePoliciesCheckedIsTheAnswerForEveryRealAccount(@ForAll("resourcePolicies") Policy p, @ForAll long seed)
      throws SourceException {
    Random random = new Random(seed);
    String printed = PolicyPrinter.print(p);
    Node original = SourceReader.read(printed.getBytes(StandardCharsets.UTF_8));
    List<String> present = PolicyArbitraries.ACCOUNTS.stream().filter(printed::contains).toList();
    String account = present.isEmpty() ? null : present.get(random.nextInt(present.size()));
    List<Node.Scalar> strings = new ArrayList<>();
    collectStrings(((Node.Obj) original).members().get("Statement"), strings);
    List<Node.Scalar> resources = new ArrayList<>();
    collectResources(((Node.Obj) original).members().get("Statement"), resources);
    Node.Scalar spliced = null;
    int at = 0;
    Node.Unknown u = new Node.Unknown("${AWS::AccountId}", List.of(), ACCOUNT, Loc.NONE);
    resources.removeIf(x -> x.text().indexOf(':') < 0);
    boolean targeted = !resources.isEmpty() && random.nextBoolean();
    Statistics.label("an Allow on the account's resources, a Deny on their first digit").collect(targeted);
    if (targeted) {
      // the account in a resource's name, allowed to all, and a Deny on the names whose account starts with 1 (or 2)
      String r = resources.get(random.nextInt(resources.size())).text();
      List<Integer> cuts = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        if (r.charAt(i) == ':' || r.charAt(i) == '/') {
          cuts.add(i + 1); // where a name or path segment starts
        }
      }
      int cut = cuts.get(random.nextInt(cuts.size()));
      Node.Obj allow = (Node.Obj) SourceReader.read(("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"sqs:SendMessage\","
          + "\"kms:Decrypt\"],\"Resource\":\"\"}")
          .getBytes(StandardCharsets.UTF_8));
      Map<String, Node> m = new LinkedHashMap<>(allow.members());
      m.put("Resource", Node.concat(List.of(Node.Scalar.string(r.substring(0, cut), Loc.NONE), u,
          Node.Scalar.string(r.substring(cut), Loc.NONE)), Loc.NONE));
      if (random.nextBoolean()) {
        // alone, so that nothing else decides the answer
        Map<String, Node> root = new LinkedHashMap<>(((Node.Obj) original).members());
        root.put("Statement", new Node.Arr(List.of(), Loc.NONE));
        original = new Node.Obj(root, Loc.NONE);
      }
      original = withStatement(original, new Node.Obj(m, Loc.NONE));
      original = withStatement(original, SourceReader.read(("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\""
          + r.substring(0, cut).replace("\\", "\\\\").replace("\"", "\\\"") + (1 + random.nextInt(2)) + "*\"}").getBytes(StandardCharsets.UTF_8)));
    } else if (account == null || random.nextInt(3) == 0) {
      spliced = strings.get(random.nextInt(strings.size()));
      at = random.nextInt(spliced.text().length() + 1);
    }
    Node withUnknown = replace(original, account, spliced, at, u, random);
    if (Node.unknowns(withUnknown).isEmpty()) {
      Statistics.label("account taken").collect(false);
      return;
    }
    Deployment.Variants vs = Deployment.of(withUnknown, false);
    boolean taken = vs.variants().get(0).values().containsKey(ACCOUNT);
    Statistics.label("account taken").collect(taken);
    // At least a tenth of the 50 tries take the account (about 40% do; 30% failed by chance on a clean-clone run).
    Statistics.label("account taken").coverage(c -> c.check(true).percentage(x -> x >= 10));
    if (!taken) {
      return; // widened: WideningPropertiesTest checks that
    }
    Map<String, Boolean> checked = new LinkedHashMap<>();
    for (Deployment.Variant v : vs.variants()) {
      checked.put(v.values().get(ACCOUNT), publicByBruteForce(v.widened().json(), seed));
    }
    String fresh = vs.variants().get(0).values().get(ACCOUNT);
    Set<String> reals = new LinkedHashSet<>(checked.keySet());
    reals.remove(fresh);
    for (String a : PolicyArbitraries.ACCOUNTS) {
      reals.add(a);
    }
    while (reals.size() < checked.size() + 3) {
      String r = String.format("%d%011d", 1 + random.nextInt(9), (long) (random.nextDouble() * 1e11));
      if (!r.equals(RequestUniverse.FRESH_ACCOUNT) && !r.equals(fresh) && !checked.containsKey(r)) {
        reals.add(r);
      }
    }
    boolean worstReal = false;
    for (String r : reals) {
      Widening.Widened w = Widening.widen(Deployment.substitute(withUnknown, Map.of(ACCOUNT, r)), false);
      boolean answer = publicByBruteForce(w.json(), seed);
      boolean expected = checked.getOrDefault(r, checked.get(fresh));
      assertEquals(expected, answer, () -> "deployed in " + r + ": " + new String(w.json(), StandardCharsets.UTF_8) + "\nchecked as "
          + checked + " (" + vs.notes() + ")\n" + AccountGenericity.whyNot(parse(w.json())));
      worstReal |= answer;
    }
    assertEquals(checked.containsValue(true), worstReal);
  }

  static Policy parse(byte[] json) {
    ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE, Limits.DEFAULT);
    assertTrue(r.isValid(), () -> new String(json, StandardCharsets.UTF_8) + " " + r.errors());
    return r.policy();
  }

  static boolean publicByBruteForce(byte[] json, long seed) {
    Policy p = parse(json);
    return new RequestUniverse(List.of(p), null).find(q -> Evaluator.evaluate(p, q).outcome() == Outcome.ALLOW
        && PublicMeaning.isStranger(p, q, (String) null), 2, seed) != null;
  }

  /** The Resource strings of the Allow statements. */
  private static void collectResources(Node statements, List<Node.Scalar> out) {
    for (Node st : statements instanceof Node.Arr a ? a.items() : List.of(statements)) {
      if (st instanceof Node.Obj o && o.members().get("Effect") instanceof Node.Scalar e && e.text().equals("Allow")
          && o.members().containsKey("Resource")) {
        collectStrings(o.members().get("Resource"), out);
      }
    }
  }

  private static Node withStatement(Node policy, Node statement) {
    Node statements = ((Node.Obj) policy).members().get("Statement");
    List<Node> items = new ArrayList<>(statements instanceof Node.Arr a ? a.items() : List.of(statements));
    items.add(statement);
    Map<String, Node> m = new LinkedHashMap<>(((Node.Obj) policy).members());
    m.put("Statement", new Node.Arr(items, statements.loc()));
    return new Node.Obj(m, policy.loc());
  }

  private static void collectStrings(Node n, List<Node.Scalar> out) {
    if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      out.add(s);
    } else if (n instanceof Node.Obj o) {
      o.members().values().forEach(x -> collectStrings(x, out));
    } else if (n instanceof Node.Arr a) {
      a.items().forEach(x -> collectStrings(x, out));
    }
  }

  /**
   * {@code n} with most whole occurrences of {@code account} replaced by {@code u}, and {@code u} written into
   * {@code spliced} before its character {@code at}.
   */
  private static Node replace(Node n, String account, Node.Scalar spliced, int at, Node.Unknown u, Random random) {
    if (n instanceof Node.Partial) {
      return n;
    }
    if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      List<Node> parts = new ArrayList<>();
      String t = s.text();
      if (s == spliced) {
        parts.add(Node.Scalar.string(t.substring(0, at), s.loc()));
        parts.add(u);
        t = t.substring(at);
      }
      int last = 0;
      if (account != null) {
        Matcher m = AccountGenericity.RUN.matcher(t);
        while (m.find()) {
          if (m.group().equals(account) && random.nextInt(4) != 0) {
            parts.add(Node.Scalar.string(t.substring(last, m.start()), s.loc()));
            parts.add(u);
            last = m.end();
          }
        }
      }
      parts.add(Node.Scalar.string(t.substring(last), s.loc()));
      return parts.size() == 1 ? s : Node.concat(parts, s.loc());
    }
    if (n instanceof Node.Obj o) {
      Map<String, Node> m = new LinkedHashMap<>();
      o.members().forEach((k, v) -> m.put(k, replace(v, account, spliced, at, u, random)));
      return new Node.Obj(m, o.loc());
    }
    if (n instanceof Node.Arr a) {
      List<Node> items = new ArrayList<>();
      a.items().forEach(x -> items.add(replace(x, account, spliced, at, u, random)));
      return new Node.Arr(items, a.loc());
    }
    return n;
  }
}
