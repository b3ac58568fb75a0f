package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke of the upgrade gate on a tiny archive: a public S3 query, a private SQS query (both easy) and
 * slow-factoring.smt2, which neither solver settles in 60 s (so neither side ever solves it: never a
 * regression, and it exercises the time-out path).
 */
class GateTest {
  @TempDir static Path tmp;
  static Path corpus;
  static Path archive;

  @BeforeAll
  static void archive() throws Exception {
    corpus = CorpusRunTest.corpus(tmp.resolve("corpus"));
    archive = tmp.resolve("archive");
    assertEquals(0, CorpusRunTest.run("export", "--corpus", corpus.toString(), "--out", archive.toString(), "--pinned", "0", "--no-questions").code());
    try (InputStream in = GateTest.class.getResourceAsStream("/slow-factoring.smt2")) {
      Files.write(archive.resolve("slow-factoring.smt2"), in.readAllBytes());
    }
  }

  static Path config(String name, String text) throws Exception {
    Path f = tmp.resolve(name + ".properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void identicalConfigurationsPass() throws Exception {
    Path c = config("same", "strategy=race\ntimeout-ms=1500\nz3.version=4.14.1\ncvc5.version=1.3.2\n");
    Path out = tmp.resolve("report-same");
    var r = CorpusRunTest.run("gate", "--baseline", c.toString(), "--candidate", c.toString(), "--archive", archive.toString(),
        "--reps", "1", "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertFalse(r.out().contains("REGRESSION"), r.out());
    assertTrue(r.out().contains("regressions 0, newly solved 0, disagreements 0: gate passes"), r.out());
    assertTrue(r.out().contains("| solved | 2 / 3 | 2 / 3 |"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("gate.csv"));
    assertEquals(4, csv.size(), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("s3__a,SAME,SAT,true,")), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("slow-factoring,SAME,TIMEOUT,false,")), csv.toString());
    assertTrue(Files.readString(out.resolve("gate.md")).contains("gate passes"));
  }

  @Test
  void aTimeOutTheCandidateCannotMeetIsARegression() throws Exception {
    Path base = config("base", "strategy=cvc5\ntimeout-ms=1500\n");
    Path cand = config("tiny", "strategy=cvc5\ntimeout-ms=1\n");
    var r = CorpusRunTest.run("gate", "--baseline", base.toString(), "--candidate", cand.toString(), "--archive", archive.toString(), "--reps", "1");
    assertEquals(Gate.REGRESSION, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("REGRESSION s3__a: baseline SAT"), r.out());
    assertTrue(r.out().contains("REGRESSION sqs__b: baseline UNSAT"), r.out());
    assertFalse(r.out().contains("REGRESSION slow-factoring"), r.out()); // unsolved by both: no regression
    assertTrue(r.out().contains("GATE FAILS (regression)"), r.out());
  }

  @Test
  void aVersionTheWorkersDoNotLoadIsRefused() throws Exception {
    Path base = config("v-base", "strategy=race\nz3.version=4.14.1\n");
    Path cand = config("v-next", "strategy=race\nz3.version=4.15.0\n");
    var r = CorpusRunTest.run("gate", "--baseline", base.toString(), "--candidate", cand.toString(), "--corpus", corpus.toString(), "--reps", "1");
    assertEquals(Gate.UNUSABLE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("v-next names z3 4.15.0 but the workers loaded z3 4.14.1"), r.err());
  }

  /** Encoder settings need --corpus; solver options reach the solvers (an unknown one is refused). */
  @Test
  void encoderSettingsAndSolverOptions() throws Exception {
    Path base = config("enc-base", "strategy=cvc5\n");
    Path cand = config("enc-cand", "strategy=cvc5\nencoder.shortcuts=false\nencoder.pruning=false\ncvc5.option.strings-exp=true\n");
    var onArchive = CorpusRunTest.run("gate", "--baseline", base.toString(), "--candidate", cand.toString(), "--archive", archive.toString());
    assertEquals(Gate.UNUSABLE, onArchive.code(), onArchive.out() + onArchive.err());
    assertTrue(onArchive.err().contains("need --corpus"), onArchive.err());
    var r = CorpusRunTest.run("gate", "--baseline", base.toString(), "--candidate", cand.toString(), "--corpus", corpus.toString(), "--reps", "1");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("cvc5 options {strings-exp=true}, encoder shortcuts off, pruning off"), r.out());
    Path bad = config("bad-option", "strategy=cvc5\ncvc5.option.no-such-option=1\n");
    var refused = CorpusRunTest.run("gate", "--baseline", base.toString(), "--candidate", bad.toString(), "--corpus", corpus.toString(), "--reps", "1");
    assertEquals(Gate.UNUSABLE, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().contains("bad-option: solver workers do not start") || refused.err().contains("bad-option: the solvers fail on"), refused.err());
  }

  @Test
  void configurationFiles() throws Exception {
    Properties p = new Properties();
    p.load(new StringReader("name=n\nstrategy=staggered\nstagger.first=z3\nstagger.delay-ms=50\ntimeout-ms=700\n"
        + "z3.option.smt.random_seed=3\nencoder.shortcuts=false\n"));
    GateConfig c = GateConfig.parse(p, "x", "test");
    assertEquals(Strategy.STAGGERED, c.strategy());
    assertEquals(SolverId.Z3, c.staggerFirst());
    assertEquals(50, c.staggerDelayMs());
    assertEquals(700, c.timeoutMs());
    assertEquals(Map.of("smt.random_seed", "3"), c.options().get(SolverId.Z3));
    assertFalse(c.shortcuts());
    assertTrue(c.pruning());
    assertTrue(c.portfolio().launch().jvmOptions().contains("-Dhornbeam.z3.option.smt.random_seed=3"));
    Properties typo = new Properties();
    typo.setProperty("timeout_ms", "5");
    assertThrows(IllegalArgumentException.class, () -> GateConfig.parse(typo, "x", "test"));
    Properties bad = new Properties();
    bad.setProperty("strategy", "fastest");
    assertThrows(IllegalArgumentException.class, () -> GateConfig.parse(bad, "x", "test"));
    assertTrue(c.versionProblems(Map.of(SolverId.Z3, "z3 4.14.1")).isEmpty());
    for (Path example : List.of(Path.of("gate/z3.properties"), Path.of("gate/cvc5.properties"), Path.of("gate/race.properties"),
        Path.of("gate/staggered.properties"), Path.of("gate/no-shortcuts.properties"), Path.of("gate/cvc5-options.properties"))) {
      GateConfig.load(example); // the committed examples parse
    }
  }

  @Test
  void verdicts() {
    Gate.Cell sat = new Gate.Cell(List.of(Outcome.SAT), 1, 1, true, Outcome.SAT);
    Gate.Cell unsat = new Gate.Cell(List.of(Outcome.UNSAT), 1, 1, true, Outcome.UNSAT);
    Gate.Cell timeout = new Gate.Cell(List.of(Outcome.TIMEOUT), 10, 10, false, Outcome.TIMEOUT);
    assertEquals("DISAGREEMENT", Gate.verdict(sat, unsat));
    assertEquals("REGRESSION", Gate.verdict(sat, timeout));
    assertEquals("NEWLY_SOLVED", Gate.verdict(timeout, unsat));
    assertEquals("SAME", Gate.verdict(sat, sat));
    assertEquals("SAME", Gate.verdict(timeout, timeout));
    // solved means a majority of repetitions
    Gate.Cell once = Gate.cell(List.of(Outcome.SAT, Outcome.TIMEOUT, Outcome.TIMEOUT), List.of(new double[] {1, 1}, new double[] {9, 9}, new double[] {9, 9}));
    assertFalse(once.solved());
    assertEquals("REGRESSION", Gate.verdict(sat, once));
  }
}
