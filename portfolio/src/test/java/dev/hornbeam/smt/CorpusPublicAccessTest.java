package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.PublicMeaning;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every S3, KMS, SQS and SNS policy of the corpus that validates is encoded as the public-access
 * question; Z3 and cvc5 both accept the text and agree; every PUBLIC witness is allowed by the
 * reference evaluator and is a stranger. (The invalid ones are listed, with their errors, by
 * policy-model's CorpusParseTest.)
 */
class CorpusPublicAccessTest {
  /** MANIFEST.tsv's source labels (what the source says; not checked against AWS): file → label + basis. */
  static Map<String, String> labels() throws IOException {
    Map<String, String> out = new TreeMap<>();
    java.nio.file.Path manifest = Corpus.root().resolve("MANIFEST.tsv");
    for (String line : java.nio.file.Files.readAllLines(manifest)) {
      String[] f = line.split("\t", -1);
      if (f.length > 7 && !f[6].isEmpty() && !f[0].equals("file")) {
        out.put(f[0], f[6] + " (" + f[7] + ")");
      }
    }
    return out;
  }

  @Test
  void bothSolversAgreeOnEveryValidResourcePolicy() throws IOException {
    List<Corpus.Entry> entries = Corpus.entries().stream().filter(e -> ResourceType.fromName(e.folder()).isPresent()).toList();
    assumeTrue(!entries.isEmpty(), "no corpus on this machine");
    Map<String, String> labels = labels();
    List<String> labelDisagreements = new ArrayList<>();
    TreeMap<String, Integer> counts = new TreeMap<>();
    List<String> gaps = new ArrayList<>();
    for (Corpus.Entry e : entries) {
      ParseResult r = PolicyParser.parse(e.bytes(), e.kind(), e.limits());
      if (!r.isValid()) {
        counts.merge("invalid", 1, Integer::sum);
        continue;
      }
      ResourceType type = ResourceType.fromName(e.folder()).orElseThrow();
      Query q = PublicAccess.query(r.policy(), type, null);
      if (!q.exact()) {
        gaps.add(e.name() + ": " + q.gaps());
        counts.merge("gap", 1, Integer::sum);
        continue;
      }
      Solve.Answer a = Solve.both(q); // throws if Z3 and cvc5 disagree
      counts.merge(a.status().toString(), 1, Integer::sum);
      String label = labels.get(e.name());
      if (label != null && label.startsWith("public") != a.sat()) {
        labelDisagreements.add(e.name() + " labelled " + label + ", Hornbeam says " + (a.sat() ? "PUBLIC" : "NOT_PUBLIC"));
      }
      if (a.sat()) {
        Request w = q.witness(a.model());
        assertEquals(Outcome.ALLOW, Evaluator.evaluate(r.policy(), w).outcome(), () -> e.name() + ": witness " + w);
        assertTrue(PublicMeaning.isStranger(r.policy(), w, type), () -> e.name() + ": witness is no stranger: " + w);
      }
    }
    System.out.println("corpus public-access: " + counts + "\n  native answers: " + Solve.NATIVE_ANSWERS + " unknown: " + Solve.NATIVE_UNKNOWNS + "\n  gaps: " + String.join("\n  ", gaps)
        + "\n  source labels (unverified) that differ:\n  " + String.join("\n  ", labelDisagreements));
    assertEquals(null, counts.get("UNKNOWN"), "no query of the corpus should time out: " + counts);
    assertTrue(counts.getOrDefault("SAT", 0) > 50 && counts.getOrDefault("UNSAT", 0) > 50, counts.toString());
  }
}
