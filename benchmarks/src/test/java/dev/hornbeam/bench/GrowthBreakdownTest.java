package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Smoke test of {@code growth}, {@code breakdown} and the {@code jmh} pass-through on tiny settings (seconds). */
class GrowthBreakdownTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = BenchCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void growthWritesOneRowPerSizeVariantAndStrategy(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("g.csv");
    Run r = run("growth", "--sizes", "1,2", "--strategies", "cvc5", "--reps", "2", "--deadline", "20000",
        "--out", csv.toString(), "--chart", tmp.resolve("g").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(Growth.HEADER, lines.get(0));
    assertEquals(5, lines.size(), lines.toString());
    int columns = Growth.HEADER.split(",").length;
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      assertEquals(columns, f.length, l);
      assertEquals("cvc5", f[2], l);
      assertEquals("SOLVED", f[4], l);
      assertEquals(f[1].equals("public") ? "PUBLIC" : "NOT_PUBLIC", f[3], l);
      assertEquals("2", f[5], l);
      assertEquals("2", f[6], l);
      double total = Double.parseDouble(f[7]);
      assertTrue(total > 0 && Double.parseDouble(f[8]) <= total && total <= Double.parseDouble(f[9]), l);
      assertTrue(Integer.parseInt(f[13]) > 100, l);
    }
    Set<String> cells = lines.stream().skip(1).map(l -> l.split(",")[0] + "," + l.split(",")[1]).collect(Collectors.toSet());
    assertEquals(Set.of("1,public", "1,private", "2,public", "2,private"), cells);
    assertTrue(r.out().contains("| 2 | public | PUBLIC |"), r.out());
    assertTrue(Files.size(tmp.resolve("g.svg")) > 1000 && Files.size(tmp.resolve("g.png")) > 1000);
  }

  @Test
  void breakdownWritesEveryPhaseForEachPolicy(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("b.csv");
    Run r = run("breakdown", "--n", "3", "--strategies", "cvc5", "--warmup", "1", "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(Breakdown.HEADER, lines.get(0));
    assertEquals(1 + 2 * Breakdown.PHASES.size(), lines.size(), lines.toString());
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      assertEquals(8, f.length, l);
      assertEquals("3", f[4], l);
      double median = Double.parseDouble(f[5]);
      assertTrue(median >= 0 && Double.parseDouble(f[6]) >= median, l);
      if (Set.of("parse+validate", "encode", "solver", "checker total").contains(f[3])) {
        assertTrue(median > 0, "a phase that always takes time: " + l);
      }
    }
    // a PUBLIC answer's witness is decoded and checked; a NOT_PUBLIC answer has neither
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("typical-public,cvc5,PUBLIC,witness check,3,")
        && Double.parseDouble(l.split(",")[5]) > 0), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("typical,cvc5,NOT_PUBLIC,decode,3,0.0,")), lines.toString());
  }

  @Test
  void badSettingsAreRejected() {
    assertTrue(run("growth", "--sizes", "101").code() != 0);
    assertTrue(run("growth", "--variants", "semi").code() != 0);
    assertTrue(run("breakdown", "--n", "0").code() != 0);
    assertTrue(run("breakdown", "--strategies", "cvc5,yices", "--n", "1").code() != 0);
  }
}
