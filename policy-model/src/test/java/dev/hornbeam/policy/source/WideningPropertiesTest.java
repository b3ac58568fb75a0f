package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * The widening rule of {@link Widening} is sound: a generated resource policy with some of its values made
 * unknown (whole statements, elements, entries, condition values, parts of strings, partitions, choices of
 * {@code Fn::If}), then each unknown given a concrete value (the original one, "*", another of the policy's
 * values, Allow or Deny, a partition of its domain, one alternative of a choice or none): whatever the policy
 * so substituted allows, by the reference evaluator, the widened policy allows too — over every caller, action
 * and resource of the request universe; and where the substituted policy is public, so is the widened one.
 */
class WideningPropertiesTest {
  @Provide
  Arbitrary<Policy> resourcePolicies() {
    return PolicyArbitraries.resourcePolicies();
  }

  @Provide
  Arbitrary<Tuple2<Policy, ResourceType>> publicCases() {
    return Arbitraries.of(PUBLIC_TYPES).flatMap(t -> Arbitraries.oneOf(PolicyArbitraries.resourcePolicies(),
        PolicyArbitraries.whoCanCallPolicies(t.service())).map(p -> Tuple.of(p, t)));
  }

  static final List<ResourceType> PUBLIC_TYPES = List.of(ResourceType.S3_BUCKET, ResourceType.KMS_KEY, ResourceType.SQS_QUEUE);

  @Property(tries = 300)
  void theWidenedPolicyAllowsEverythingAnySubstitutionAllows(@ForAll("resourcePolicies") Policy p, @ForAll long seed) {
    Case c = Case.draw(p, seed, false);
    Request r = new RequestUniverse(List.of(c.substituted(), c.widened()), null).find(
        q -> Evaluator.evaluate(c.substituted(), q).outcome() == Outcome.ALLOW
            && Evaluator.evaluate(c.widened(), q).outcome() != Outcome.ALLOW, 6, seed);
    assertNull(r, () -> "substituted " + c.substitutedJson() + "\nallows what the widened " + c.widenedJson() + " does not: " + r);
  }

  /**
   * "Public" is not monotone in the requests allowed: who is a stranger depends on what the policy names
   * ({@link PublicMeaning}), and the widened policy names every value of a choice and every partition's ARN. So:
   * where a substituted policy allows a stranger to it (by brute force over the request universe), one of the
   * policies checked for it ({@link Deployment}: the answer is the worst of theirs) allows a stranger to it too.
   */
  @Property(tries = 2000)
  void theCheckedPoliciesArePublicWhereAnySubstitutionIs(@ForAll("publicCases") Tuple2<Policy, ResourceType> t,
      @ForAll long seed) {
    Case c = Case.draw(t.get1(), seed, true);
    ResourceType type = t.get2();
    List<Policy> all = new ArrayList<>(c.checked());
    all.add(c.substituted());
    RequestUniverse universe = new RequestUniverse(all, type.service());
    PublicMeaning.Check toSubstituted = PublicMeaning.check(c.substituted(), type);
    Request s = universe.find(q -> Evaluator.evaluate(c.substituted(), q).outcome() == Outcome.ALLOW
        && toSubstituted.whyNot(q) == null, 3, seed);
    Statistics.label("substitution public").collect(s != null);
    Statistics.label("choices").collect(c.choices() > 0);
    Statistics.label("policies checked").collect(c.checked().size() == 1 ? "1" : c.checked().size() <= 4 ? "2-4" : "5+");
    if (s == null) {
      return;
    }
    List<String> why = new ArrayList<>();
    for (Policy p : c.checked()) {
      PublicMeaning.Check toChecked = PublicMeaning.check(p, type);
      if (Evaluator.evaluate(p, s).outcome() == Outcome.ALLOW && toChecked.whyNot(s) == null) {
        return; // the same stranger
      }
      if (universe.find(q -> Evaluator.evaluate(p, q).outcome() == Outcome.ALLOW && toChecked.whyNot(q) == null, 3, seed) != null) {
        return;
      }
      why.add(toChecked.whyNot(s));
    }
    fail("for " + type + ", the substituted " + c.substitutedJson() + "\nallows the stranger " + s + "\nbut no policy checked for it"
        + " allows a stranger to it: " + c.checkedJson() + "\n(the stranger is none to them: " + why + ")");
  }

  /** A policy with some values made unknown, one substitution of them, and the widening. */
  record Case(Policy substituted, Policy widened, List<Policy> checked, String substitutedJson, String widenedJson,
      List<String> checkedJson, int choices) {
    /**
     * Draws a case from {@code p} (jqwik's Assume rejects one whose substitution is invalid or whose widening is
     * refused); {@code naming}: statements and what their Principal holds drawn as targets four times as often.
     */
    static Case draw(Policy p, long seed, boolean naming) {
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
      Map<Node, Node> substitution = new IdentityHashMap<>();
      Node.Obj root = (Node.Obj) original;
      Node statements = root.members().get("Statement");
      List<Node> candidates = new ArrayList<>();
      collectAll(statements, candidates);
      if (naming) {
        List<Node> items = statements instanceof Node.Arr a ? a.items() : List.of(statements);
        for (int i = 0; i < 3; i++) {
          for (Node x : items) {
            candidates.add(x);
            if (x instanceof Node.Obj o && o.members().containsKey("Principal")) {
              collectAll(o.members().get("Principal"), candidates);
            }
          }
        }
      }
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n && !candidates.isEmpty(); i++) {
        Node target = candidates.get(random.nextInt(candidates.size()));
        unknownOf.put(target, null);
      }
      Draw d = new Draw(unknownOf, substitution, scalars, candidates, random);
      Node withUnknowns = d.replace(original, true);
      Node substituted = d.replace(original, false);
      byte[] substitutedJson = Widening.write(Widening.plain(substituted));
      ParseResult s = PolicyParser.parse(substitutedJson, PolicyKind.RESOURCE, Limits.DEFAULT);
      Assume.that(s.isValid());
      Widening.Widened w = Widening.widen(withUnknowns, false);
      Assume.that(w.refusal().isEmpty());
      ParseResult wp = PolicyParser.parse(w.json(), PolicyKind.RESOURCE, Limits.DEFAULT);
      int choices = (int) unknownOf.values().stream().filter(x -> x instanceof Node.Choice).count();
      // Every alternative of a choice is written in: one that is invalid (a value the substitution did not
      // take) makes the widened policy invalid, which is its answer.
      Assume.that(choices == 0 || wp.isValid());
      assertTrue(wp.isValid(), () -> "widened policy invalid: " + new String(w.json(), StandardCharsets.UTF_8) + " " + wp.errors());
      List<Policy> checked = new ArrayList<>();
      List<String> checkedJson = new ArrayList<>();
      for (Deployment.Variant v : Deployment.of(withUnknowns, false).variants()) {
        Assume.that(v.widened().refusal().isEmpty());
        ParseResult vp = PolicyParser.parse(v.widened().json(), PolicyKind.RESOURCE, Limits.DEFAULT);
        Assume.that(vp.isValid()); // a choice's value the substitution did not take may be invalid
        checked.add(vp.policy());
        checkedJson.add(v.label() + ": " + new String(v.widened().json(), StandardCharsets.UTF_8));
      }
      return new Case(s.policy(), wp.policy(), checked, new String(substitutedJson, StandardCharsets.UTF_8),
          new String(w.json(), StandardCharsets.UTF_8), checkedJson, choices);
    }
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

  /** A substituted choice that took no value ({@code AWS::NoValue}): its member or item is left out. */
  private static final Node ABSENT = Node.Scalar.string("(absent)", Loc.NONE);

  /** The unknowns drawn for a case's targets and the value each is given. */
  private record Draw(Map<Node, Node> targets, Map<Node, Node> substitution, List<Node> scalars, List<Node> candidates,
      Random random, String partition) {
    /** The partition is one value in the whole deployment ({@link Node.Unknown#same}). */
    Draw(Map<Node, Node> targets, Map<Node, Node> substitution, List<Node> scalars, List<Node> candidates, Random random) {
      this(targets, substitution, scalars, candidates, random, PARTITIONS.get(random.nextInt(PARTITIONS.size())));
    }

    /**
     * {@code n} with each target replaced: by an unknown (a string sometimes only in its middle, or a partition
     * with its domain; or a choice of two values, sometimes also of none) when {@code unknowns}, else by the
     * concrete value drawn for that unknown.
     */
    Node replace(Node n, boolean unknowns) {
      if (targets.containsKey(n)) {
        if (unknowns) {
          Node u;
          if (random.nextInt(4) == 0) {
            u = choice(n);
          } else if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING && s.text().length() > 2 && random.nextBoolean()) {
            int a = random.nextInt(s.text().length());
            int b = a + random.nextInt(s.text().length() - a + 1);
            Node.Unknown mid;
            Node value;
            if (random.nextInt(3) == 0) {
              mid = new Node.Unknown("AWS::Partition", PARTITIONS, "AWS::Partition", s.loc());
              value = Node.Scalar.string(partition, s.loc());
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
        return substitute(targets.get(n));
      }
      if (n instanceof Node.Obj o) {
        Map<String, Node> m = new LinkedHashMap<>();
        o.members().forEach((k, v) -> {
          Node x = replace(v, unknowns);
          if (x != ABSENT) {
            m.put(k, x);
          }
        });
        return new Node.Obj(m, o.loc());
      }
      if (n instanceof Node.Arr a) {
        List<Node> items = new ArrayList<>();
        a.items().forEach(x -> {
          Node y = replace(x, unknowns);
          if (y != ABSENT) {
            items.add(y);
          }
        });
        return new Node.Arr(items, a.loc());
      }
      return n;
    }

    /**
     * {@code Fn::If} on a condition not known: {@code n} and another value ("*", an account, another
     * of the policy's values, or another of its parts of the same kind: a statement, an object, a list), in either order, sometimes with no value as a third; one of them
     * taken as its value.
     */
    private Node.Choice choice(Node n) {
      int pick = random.nextInt(4);
      List<Node> alike = candidates.stream().filter(x -> x.getClass() == n.getClass()).toList(); // n is one of them
      Node other = pick == 0 ? Node.Scalar.string("*", n.loc())
          : pick == 1 ? Node.Scalar.string(account(), n.loc())
          : pick == 2 ? scalars.get(random.nextInt(scalars.size())) : alike.get(random.nextInt(alike.size()));
      List<Node> alternatives = random.nextBoolean() ? List.of(n, other) : List.of(other, n);
      boolean maybeAbsent = random.nextInt(4) == 0;
      Node.Choice c = new Node.Choice("Fn::If [C" + random.nextInt(1000) + ", …]", alternatives, maybeAbsent, n.loc());
      int taken = random.nextInt(alternatives.size() + (maybeAbsent ? 1 : 0));
      substitution.put(c, taken < alternatives.size() ? alternatives.get(taken) : ABSENT);
      return c;
    }

    /** An account: a fresh one, or one the policy writes somewhere (alone, in an ARN or in a pattern). */
    private String account() {
      List<String> written = new ArrayList<>();
      for (Node x : scalars) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])").matcher(((Node.Scalar) x).text());
        while (m.find()) {
          written.add(m.group());
        }
      }
      return written.isEmpty() || random.nextBoolean() ? String.format("%012d", random.nextLong(1_000_000_000_000L))
          : written.get(random.nextInt(written.size()));
    }

    private Node substitute(Node u) {
      if (u instanceof Node.Unknown || u instanceof Node.Choice) {
        return substitution.get(u);
      }
      Node.Partial p = (Node.Partial) u;
      StringBuilder b = new StringBuilder();
      for (Node part : p.parts()) {
        b.append(((Node.Scalar) (part instanceof Node.Unknown x ? substitution.get(x) : part)).text());
      }
      return Node.Scalar.string(b.toString(), p.loc());
    }
  }
}
