package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.policy.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's generated parts: pinned-request queries (export --pinned) and the stress corpus. */
class ArchiveGeneratorsTest {
  @Test
  void pinnedQueriesAreDeterministicAndNamed(@TempDir Path tmp) throws Exception {
    Path corpus = CorpusRunTest.corpus(tmp.resolve("corpus"));
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    var r = CorpusRunTest.run("export", "--corpus", corpus.toString(), "--out", a.toString(), "--pinned", "12", "--seed", "7", "--no-questions");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("12 pinned-request queries"), r.out());
    assertEquals(0, CorpusRunTest.run("export", "--corpus", corpus.toString(), "--out", b.toString(), "--pinned", "12", "--seed", "7", "--no-questions").code());
    List<String> index = Files.readAllLines(a.resolve("index.csv"));
    assertEquals("file,source,type,exact,question", index.get(0));
    assertEquals(1 + 2 + 12, index.size(), index.toString());
    assertTrue(index.get(1).startsWith("s3__a.smt2,") && index.get(1).endsWith(",AWS::S3::Bucket,true,public-access"), index.get(1));
    assertTrue(index.get(3).startsWith("pinned__s7_0000.smt2,") && index.get(3).endsWith(",pinned-request"), index.get(3));
    for (int i = 0; i < 12; i++) {
      String name = String.format("pinned__s7_%04d.smt2", i);
      String text = Files.readString(a.resolve(name), StandardCharsets.UTF_8);
      assertEquals(text, Files.readString(b.resolve(name), StandardCharsets.UTF_8), "same seed, same query: " + name);
      assertTrue(text.startsWith("; hornbeam query archive: pinned-request question"), text);
      assertTrue(text.contains("; source: generator PolicyArbitraries.policiesWithRequests(), seed 7, index " + i + " "), text);
      assertTrue(text.contains("(check-sat)"), text);
      // header lines are printable ASCII comments
      text.lines().takeWhile(l -> l.startsWith(";")).forEach(l -> assertTrue(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f), l));
    }
    Path c = tmp.resolve("c");
    assertEquals(0, CorpusRunTest.run("export", "--corpus", corpus.toString(), "--out", c.toString(), "--pinned", "12", "--seed", "8", "--no-questions").code());
    assertNotEquals(Files.readString(a.resolve("pinned__s7_0003.smt2")), Files.readString(c.resolve("pinned__s8_0003.smt2")));
  }

  @Test
  void stressPoliciesParseAndTheirQueriesAreExact(@TempDir Path tmp) throws Exception {
    var r = CorpusRunTest.run("stress", "--out", tmp.toString(), "--count", "10", "--seed", "3");
    assertEquals(0, r.code(), r.out() + r.err());
    List<Path> files;
    try (Stream<Path> s = Files.walk(tmp.resolve("corpus"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(10, files.size(), files.toString());
    int deniesWithConditions = 0;
    int notActions = 0;
    int maxStatements = 0;
    for (Path f : files) {
      ParseResult p = PolicyParser.parse(Files.readAllBytes(f), PolicyKind.RESOURCE, Limits.DEFAULT);
      assertTrue(p.isValid(), f + ": " + p.problems());
      String folder = f.getParent().getFileName().toString();
      var q = PublicAccess.query(p.policy(), ResourceType.fromName(folder).orElseThrow(), null);
      assertTrue(q.exact(), f + ": " + q.gaps());
      maxStatements = Math.max(maxStatements, p.policy().statements().size());
      for (var s : p.policy().statements()) {
        deniesWithConditions += s.effect() == dev.hornbeam.policy.model.Effect.DENY && !s.conditions().isEmpty() ? 1 : 0;
        notActions += s.action().negated() ? 1 : 0;
      }
    }
    assertEquals(100, maxStatements);
    assertTrue(deniesWithConditions > 0 && notActions > 0, deniesWithConditions + " " + notActions);
    String json = Files.readString(files.get(0));
    for (String op : List.of("IpAddress", "Arn", "Numeric", "Date", "String")) {
      assertTrue(files.stream().anyMatch(f -> read(f).contains(op)), op);
    }
    assertTrue(json.startsWith("{\"Version\":\"2012-10-17\""), json);
    try (Stream<Path> s = Files.list(tmp.resolve("archive"))) {
      assertEquals(10, s.filter(p -> p.toString().endsWith(".smt2")).count());
    }
    assertEquals(StressPolicies.generate(3, 4), StressPolicies.generate(3, 4), "deterministic");
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
