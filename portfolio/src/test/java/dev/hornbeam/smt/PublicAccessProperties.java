package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.policy.universe.Realistic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.gen.PolicyArbitraries;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.portfolio.solver.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The public-access question against the reference evaluator: every PUBLIC witness is allowed and is a
 * stranger; for NOT_PUBLIC, no stranger request built from the policy's own actions, resources and
 * condition values (plus fresh accounts and values) is allowed.
 */
class PublicAccessProperties {
  static final int STRANGERS_PER_POLICY = 10;

  @Provide
  Arbitrary<Tuple3<Policy, ResourceType, List<Request>>> cases() {
    Arbitrary<ResourceType> types = Arbitraries.of(ResourceType.S3_BUCKET, ResourceType.KMS_KEY, ResourceType.SQS_QUEUE);
    return PolicyArbitraries.resourcePolicies().flatMap(p -> Combinators.combine(types,
        PolicyArbitraries.mixedRequestsFor(p).list().ofSize(STRANGERS_PER_POLICY)).as((t, rs) -> Tuple.of(p, t, rs)));
  }

  /**
   * 150 tries (larger policies, up to six statements): ReferenceModelProperties does this at CI size
   * against the stronger reference (every kind of caller); this keeps the larger policies in view.
   */
  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  @StatisticsReport(onFailureOnly = false)
  void publicIffSomeStrangerIsAllowed(@ForAll("cases") Tuple3<Policy, ResourceType, List<Request>> c) {
    Policy p = c.get1();
    ResourceType type = c.get2();
    PinnedAgreementProperties.coverage(p);
    Query q = PublicAccess.query(p, type, null);
    Statistics.label("exact encoding").collect(q.exact());
    if (!q.exact()) {
      return;
    }
    // Both solvers, Z3 capped: its string solver alone takes seconds on a few of these (BENCHMARKS.md);
    // an UNKNOWN from one solver beside a definite answer from the other is no disagreement.
    Solve.Answer a = Solve.both(q, java.time.Duration.ofSeconds(3));
    Statistics.label("decided").collect(a.status() != Status.UNKNOWN);
    if (a.status() == Status.UNKNOWN) {
      return;
    }
    Statistics.label("answer").collect(a.sat() ? "PUBLIC" : "NOT_PUBLIC");
    if (a.sat()) {
      Request w = q.witness(a.model());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, w).outcome(), () -> "witness not allowed: " + w);
      assertNull(PublicMeaning.whyNotStranger(p, w, type), () -> "witness is no stranger: " + w);
    } else {
      for (Request r : c.get3()) {
        Request s = strangify(p, r, type);
        boolean stranger = PublicMeaning.isStranger(p, s, type);
        Statistics.label("built stranger requests").collect(stranger);
        if (stranger) {
          assertNotEquals(Outcome.ALLOW, Evaluator.evaluate(p, s).outcome(), () -> "NOT_PUBLIC, but a stranger is allowed: " + s);
        }
      }
    }
    Statistics.label("answer").coverage(cov -> {
      cov.check("PUBLIC").percentage(pct -> pct >= 20);
      cov.check("NOT_PUBLIC").percentage(pct -> pct >= 20);
    });
  }

  /** Turns a request drawn from the policy's vocabulary into one from a stranger, keeping what it can. */
  static Request strangify(Policy p, Request r, ResourceType type) {
    String name = r.action().contains(":") ? r.action().substring(r.action().indexOf(':') + 1) : r.action();
    String action = type.service() + ":" + name;
    RequestPrincipal who = r.principal();
    PublicMeaning.Named named = PublicMeaning.named(p);
    if (who instanceof RequestPrincipal.Aws aws) {
      String acct = named.accounts().contains(aws.accountId()) || !aws.accountId().matches("\\d{12}") ? "999999999999" : aws.accountId();
      String arn = "arn:aws:iam::" + acct + ":user/stranger";
      who = new RequestPrincipal.Aws(acct, arn);
    } else if (who instanceof RequestPrincipal.Federated f
        && !dev.hornbeam.policy.universe.IdentityProviders.strangersMayCall(f.provider())) {
      who = new RequestPrincipal.Federated("accounts.google.com");
    } else if (who instanceof RequestPrincipal.Service || who instanceof RequestPrincipal.CanonicalUser) {
      who = new RequestPrincipal.Anonymous();
    }
    Map<String, ContextValue> ctx = new LinkedHashMap<>();
    for (Map.Entry<String, ContextValue> e : r.context().entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      List<String> values = new ArrayList<>();
      for (String v : e.getValue().values()) {
        values.add(fresh(p, key, typed(p, key, v)));
      }
      if (values.isEmpty()) {
        continue;
      }
      ctx.put(e.getKey(), ContextKeys.isMultiValued(key) ? ContextValue.multi(values) : ContextValue.single(values.get(0)));
    }
    return Realistic.withDerivedKeys(new Request(who, action, r.resource(), ctx), DerivedKeys.KEYS);
  }

  /** A value of the type every typed operator on the key expects. */
  private static String typed(Policy p, String key, String v) {
    for (Statement s : p.statements()) {
      for (Condition c : s.conditions()) {
        if (!c.key().equalsIgnoreCase(key)) {
          continue;
        }
        OperatorFamily f = c.operator().base().family();
        if (f == OperatorFamily.NUMERIC && TypedValues.parseDecimal(v).isEmpty()) {
          return "1";
        } else if (f == OperatorFamily.DATE && TypedValues.parseDate(v).isEmpty()) {
          return "2020-01-01T00:00:00Z";
        } else if (f == OperatorFamily.BOOL && TypedValues.parseBool(v).isEmpty()) {
          return "true";
        } else if (f == OperatorFamily.BINARY && TypedValues.decodeBase64(v).isEmpty()) {
          return "QQ==";
        } else if (f == OperatorFamily.IP_ADDRESS && Cidrs.parseAddress(v).isEmpty()) {
          return "203.0.113.7";
        } else if (f == OperatorFamily.ARN && v.chars().filter(ch -> ch == ':').count() < 5) {
          return "arn:aws:s3:::" + v;
        }
      }
    }
    return v;
  }

  /** For a restricting key, a value that avoids the policy's fixed values. */
  private static String fresh(Policy p, String key, String v) {
    if (!PublicMeaning.restricting(key)) {
      return v;
    }
    dev.hornbeam.policy.universe.IdentityProviders.PublicIssuer owner = PublicMeaning.ownerRule(key);
    if (owner != null) {
      return PublicMeaning.ownerPrefixes(p, key, owner).stream().anyMatch(v::startsWith) ? "z" + v : v;
    }
    if (Cidrs.parseAddress(v).isPresent()) {
      for (String candidate : List.of(v, "203.0.113.7", "198.51.100.9", "1.1.1.1", "2001:db9::1", "fe80::1")) {
        byte[] address = Cidrs.parseAddress(candidate).orElseThrow();
        if (PublicMeaning.blocks(p, key).stream().noneMatch(b -> Cidrs.contains(b, address))) {
          return candidate;
        }
      }
      return v;
    }
    String out = v;
    for (int i = 0; i < 5 && (PublicMeaning.literals(p, key).contains(out)
        || PublicMeaning.literalsIgnoringCase(p, key).stream().anyMatch(out::equalsIgnoreCase)
        || PublicMeaning.fixedPrefixes(p, key).stream().anyMatch(out::startsWith)); i++) {
      out = out.isEmpty() ? "fresh" : "z" + out + "x";
    }
    return out;
  }
}
