package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every policy of the shared corpus parses as its kind: valid ones into the model (and back: print →
 * parse is the identity), invalid ones into located errors. The invalid ones are listed, with the
 * reason, in {@code src/test/resources/corpus/invalid.tsv}; a change in what is invalid fails here.
 * Regenerate the list with {@code -Dhornbeam.corpus.regenerate=true} and review the diff.
 */
class CorpusParseTest {
  private static final String LIST = "corpus/invalid.tsv";

  @Test
  void everyCorpusPolicyParsesAsItsKind() throws IOException {
    List<Corpus.Entry> entries = Corpus.entries();
    assumeTrue(!entries.isEmpty(), "no corpus on this machine");
    assertTrue(entries.size() > 2000, "expected the whole corpus, found " + entries.size());

    TreeMap<String, String> invalid = new TreeMap<>();
    int valid = 0;
    for (Corpus.Entry e : entries) {
      byte[] bytes = e.bytes();
      ParseResult r = PolicyParser.parse(bytes, e.kind(), e.limits());
      Json tree = JsonReader.read(bytes, p -> {});
      assertNotNull(tree, e.name() + " is JSON");
      for (Problem p : r.problems()) {
        assertTrue(Pointers.resolves(tree, p.pointer()), e.name() + ": pointer " + p.pointer() + " resolves");
      }
      if (r.isValid()) {
        valid++;
        ParseResult again = PolicyParser.parse(PolicyPrinter.print(r.policy()), e.kind(), e.limits());
        assertEquals(r.policy(), again.policy(), e.name() + ": print then parse gives the same model");
      } else {
        TreeSet<String> reasons = new TreeSet<>();
        r.errors().forEach(p -> reasons.add(p.code() + " " + p.pointer()));
        invalid.put(e.name(), String.join("; ", reasons) + "\t" + r.errors().get(0).message());
      }
    }

    StringBuilder listed = new StringBuilder();
    listed.append("# corpus policy\terrors (code pointer)\tfirst message\n");
    invalid.forEach((k, v) -> listed.append(k).append('\t').append(v).append('\n'));
    if (Boolean.getBoolean("hornbeam.corpus.regenerate")) {
      Path out = Path.of("src/test/resources", LIST);
      Files.writeString(out, listed.toString(), StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(LIST)) {
      assertNotNull(in, LIST);
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, listed.toString(), "the invalid corpus policies and their reasons");
    assertFalse(invalid.isEmpty());
    assertTrue(valid > 2000, "valid: " + valid);
  }

  @Test
  void invalidListNamesOnlyExistingFiles() throws IOException {
    Path root = Corpus.root();
    assumeTrue(root != null, "no corpus on this machine");
    List<String> missing = new ArrayList<>();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(LIST)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank() && !Files.exists(root.resolve(line.split("\t")[0]))) {
          missing.add(line.split("\t")[0]);
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
