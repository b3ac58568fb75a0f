package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.portfolio.solver.SolverId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Times every {@code .smt2} file of a directory on both solvers (median of 3), for comparing query
 * shapes by hand: {@code -Dhornbeam.scripts=DIR}. Asserts nothing; skipped without the property.
 */
class ScriptTimingBench {
  @Test
  void timeScripts() throws IOException {
    String dir = System.getProperty("hornbeam.scripts");
    assumeTrue(dir != null, "run with -Dhornbeam.scripts=DIR");
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      files = s.filter(p -> p.toString().endsWith(".smt2")).sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      StringBuilder line = new StringBuilder(f.getFileName().toString());
      for (SolverId solver : SolverId.workers()) {
        long[] t = new long[3];
        String status = "";
        for (int i = 0; i < 3; i++) {
          Solve.Answer r = Solve.with(solver, text, Solve.TIMEOUT);
          t[i] = r.millis();
          status = r.status().toString();
        }
        Arrays.sort(t);
        line.append(String.format("  %s %s %d ms", solver, status, t[1]));
      }
      System.out.println(line);
    }
  }
}
