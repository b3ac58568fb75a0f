package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README can be followed verbatim (issue 14): every {@code examples/…} file it names exists, and every
 * {@code $ bin/hornbeam …} command of its console examples that reads only files runs here with the first
 * output line README shows and the exit status that line means.
 */
class ReadmeExamplesTest {
  static final Path ROOT = Path.of("..");
  static final Map<String, Integer> EXIT = Map.of("PUBLIC", 1, "NOT_PUBLIC", 0, "FAIL", 1, "PASS", 0, "INVALID", 2);

  @Test
  void everyExampleFileReadmeNamesExists() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("examples/[A-Za-z0-9._-]+").matcher(readme);
    int named = 0;
    while (m.find()) {
      named++;
      assertTrue(Files.isRegularFile(ROOT.resolve(m.group())), "README names " + m.group() + ", which is not in the repository");
    }
    assertTrue(named >= 4, "README names the example files: " + named);
  }

  @Test
  void readmesCommandsGiveTheAnswersItShows() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    int ran = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("$ bin/hornbeam ") || line.contains("|") || line.contains("<")) {
        continue;
      }
      String command = line.substring("$ bin/hornbeam ".length()).replaceAll("\\s+#.*$", "").trim();
      List<String> args = new ArrayList<>();
      for (String a : command.split("\\s+")) {
        args.add(a.startsWith("examples/") ? ROOT.resolve(a).toString() : a);
      }
      String expected = lines.get(i + 1).trim();
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertEquals(expected, r.lines().isEmpty() ? "" : r.lines().get(0), command + "\n" + r.out() + r.err());
      if (EXIT.containsKey(expected)) {
        assertEquals(EXIT.get(expected), r.code(), command + ": " + Arrays.toString(args.toArray()));
      }
      ran++;
    }
    assertTrue(ran >= 3, "README's file-reading commands run: " + ran);
  }
}
