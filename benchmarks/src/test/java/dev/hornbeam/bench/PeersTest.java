package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peers} end to end on four bucket policies: both runners (python3 with the vendored policyuniverse;
 * node with iam-simulate, {@code npm ci} here when not installed), Hornbeam, the comparison and the CSV. The
 * policies: one public, one not, one whose Deny both peers ignore, and one whose conditions policyuniverse
 * joins with OR (a wildcard-account aws:PrincipalArn next to a fixed aws:PrincipalOrgID) while iam-simulate
 * takes the organisation as limiting.
 */
class PeersTest {
  static final Map<String, String> POLICIES = Map.of(
      "public.json", """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""",
      "account.json", """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}""",
      "deny.json", """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
           {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}""",
      "org.json", """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
           "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/reader"}}}]}""");

  @Test
  void bothPeersRunAndTheKnownDifferencesAreReported(@TempDir Path tmp) throws Exception {
    Path s3 = Files.createDirectories(tmp.resolve("corpus/s3"));
    for (var e : POLICIES.entrySet()) {
      Files.writeString(s3.resolve(e.getKey()), e.getValue());
    }
    Path csv = tmp.resolve("peers.csv");
    GrowthBreakdownTest.Run r = GrowthBreakdownTest.run("peers", "--corpus", tmp.resolve("corpus").toString(), "--folders", "s3",
        "--peers-dir", "peers", "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());

    List<String> lines = Files.readAllLines(csv);
    assertEquals(Peers.HEADER, lines.get(0));
    assertEquals(5, lines.size(), lines.toString());
    Map<String, String[]> byFile = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", 11);
      assertEquals(11, f.length, l);
      assertTrue(Double.parseDouble(f[4]) > 0 && Double.parseDouble(f[6]) > 0 && Double.parseDouble(f[8]) > 0, l);
      byFile.put(f[1], f);
    }
    // file -> hornbeam, policyuniverse, iam-simulate, differs
    expect(byFile, "public.json", "PUBLIC", "public", "public", "");
    expect(byFile, "account.json", "NOT_PUBLIC", "not-public", "not-public", "");
    expect(byFile, "deny.json", "NOT_PUBLIC", "public", "public", "policyuniverse iam-simulate");
    expect(byFile, "org.json", "NOT_PUBLIC", "public", "not-public", "policyuniverse");
    assertTrue(byFile.get("public.json")[10].contains("anonymous caller"), byFile.get("public.json")[10]);

    String out = r.out();
    assertTrue(out.contains("DIFF policyuniverse s3/deny.json: policyuniverse=public, hornbeam=NOT_PUBLIC [Deny] Deny ignored"), out);
    assertTrue(out.contains("the policy as written: EXPLICIT_DENY (denied by statement 1)"), out);
    assertTrue(out.contains("DIFF iam-simulate s3/deny.json: iam-simulate=public (statements 1)"), out);
    assertTrue(out.contains("DIFF policyuniverse s3/org.json: policyuniverse=public, hornbeam=NOT_PUBLIC"), out);
    assertTrue(out.contains("conditions ignored"), out);
    assertFalse(out.contains("DIFF iam-simulate s3/org.json"), out);
    assertFalse(out.contains("s3/public.json:") || out.contains("s3/account.json:"), out);
    assertTrue(out.contains("public | 1 | 2\n"), out); // policyuniverse's matrix row: 1 agreed PUBLIC, 2 NOT_PUBLIC called public
  }

  private static void expect(Map<String, String[]> rows, String file, String hornbeam, String policyuniverse, String iamSimulate,
      String differs) {
    String[] f = rows.get(file);
    assertEquals(List.of(hornbeam, "SOLVED", policyuniverse, iamSimulate, differs), List.of(f[2], f[3], f[5], f[7], f[9]), String.join(",", f));
  }

  @Test
  void peerLinesParse() {
    Map<String, Peers.PeerResult> r = Peers.parsePeerOutput("/a.json\tpublic\t1200\tstatements 1\n/b.json\tnot-public\t7\t\n/c.json\terror\t9\tKeyError: x\n");
    assertEquals(new Peers.PeerResult(Peers.PeerAnswer.PUBLIC, 1200, "statements 1"), r.get("/a.json"));
    assertEquals(Peers.PeerAnswer.NOT_PUBLIC, r.get("/b.json").answer());
    assertEquals("KeyError: x", r.get("/c.json").detail());
  }
}
