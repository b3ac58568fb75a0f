package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.race.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Smoke test of {@code export} and {@code corpus-run} on a two-policy corpus written here (no ../shared needed). */
class CorpusRunTest {
  static final String PUBLIC_S3 = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
       "Resource":"arn:aws:s3:::my-bucket/*"}]}""";
  static final String PRIVATE_SQS = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
       "Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}]}""";

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path corpus(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("s3"));
    Files.createDirectories(dir.resolve("sqs"));
    Files.writeString(dir.resolve("s3/a.json"), PUBLIC_S3);
    Files.writeString(dir.resolve("sqs/b.json"), PRIVATE_SQS);
    Files.writeString(dir.resolve("sqs/broken.json"), "{\"Statement\": 3}");
    return dir;
  }

  @Test
  void theNativeBackendAndAutoRunFromTheCorpus(@TempDir Path tmp) throws Exception {
    Path corpus = corpus(tmp.resolve("corpus"));
    Path csv = tmp.resolve("run.csv");
    Run r = run("corpus-run", "--corpus", corpus.toString(), "--solvers", "native,auto", "--reps", "1", "--difference",
        "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Files.readAllLines(csv);
    for (String config : List.of("native", "auto")) {
      assertTrue(rows.stream().anyMatch(l -> l.startsWith("s3__a," + config + ",SAT,native,")), rows.toString());
      assertTrue(rows.stream().anyMatch(l -> l.startsWith("sqs__b," + config + ",UNSAT,native,")), rows.toString());
      assertTrue(rows.stream().anyMatch(l -> l.startsWith("s3__a__cross-account," + config + ",")), rows.toString());
    }
    // An archive holds text: the formulas are read back from it (SmtLibReader), so native and auto run on it
    // too; a file Hornbeam did not print is refused by those configurations, with its name.
    Path archive = tmp.resolve("archive");
    assertEquals(0, run("export", "--corpus", corpus.toString(), "--out", archive.toString(), "--pinned", "0", "--no-questions").code());
    Path archived = tmp.resolve("archived.csv");
    Run fromArchive = run("corpus-run", "--archive", archive.toString(), "--solvers", "native,auto", "--reps", "1",
        "--out", archived.toString());
    assertEquals(0, fromArchive.code(), fromArchive.out() + fromArchive.err());
    List<String> archivedRows = Files.readAllLines(archived);
    for (String config : List.of("native", "auto")) {
      assertTrue(archivedRows.stream().anyMatch(l -> l.startsWith("s3__a," + config + ",SAT,native,")), archivedRows.toString());
      assertTrue(archivedRows.stream().anyMatch(l -> l.startsWith("sqs__b," + config + ",UNSAT,native,")), archivedRows.toString());
    }
    Files.writeString(archive.resolve("zz__foreign.smt2"), "(set-logic ALL)\n(declare-const x String)\n(assert (str.contains x \"a\"))\n(check-sat)\n");
    Run refused = run("corpus-run", "--archive", archive.toString(), "--solvers", "native", "--reps", "1");
    assertTrue(refused.code() != 0 && (refused.err() + refused.out()).contains("zz__foreign is not a script Hornbeam printed"),
        refused.out() + refused.err());
  }

  @Test
  void exportThenCorpusRun(@TempDir Path tmp) throws Exception {
    Path corpus = corpus(tmp.resolve("corpus"));
    Path archive = tmp.resolve("archive");
    Run export = run("export", "--corpus", corpus.toString(), "--out", archive.toString(), "--pinned", "0", "--no-questions");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("2 queries") && export.out().contains("1 invalid"), export.out());
    List<String> index = Files.readAllLines(archive.resolve("index.csv"));
    assertEquals("file,source,type,exact,question", index.get(0));
    assertEquals(3, index.size(), index.toString());
    assertTrue(index.get(1).startsWith("s3__a.smt2,") && index.get(1).endsWith(",AWS::S3::Bucket,true,public-access"), index.get(1));
    assertTrue(index.get(2).startsWith("sqs__b.smt2,") && index.get(2).endsWith(",AWS::SQS::Queue,true,public-access"), index.get(2));
    String smt = Files.readString(archive.resolve("s3__a.smt2"), StandardCharsets.UTF_8);
    assertTrue(smt.startsWith("; hornbeam query archive"), smt);
    assertTrue(smt.contains("; source: ") && smt.contains("a.json") && smt.contains("; exact: true")
        && smt.contains("z3 s3__a.smt2") && smt.contains("--strings-exp"), smt);
    assertTrue(smt.contains("(check-sat)"), smt);

    Path csv = tmp.resolve("run.csv");
    Run r = run("corpus-run", "--archive", archive.toString(), "--reps", "1", "--timeout", "20000", "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("query,config,result,winner,solver_ms_median,wall_ms_median", rows.get(0));
    assertEquals(11, rows.size(), rows.toString()); // header, 2 queries x 5 configurations (all by default)
    for (String config : List.of("native", "z3", "cvc5", "race", "auto")) {
      assertTrue(rows.stream().anyMatch(l -> l.startsWith("s3__a," + config + ",SAT,")), rows.toString());
      assertTrue(rows.stream().anyMatch(l -> l.startsWith("sqs__b," + config + ",UNSAT,")), rows.toString());
      assertTrue(r.out().contains("\n" + config + " | 2 | 2 | 1 | 1 | 0 | 0 | 0 |"), r.out());
    }
    assertTrue(rows.stream().anyMatch(l -> l.startsWith("s3__a,z3,SAT,z3,")), rows.toString());
    assertTrue(rows.stream().anyMatch(l -> l.startsWith("s3__a,cvc5,SAT,cvc5,")), rows.toString());
    assertTrue(!r.out().contains("DISAGREEMENT"), r.out());
  }

  /** The difference questions of each corpus policy are in the archive, and run with the answers they must have. */
  @Test
  void differenceQuestionsAreArchivedAndRun(@TempDir Path tmp) throws Exception {
    Path corpus = corpus(tmp.resolve("corpus"));
    Path archive = tmp.resolve("archive");
    Run export = run("export", "--corpus", corpus.toString(), "--out", archive.toString(), "--pinned", "0");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("6 difference-question queries (6 exact)"), export.out());
    List<String> index = Files.readAllLines(archive.resolve("index.csv"));
    assertTrue(index.contains("cross-account__sqs__b.smt2," + Csv.field(corpus.resolve("sqs/b.json").toString())
        + ",AWS::SQS::Queue,true,cross-account"), index.toString());
    String smt = Files.readString(archive.resolve("cross-account__sqs__b.smt2"), StandardCharsets.UTF_8);
    assertTrue(smt.contains("; sat = P allows a principal outside account 111122223333"), smt);
    Path csv = tmp.resolve("run.csv");
    Run r = run("corpus-run", "--archive", archive.toString(), "--reps", "1", "--timeout", "20000", "--solvers", "race",
        "--out", csv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Files.readAllLines(csv);
    // The public S3 policy: its one statement is new access, grants no sensitive action, and lets anyone in.
    // The account-only queue policy: new access, no sensitive action, nobody outside its account.
    Map<String, String> expected = Map.of("no-new-access__s3__a", "SAT", "access-not-granted__s3__a", "UNSAT",
        "cross-account__s3__a", "SAT", "no-new-access__sqs__b", "SAT", "access-not-granted__sqs__b", "UNSAT",
        "cross-account__sqs__b", "UNSAT");
    for (var e : expected.entrySet()) {
      assertTrue(rows.stream().anyMatch(l -> l.startsWith(e.getKey() + ",race," + e.getValue() + ",")), e + " in " + rows);
    }
  }

  @Test
  void corpusRunStraightFromCorpus(@TempDir Path tmp) throws Exception {
    Path corpus = corpus(tmp.resolve("corpus"));
    Run r = run("corpus-run", "--corpus", corpus.toString(), "--reps", "1", "--solvers", "cvc5");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("\ncvc5 | 2 | 2 | 1 | 1 |"), r.out());
  }

  @Test
  void aSatAgainstAnUnsatIsADisagreement() {
    var agree = new CorpusRun.Row("q1", "z3", Outcome.SAT, "z3", 1, 1, List.of(Outcome.SAT), Map.of("z3", 1));
    var agree2 = new CorpusRun.Row("q1", "cvc5", Outcome.SAT, "cvc5", 1, 1, List.of(Outcome.SAT, Outcome.TIMEOUT), Map.of("cvc5", 1));
    var sat = new CorpusRun.Row("q2", "z3", Outcome.SAT, "z3", 1, 1, List.of(Outcome.SAT), Map.of("z3", 1));
    var unsat = new CorpusRun.Row("q2", "race", Outcome.UNSAT, "cvc5", 1, 1, List.of(Outcome.UNSAT), Map.of("cvc5", 1));
    List<String> d = CorpusRun.disagreements(List.of(agree, agree2, sat, unsat));
    assertEquals(1, d.size(), d.toString());
    assertTrue(d.get(0).startsWith("q2:"), d.get(0));
    assertTrue(CorpusRun.disagreements(List.of(agree, agree2)).isEmpty());
    // within one configuration, across repetitions, too
    var flip = new CorpusRun.Row("q3", "race", Outcome.SAT, "z3", 1, 1, List.of(Outcome.SAT, Outcome.UNSAT), Map.of());
    assertEquals(1, CorpusRun.disagreements(List.of(flip)).size());
  }

  @Test
  void unknownConfigurationIsRejected(@TempDir Path tmp) throws Exception {
    Run r = run("corpus-run", "--corpus", corpus(tmp.resolve("c")).toString(), "--solvers", "yices");
    assertTrue(r.code() != 0);
  }

  @Test
  void percentilesAndMedians() {
    assertEquals(2.0, CorpusRun.median(new double[] {3, 1, 2}));
    assertEquals(2.5, CorpusRun.median(new double[] {4, 1, 2, 3}));
    double[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5.0, CorpusRun.pct(s, 50));
    assertEquals(9.0, CorpusRun.pct(s, 90));
    assertEquals(10.0, CorpusRun.pct(s, 99));
  }
}
