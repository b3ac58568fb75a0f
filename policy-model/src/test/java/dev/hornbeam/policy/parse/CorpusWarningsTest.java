package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.catalog.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How many warnings of each code the shared corpus gives, in total and per folder, listed in {@code
 * src/test/resources/corpus/warnings.tsv}: a change in the validator or the catalogue that moves them
 * fails here. Regenerate with {@code -Dhornbeam.corpus.regenerate=true} and review the diff.
 */
class CorpusWarningsTest {
  private static final String LIST = "corpus/warnings.tsv";

  @Test
  void warningCountsOverTheCorpusAreAsListed() throws IOException {
    List<Corpus.Entry> entries = Corpus.entries();
    assumeTrue(!entries.isEmpty(), "no corpus on this machine");

    TreeSet<String> folders = new TreeSet<>();
    Map<ProblemCode, Map<String, Integer>> counts = new EnumMap<>(ProblemCode.class);
    for (Corpus.Entry e : entries) {
      folders.add(e.folder());
      for (Problem p : PolicyParser.parse(e.bytes(), e.kind(), e.limits()).warnings()) {
        counts.computeIfAbsent(p.code(), c -> new TreeMap<>()).merge(e.folder(), 1, Integer::sum);
      }
    }

    StringBuilder listed = new StringBuilder();
    listed.append("# Warnings per code over the shared corpus (every policy, valid or not), in total and per folder;\n")
        .append("# checked by CorpusWarningsTest. Regenerate with\n")
        .append("#   mvn -pl policy-model test -Dtest=CorpusWarningsTest -Dhornbeam.corpus.regenerate=true\n")
        .append("# and review the diff. Catalogue: ").append(Catalog.aws().source()).append('\n')
        .append("# code\tall\t").append(String.join("\t", folders)).append('\n');
    counts.forEach((code, byFolder) -> {
      listed.append(code).append('\t').append(byFolder.values().stream().mapToInt(Integer::intValue).sum());
      folders.forEach(f -> listed.append('\t').append(byFolder.getOrDefault(f, 0)));
      listed.append('\n');
    });
    if (Boolean.getBoolean("hornbeam.corpus.regenerate")) {
      Files.writeString(Path.of("src/test/resources", LIST), listed.toString(), StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(LIST)) {
      assertNotNull(in, LIST);
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, listed.toString(), "warnings per code over the corpus");
    assertTrue(counts.containsKey(ProblemCode.MISSING_VERSION));
  }
}
