package dev.hornbeam.policy.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** The generators cover the language and aim requests at their policies (the point of having them). */
class PolicyArbitrariesTest {

  /** Everything the generators promise shows up in a few thousand policies. */
  @Example
  void everyFeatureAppears() {
    Set<String> seen = new TreeSet<>();
    PolicyArbitraries.policies().sampleStream().limit(3000).forEach(p -> features(p, seen));
    Set<String> expected = new TreeSet<>(List.of(
        "version 2012-10-17", "version 2008-10-17", "version absent", "id", "sid", "no sid",
        "1 statement", "6 statements", "Allow", "Deny",
        "Principal", "NotPrincipal", "principal *", "AWS *", "AWS account", "AWS root", "AWS user", "AWS role",
        "AWS assumed-role", "AWS federated-user", "AWS unique id", "Service", "Federated", "CanonicalUser",
        "Action", "NotAction", "action *", "action with *", "action with ?", "action in odd case",
        "Resource", "NotResource", "no Resource", "resource *", "resource with *", "resource with ?",
        "resource with variable", "resource non-ASCII", "s3", "kms", "sqs",
        "IfExists", "value with variable", "value with * or ?", "value non-ASCII", "IPv6", "IPv4 bare",
        "epoch date", "ISO date", "decimal with trailing zero", "negative number", "key in odd case",
        "several conditions"));
    for (BaseOperator op : BaseOperator.values()) {
      expected.add(op.json());
    }
    for (SetQualifier q : SetQualifier.values()) {
      expected.add("qualifier " + q);
    }
    expected.removeAll(seen);
    assertEquals(Set.of(), expected, "features never generated");
  }

  private static void features(Policy p, Set<String> seen) {
    seen.add(p.version() == null ? "version absent" : "version " + p.version());
    if (p.id() != null) {
      seen.add("id");
    }
    seen.add(p.statements().size() == 1 ? "1 statement" : p.statements().size() + " statements");
    for (Statement s : p.statements()) {
      seen.add(s.sid() == null ? "no sid" : "sid");
      seen.add(s.effect().json());
      if (s.principal() != null) {
        seen.add(s.principal().jsonName());
        if (s.principal().principals() instanceof Principals.Listed l) {
          l.byType().forEach((t, vs) -> {
            seen.add(t == PrincipalType.AWS ? "AWS" : t.json());
            for (String v : vs) {
              if (t == PrincipalType.AWS) {
                seen.add(v.equals("*") ? "AWS *" : v.matches("\\d{12}") ? "AWS account"
                    : v.startsWith("AIDA") ? "AWS unique id" : v.endsWith(":root") ? "AWS root"
                    : "AWS " + v.split(":")[5].split("/")[0]);
              }
            }
          });
        } else {
          seen.add("principal *");
        }
      }
      seen.add(s.action().jsonName());
      for (String a : s.action().patterns()) {
        seen.add(a.equals("*") ? "action *" : a.contains("*") ? "action with *" : a.contains("?") ? "action with ?"
            : !a.equals(a.substring(0, a.indexOf(':')).toLowerCase() + a.substring(a.indexOf(':'))) || Character.isLowerCase(a.charAt(a.indexOf(':') + 1))
                ? "action in odd case" : "action");
      }
      if (s.resource() == null) {
        seen.add("no Resource");
      } else {
        seen.add(s.resource().jsonName());
        for (String r : s.resource().patterns()) {
          if (r.equals("*")) {
            seen.add("resource *");
            continue;
          }
          seen.add(r.split(":")[2]);
          String noVars = r.replaceAll("\\$\\{[^}]*}", "");
          if (noVars.contains("*")) {
            seen.add("resource with *");
          }
          if (noVars.contains("?")) {
            seen.add("resource with ?");
          }
          if (r.contains("${")) {
            seen.add("resource with variable");
          }
          if (r.chars().anyMatch(c -> c > 127)) {
            seen.add("resource non-ASCII");
          }
        }
      }
      if (s.conditions().size() > 1) {
        seen.add("several conditions");
      }
      for (Condition c : s.conditions()) {
        seen.add(c.operator().base().json());
        seen.add("qualifier " + c.operator().qualifier());
        if (c.operator().ifExists()) {
          seen.add("IfExists");
        }
        if (PolicyArbitraries.KEYS.stream().noneMatch(k -> k.name().equals(c.key()))) {
          seen.add("key in odd case");
        }
        OperatorFamily f = c.operator().base().family();
        for (String v : c.values()) {
          if ((f == OperatorFamily.STRING || f == OperatorFamily.ARN) && v.contains("${")) {
            seen.add("value with variable");
          }
          if ((f == OperatorFamily.STRING || f == OperatorFamily.ARN) && (v.contains("*") || v.contains("?"))) {
            seen.add("value with * or ?");
          }
          if (v.chars().anyMatch(ch -> ch > 127)) {
            seen.add("value non-ASCII");
          }
          if (f == OperatorFamily.IP_ADDRESS) {
            seen.add(v.contains(":") ? "IPv6" : v.contains("/") ? "IPv4" : "IPv4 bare");
          }
          if (f == OperatorFamily.DATE) {
            seen.add(v.matches("-?\\d+") ? "epoch date" : "ISO date");
          }
          if (f == OperatorFamily.NUMERIC && v.matches(".*\\.\\d*0")) {
            seen.add("decimal with trailing zero");
          }
          if (f == OperatorFamily.NUMERIC && v.startsWith("-")) {
            seen.add("negative number");
          }
        }
      }
    }
  }

  @Example
  void largerPoliciesOnRequest() {
    int max = PolicyArbitraries.policies(40).sampleStream().limit(300)
        .mapToInt(p -> p.statements().size()).max().orElse(0);
    assertTrue(max > 20 && max <= 40, "largest: " + max);
  }

  // ---------------------------------------------------------------- requests

  @Provide
  Arbitrary<Tuple2<Policy, Request>> policiesWithRequests() {
    return PolicyArbitraries.policiesWithRequests();
  }

  /**
   * Requests aim at their policy: a good share hit its actions, resources, principals and condition
   * keys, and values land both on and off the policy's numeric and address boundaries.
   */
  @Property(tries = 400)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void requestsCollideWithTheirPolicy(@ForAll("policiesWithRequests") Tuple2<Policy, Request> pr) {
    Policy p = pr.get1();
    Request r = pr.get2();
    List<Statement> sts = p.statements();

    boolean action = sts.stream().flatMap(s -> s.action().patterns().stream())
        .anyMatch(a -> PolicyArbitraries.glob(a, r.action(), true));
    collect("action matches a pattern", action, 40);

    List<String> resources = sts.stream().filter(s -> s.resource() != null)
        .flatMap(s -> s.resource().patterns().stream()).filter(x -> !x.equals("*")).toList();
    if (!resources.isEmpty()) {
      boolean hit = resources.stream()
          .anyMatch(x -> PolicyArbitraries.glob(x.replaceAll("\\$\\{[^}]*}", "*"), r.resource(), false));
      collect("resource matches a (non-*) pattern", hit, 30);
    }

    if (PolicyArbitraries.kindOf(p) == PolicyKind.RESOURCE) {
      collect("principal is named by the policy", named(p, r.principal()), 25);
      collect("principal is anonymous", r.principal() instanceof RequestPrincipal.Anonymous, 3);
    }

    List<Condition> conds = sts.stream().flatMap(s -> s.conditions().stream()).toList();
    if (!conds.isEmpty()) {
      collect("a condition key is in the context", conds.stream().anyMatch(c -> r.lookup(c.key()) != null), 50);
      collect("some condition key is absent", conds.stream().anyMatch(c -> r.lookup(c.key()) == null), 20);
    }
    for (Condition c : conds) {
      ContextValue v = r.lookup(c.key());
      if (v == null) {
        continue;
      }
      if (c.operator().qualifier() != SetQualifier.NONE) {
        collect("set-qualified key is multi-valued", v.multiValued(), 25);
      }
      if (v.multiValued() || v.values().isEmpty()) {
        continue;
      }
      String x = v.values().get(0);
      switch (c.operator().base().family()) {
        case NUMERIC -> {
          BigDecimal d = decimal(x);
          if (d != null) {
            boolean equal = c.values().stream().map(PolicyArbitrariesTest::decimal)
                .anyMatch(y -> y != null && y.compareTo(d) == 0);
            collect("number equals a policy value", equal, 10);
            collect("number differs from the policy values", !equal, 10);
          }
        }
        case IP_ADDRESS -> {
          Boolean inside = insideAny(x, c.values());
          if (inside != null) {
            collect("address inside a policy block", inside, 10);
            collect("address outside the policy blocks", !inside, 10);
          }
        }
        default -> {
          // other families: not measured
        }
      }
    }
  }

  private static void collect(String label, boolean value, double minPercent) {
    Statistics.label(label).collect(value);
    Statistics.label(label).coverage(c -> c.check(true).percentage(pct -> pct >= minPercent));
  }

  /** Whether the policy names this caller literally (ARN, account, service, provider or canonical id). */
  private static boolean named(Policy p, RequestPrincipal who) {
    return p.statements().stream().filter(s -> s.principal() != null)
        .map(s -> s.principal().principals())
        .flatMap(x -> x instanceof Principals.Listed l ? l.byType().entrySet().stream() : Stream.empty())
        .anyMatch(e -> e.getValue().stream().anyMatch(v -> switch (e.getKey()) {
          case AWS -> who instanceof RequestPrincipal.Aws a && (v.equals(a.arn()) || v.equals(a.accountId()))
              || who instanceof RequestPrincipal.CloudFrontOai o && o.arn().equals(v);
          case SERVICE -> who instanceof RequestPrincipal.Service x && x.name().equals(v);
          case FEDERATED -> who instanceof RequestPrincipal.Federated x && x.provider().equals(v);
          case CANONICAL_USER -> who instanceof RequestPrincipal.CanonicalUser x && x.id().equals(v)
              || who instanceof RequestPrincipal.CloudFrontOai o && o.canonicalUserId().equals(v);
        }));
  }

  private static BigDecimal decimal(String s) {
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether an address lies in one of the blocks; null when it is no address. */
  private static Boolean insideAny(String address, List<String> cidrs) {
    BigInteger v4 = PolicyArbitraries.ipv4(address);
    BigInteger a = v4 != null ? v4 : PolicyArbitraries.ipv6(address);
    if (a == null) {
      return null;
    }
    int bits = v4 != null ? 32 : 128;
    for (String c : cidrs) {
      String[] parts = c.split("/", 2);
      BigInteger n4 = PolicyArbitraries.ipv4(parts[0]);
      BigInteger n = n4 != null ? n4 : PolicyArbitraries.ipv6(parts[0]);
      int nbits = n4 != null ? 32 : 128;
      if (n == null || nbits != bits) {
        continue;
      }
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (a.shiftRight(bits - prefix).equals(n.shiftRight(bits - prefix))) {
        return true;
      }
    }
    return false;
  }

  /** requestsFor copes with policies the generators would not write (odd variables, blocks, dates). */
  @Example
  void requestsForAnyValidPolicy() {
    String text = """
        {"Version": "2012-10-17", "Statement": [{
          "Effect": "Allow", "Principal": {"AWS": ["AIDAAAAAAAAAAAAAAAAA", "arn:aws:iam::333333333333:user/z"],
                                          "Federated": "graph.facebook.com"},
          "NotAction": "ec2:*", "Resource": ["arn:aws:s3:::${", "arn:aws:s3:::${}x", "arn:aws:s3:::a/${aws:unknown}"],
          "Condition": {
            "IpAddress": {"aws:SourceIp": ["10.1.2.3/8", "::ffff:1.2.3.4/100"]},
            "DateLessThan": {"aws:CurrentTime": "2024-02-29T23:59:59.999999999+14:00"},
            "NumericLessThan": {"unknown:key": "0.5"},
            "ForAnyValue:StringLike": {"other:Key": ["*", "${aws:username}?"]},
            "Null": {"x:y": "true"}, "BinaryEquals": {"b:c": "QUJD"}
          }}]}
        """;
    ParseResult parsed = PolicyParser.parse(text, PolicyKind.RESOURCE);
    assertTrue(parsed.isValid(), parsed.problems()::toString);
    List<Request> rs = PolicyArbitraries.requestsFor(parsed.policy()).sampleStream().limit(300).toList();
    assertTrue(rs.stream().anyMatch(r -> r.lookup("aws:SourceIp") != null));
    assertTrue(rs.stream().anyMatch(r -> r.principal() instanceof RequestPrincipal.Federated f
        && f.provider().equals("graph.facebook.com")));
    assertTrue(PolicyArbitraries.requests().sampleStream().limit(300).map(Request::action)
        .collect(Collectors.toSet()).size() > 10);
  }
}
