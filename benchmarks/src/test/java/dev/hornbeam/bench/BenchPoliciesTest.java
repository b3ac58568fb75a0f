package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark policies: valid, the sizes they claim, deterministic, exactly encodable; the JMH list generated. */
class BenchPoliciesTest {
  @Test
  void theHundredStatementPoliciesParseAndAreValid() {
    for (boolean isPublic : List.of(true, false)) {
      String json = BenchPolicies.generated(BenchPolicies.LARGE, isPublic);
      ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE, Limits.DEFAULT);
      assertTrue(r.isValid(), r.problems().toString());
      assertTrue(r.warnings().isEmpty(), r.warnings().toString());
      Policy p = r.policy();
      assertEquals(100, p.statements().size());
      Set<String> sids = new HashSet<>();
      for (Statement s : p.statements()) {
        assertTrue(sids.add(s.sid()), "duplicate Sid " + s.sid());
      }
      assertEquals(json, BenchPolicies.generated(BenchPolicies.LARGE, isPublic), "deterministic");
      assertTrue(PublicAccess.query(p, ResourceType.S3_BUCKET, null).exact(), "exact encoding");
    }
  }

  @Test
  void everyGrowthSizeIsValidExactAndAsLongAsAsked() {
    for (int n : List.of(1, 2, 5, 10, 20, 50, 100)) {
      for (boolean isPublic : List.of(true, false)) {
        Policy p = BenchPolicies.parse(BenchPolicies.generated(n, isPublic));
        assertEquals(n, p.statements().size());
        Query q = PublicAccess.query(p, ResourceType.S3_BUCKET, null);
        assertTrue(q.exact(), n + " " + isPublic + ": " + q.gaps());
      }
    }
    // The variants differ in what they grant: the public one lets an anonymous caller read public/*.
    var anonymous = BenchPolicies.request("small");
    assertEquals(Outcome.ALLOW, Evaluator.evaluate(BenchPolicies.parse(BenchPolicies.generated(20, true)), anonymous).outcome());
    assertEquals(Outcome.IMPLICIT_DENY, Evaluator.evaluate(BenchPolicies.parse(BenchPolicies.generated(20, false)), anonymous).outcome());
  }

  @Test
  void theNamedPoliciesAllowTheirBenchmarkRequest() {
    for (String size : List.of("small", "typical", "typical-public", "large")) {
      Policy p = BenchPolicies.parse(BenchPolicies.json(size));
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, BenchPolicies.request(size)).outcome(), size);
    }
    // the typical policies are the corpus's S3 bucket policies, within S3's own quota
    for (String size : List.of("typical", "typical-public")) {
      ParseResult r = PolicyParser.parse(BenchPolicies.json(size), PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits());
      assertTrue(r.isValid(), size + ": " + r.problems());
      assertEquals(3, r.policy().statements().size(), size);
    }
    String sources = BenchPolicies.resource("SOURCES.tsv");
    assertTrue(sources.contains("typical.json\ts3/cartography__s3_LIST_STATEMENTS.json"), sources);
  }

  @Test
  void jmhBenchmarkListIsGenerated() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertTrue(in != null, "META-INF/BenchmarkList missing: JMH's annotation processor did not run");
      String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String b : List.of("PolicyBench.parseAndValidate", "PolicyBench.evaluate", "PolicyBench.encodePublicAccess",
          "PolicyBench.encodePinnedRequest", "SolveBench.publicAccess", "CheckBench.isPublic")) {
        String generated = "dev.hornbeam.bench.jmh.jmh_generated." + b.replace('.', '_') + "_jmhTest";
        assertTrue(list.contains(generated), generated + " not in the benchmark list");
      }
    }
  }
}
