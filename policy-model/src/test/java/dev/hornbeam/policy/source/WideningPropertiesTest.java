package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.gen.RequestUniverse;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.PolicyPrinter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The widening rule of {@link Widening} is sound: a generated resource policy with some of its values made
 * unknown (whole statements, elements, entries, condition values, parts of strings, partitions), then each
 * unknown given a concrete value (the original one, "*", another of the policy's values, Allow or Deny, a
 * partition of its domain): whatever the policy so substituted allows, by the reference evaluator, the
 * widened policy allows too — over every caller, action and resource of the request universe.
 */
class WideningPropertiesTest {
  @Provide
  Arbitrary<Policy> resourcePolicies() {
    return PolicyArbitraries.resourcePolicies();
  }

  @Property(tries = 300)
  void theWidenedPolicyAllowsEverythingAnySubstitutionAllows(@ForAll("resourcePolicies") Policy p, @ForAll long seed) {
    Random random = new Random(seed);
    Node original;
    try {
      original = SourceReader.read(PolicyPrinter.print(p).getBytes(StandardCharsets.UTF_8));
    } catch (SourceException e) {
      throw new AssertionError(e);
    }
    List<Node> scalars = new ArrayList<>();
    collectScalars(original, scalars);
    Map<Node, Node> unknownOf = new IdentityHashMap<>();
    Map<Node.Unknown, Node> substitution = new IdentityHashMap<>();
    Node.Obj root = (Node.Obj) original;
    Node statements = root.members().get("Statement");
    List<Node> candidates = new ArrayList<>();
    collectAll(statements, candidates);
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n && !candidates.isEmpty(); i++) {
      Node target = candidates.get(random.nextInt(candidates.size()));
      unknownOf.put(target, null);
    }
    Node withUnknowns = replace(original, unknownOf, substitution, scalars, random, true);
    Node substituted = replace(original, unknownOf, substitution, scalars, random, false);
    ParseResult s = PolicyParser.parse(Widening.write(Widening.plain(substituted)), PolicyKind.RESOURCE, Limits.DEFAULT);
    Assume.that(s.isValid());
    Widening.Widened w = Widening.widen(withUnknowns, false);
    Assume.that(w.refusal().isEmpty());
    ParseResult wp = PolicyParser.parse(w.json(), PolicyKind.RESOURCE, Limits.DEFAULT);
    assertTrue(wp.isValid(), () -> "widened policy invalid: " + new String(w.json(), StandardCharsets.UTF_8) + " " + wp.errors());
    Request r = new RequestUniverse(List.of(s.policy(), wp.policy()), null).find(
        q -> Evaluator.evaluate(s.policy(), q).outcome() == Outcome.ALLOW
            && Evaluator.evaluate(wp.policy(), q).outcome() != Outcome.ALLOW, 6, seed);
    assertNull(r, () -> "substituted " + new String(Widening.write(Widening.plain(substituted)), StandardCharsets.UTF_8)
        + "\nallows what the widened " + new String(w.json(), StandardCharsets.UTF_8) + " does not: " + r);
  }

  private static void collectScalars(Node n, List<Node> out) {
    if (n instanceof Node.Scalar) {
      out.add(n);
    } else if (n instanceof Node.Obj o) {
      o.members().values().forEach(x -> collectScalars(x, out));
    } else if (n instanceof Node.Arr a) {
      a.items().forEach(x -> collectScalars(x, out));
    }
  }

  private static void collectAll(Node n, List<Node> out) {
    out.add(n);
    if (n instanceof Node.Obj o) {
      o.members().values().forEach(x -> collectAll(x, out));
    } else if (n instanceof Node.Arr a) {
      a.items().forEach(x -> collectAll(x, out));
    }
  }

  private static final List<String> PARTITIONS = List.of("aws", "aws-cn");

  /**
   * {@code n} with each target replaced: by an unknown (a string sometimes only in its middle, or a partition
   * with its domain) when {@code unknowns}, else by the concrete value drawn for that unknown.
   */
  private static Node replace(Node n, Map<Node, Node> targets, Map<Node.Unknown, Node> substitution, List<Node> scalars,
      Random random, boolean unknowns) {
    if (targets.containsKey(n)) {
      if (unknowns) {
        Node u;
        if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING && s.text().length() > 2 && random.nextBoolean()) {
          int a = random.nextInt(s.text().length());
          int b = a + random.nextInt(s.text().length() - a + 1);
          Node.Unknown mid;
          Node value;
          if (random.nextInt(3) == 0) {
            mid = new Node.Unknown("partition", PARTITIONS, s.loc());
            value = Node.Scalar.string(PARTITIONS.get(random.nextInt(2)), s.loc());
          } else {
            mid = new Node.Unknown("middle", s.loc());
            String[] options = {s.text().substring(a, b), "*", "x", ""};
            value = Node.Scalar.string(options[random.nextInt(options.length)], s.loc());
          }
          substitution.put(mid, value);
          u = new Node.Partial(List.of(Node.Scalar.string(s.text().substring(0, a), s.loc()), mid,
              Node.Scalar.string(s.text().substring(b), s.loc())), s.loc());
        } else {
          Node.Unknown whole = new Node.Unknown("whole", n.loc());
          int pick = random.nextInt(5);
          Node value = pick == 0 ? n : pick == 1 ? Node.Scalar.string("*", n.loc()) : pick == 2
              ? Node.Scalar.string(random.nextBoolean() ? "Allow" : "Deny", n.loc()) : scalars.get(random.nextInt(scalars.size()));
          substitution.put(whole, value);
          u = whole;
        }
        targets.put(n, u);
        return u;
      }
      return substitute(targets.get(n), substitution);
    }
    if (n instanceof Node.Obj o) {
      Map<String, Node> m = new LinkedHashMap<>();
      o.members().forEach((k, v) -> m.put(k, replace(v, targets, substitution, scalars, random, unknowns)));
      return new Node.Obj(m, o.loc());
    }
    if (n instanceof Node.Arr a) {
      List<Node> items = new ArrayList<>();
      a.items().forEach(x -> items.add(replace(x, targets, substitution, scalars, random, unknowns)));
      return new Node.Arr(items, a.loc());
    }
    return n;
  }

  private static Node substitute(Node u, Map<Node.Unknown, Node> substitution) {
    if (u instanceof Node.Unknown x) {
      return substitution.get(x);
    }
    Node.Partial p = (Node.Partial) u;
    StringBuilder b = new StringBuilder();
    for (Node part : p.parts()) {
      b.append(((Node.Scalar) (part instanceof Node.Unknown x ? substitution.get(x) : part)).text());
    }
    return Node.Scalar.string(b.toString(), p.loc());
  }
}
