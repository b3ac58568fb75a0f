package dev.hornbeam.bench;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.race.Strategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.hornbeam.policy.resource.ResourceType;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench growth}: time per public-access check end to end ({@link PolicyChecker}, worker
 * processes, one per solver, answer cache off) against policy size — generated bucket policies
 * ({@link BenchPolicies#generated}) of 1 … 100 statements, public and not-public variants — under each
 * strategy. One checker per strategy, all started at once; repetitions are the outer loop, then policies, then
 * strategies in an order rotated per repetition (a slow moment of the machine spreads over sizes and
 * strategies alike); medians per cell. CSV and, with {@code --chart}, an SVG and PNG chart (log–log).
 */
@Command(name = "growth", mixinStandardHelpOptions = true,
    description = "Time per public-access check (workers, cache off) against policy size (generated policies); CSV + optional chart.")
public final class Growth implements Callable<Integer> {
  static final String HEADER = "statements,variant,strategy,result,reason,reps,solved,total_ms_median,total_ms_min,total_ms_max,"
      + "wall_ms_median,encode_ms_median,solver_ms_median,query_bytes";

  @Option(names = "--sizes", split = ",", description = "Statement counts (default 1,2,5,10,20,50,100).")
  List<Integer> sizes = List.of(1, 2, 5, 10, 20, 50, 100);

  @Option(names = "--strategies", split = ",", description = "Of race, z3, cvc5 (default race,z3,cvc5).")
  List<String> strategies = List.of("race", "z3", "cvc5");

  @Option(names = "--variants", split = ",", description = "Of public, private (default public,private).")
  List<String> variants = List.of("public", "private");

  @Option(names = "--reps", description = "Repetitions per cell (default 7).")
  int reps = 7;

  @Option(names = "--deadline", description = "Deadline per check in ms (default 5000, the service's default); an undecided check counts as its total time.")
  long deadlineMs = 5_000;

  @Option(names = "--out", description = "CSV to write (default benchmarks/results/growth.csv).")
  Path out = Path.of("benchmarks/results/growth.csv");

  @Option(names = "--chart", description = "Chart path without extension (SVG and PNG); none by default.")
  Path chart;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  record Cell(int statements, String variant) {}

  record Row(int statements, String variant, String strategy, String result, String reason, int reps, int solved, double totalMs,
      double minMs, double maxMs, double wallMs, double encodeMs, double solverMs, int queryBytes) {}

  @Override
  public Integer call() throws Exception {
    if (reps < 1 || deadlineMs < 1 || sizes.stream().anyMatch(s -> s < 1 || s > BenchPolicies.LARGE)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reps, --deadline positive; sizes 1.." + BenchPolicies.LARGE);
    }
    for (String v : variants) {
      if (!v.equals("public") && !v.equals("private")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown variant " + v + " (public, private)");
      }
    }
    List<Strategy> strats = new ArrayList<>();
    for (String s : strategies) {
      strats.add(CorpusRun.strategy(s));
    }
    List<Cell> cells = new ArrayList<>();
    Map<Cell, Policy> policies = new TreeMap<>((a, b) -> a.statements() != b.statements()
        ? Integer.compare(a.statements(), b.statements()) : a.variant().compareTo(b.variant()));
    for (int n : sizes) {
      for (String v : variants) {
        Cell c = new Cell(n, v);
        cells.add(c);
        policies.put(c, BenchPolicies.parse(BenchPolicies.generated(n, v.equals("public"))));
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Row> rows = new ArrayList<>();
    int k = strats.size();
    int m = cells.size();
    double[][][] total = new double[k][m][reps];
    double[][][] wall = new double[k][m][reps];
    double[][][] encode = new double[k][m][reps];
    double[][][] solver = new double[k][m][reps];
    PublicAccessAnswer[][] last = new PublicAccessAnswer[k][m];
    int[][] solved = new int[k][m];
    List<PolicyChecker> checkers = new ArrayList<>();
    long started = System.nanoTime();
    try {
      // One checker per strategy, all alive at once (idle workers cost no CPU), so that the strategies can be
      // interleaved: on a shared machine the load drifts, and it should drift over every strategy alike.
      for (Strategy s : strats) {
        checkers.add(startChecker(s, 1));
      }
      // One unmeasured pass over every cell: class loading, JIT, each worker's first queries.
      for (PolicyChecker checker : checkers) {
        for (Cell c : cells) {
          checker.isPublic(policies.get(c), ResourceType.S3_BUCKET, Duration.ofMillis(deadlineMs));
        }
      }
      err.printf("warm-up pass: %.1f s%n", (System.nanoTime() - started) / 1e9);
      err.flush();
      // Repetitions outermost, then cells, then strategies (their order rotated each repetition).
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < k; j++) {
            int si = (j + r) % k;
            long t0 = System.nanoTime();
            PublicAccessAnswer a = checkers.get(si).isPublic(policies.get(cells.get(i)), ResourceType.S3_BUCKET,
                Duration.ofMillis(deadlineMs));
            wall[si][i][r] = (System.nanoTime() - t0) / 1e6;
            total[si][i][r] = a.timings().total() / 1e3;
            encode[si][i][r] = a.timings().encode() / 1e3;
            solver[si][i][r] = a.timings().solver() / 1e3;
            if (a.reason() == dev.hornbeam.portfolio.Reason.SOLVED) {
              solved[si][i]++;
            }
            if (last[si][i] == null || a.reason() != dev.hornbeam.portfolio.Reason.SOLVED) {
              last[si][i] = a;
            }
          }
        }
        err.printf("repetition %d of %d: %.1f s%n", r + 1, reps, (System.nanoTime() - started) / 1e9);
        err.flush();
      }
    } finally {
      checkers.forEach(PolicyChecker::close);
    }
    for (int si = 0; si < k; si++) {
      for (int i = 0; i < m; i++) {
        Cell c = cells.get(i);
        int bytes = dev.hornbeam.smt.PublicAccess.query(policies.get(c), ResourceType.S3_BUCKET, null).text().length();
        double[] sorted = total[si][i].clone();
        java.util.Arrays.sort(sorted);
        rows.add(new Row(c.statements(), c.variant(), strategies.get(si), last[si][i].result().name(), last[si][i].reason().name(),
            reps, solved[si][i], CorpusRun.median(total[si][i]), sorted[0], sorted[sorted.length - 1],
            CorpusRun.median(wall[si][i]), CorpusRun.median(encode[si][i]), CorpusRun.median(solver[si][i]), bytes));
      }
    }
    writeCsv(out, rows);
    o.print(table(rows));
    o.printf("wrote %s%n", out);
    if (chart != null) {
      chart(rows, chart);
      o.printf("wrote %s.svg and %s.png%n", chart, chart);
    }
    o.flush();
    return 0;
  }

  /** Worker processes (one per solver unless told), cache off, no recycling during a run. */
  static PolicyChecker startChecker(Strategy strategy, int workersPerSolver) throws InterruptedException {
    PortfolioConfig pc = PortfolioConfig.defaults().toBuilder().strategy(strategy).cacheEntries(0)
        .workersPerSolver(workersPerSolver).recycleAfter(1_000_000).build();
    PolicyChecker checker = PolicyChecker.start(pc, new SimpleMeterRegistry());
    if (!checker.portfolio().awaitReady(Duration.ofSeconds(120))) {
      checker.close();
      throw new IllegalStateException("workers did not start within 120 s");
    }
    return checker;
  }

  static void writeCsv(Path file, List<Row> rows) throws IOException {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d%n", r.statements(), r.variant(),
          r.strategy(), r.result(), r.reason(), r.reps(), r.solved(), r.totalMs(), r.minMs(), r.maxMs(), r.wallMs(), r.encodeMs(),
          r.solverMs(), r.queryBytes()));
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  /** Markdown table: one row per size and variant, one column per strategy (median total ms). */
  static String table(List<Row> rows) {
    List<String> strategies = rows.stream().map(Row::strategy).distinct().toList();
    Map<String, Map<String, Row>> byCell = new java.util.LinkedHashMap<>();
    rows.stream().sorted(java.util.Comparator.comparingInt(Row::statements).thenComparing(Row::variant))
        .forEach(r -> byCell.computeIfAbsent(r.statements() + "," + r.variant(), k -> new java.util.LinkedHashMap<>()).put(r.strategy(), r));
    StringBuilder b = new StringBuilder("| statements | variant | answer | query KB |");
    strategies.forEach(s -> b.append(' ').append(s).append(" ms |"));
    b.append("\n|---:|---|---|---:|");
    strategies.forEach(s -> b.append("---:|"));
    b.append('\n');
    for (var e : byCell.entrySet()) {
      Row any = e.getValue().values().iterator().next();
      String answers = e.getValue().values().stream().map(r -> r.reason().equals("SOLVED") ? r.result() : r.result() + "/" + r.reason())
          .distinct().reduce((x, y) -> x + " vs " + y).orElse("");
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f |", any.statements(), any.variant(), answers, any.queryBytes() / 1024.0));
      for (String s : strategies) {
        Row r = e.getValue().get(s);
        b.append(r == null ? " – |" : String.format(Locale.ROOT, " %.1f |", r.totalMs()));
      }
      b.append('\n');
    }
    b.append("(median total ms per check over repetitions: PolicyChecker's own measure, encode to answer)\n");
    return b.toString();
  }

  static void chart(List<Row> rows, Path path) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(900).height(600)
        .title("Time per public-access check against policy size (median; cache off; undecided = the deadline)")
        .xAxisTitle("statements").yAxisTitle("ms per check").build();
    var st = c.getStyler();
    st.setXAxisLogarithmic(true);
    st.setYAxisLogarithmic(true);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setMarkerSize(7);
    Map<String, Color> colors = Map.of("race", new Color(0x1E8449), "z3", new Color(0xC0392B), "cvc5", new Color(0x2471A3),
        "staggered", new Color(0x7D3C98));
    Map<String, List<Row>> series = new java.util.LinkedHashMap<>();
    rows.forEach(r -> series.computeIfAbsent(r.strategy() + " (" + r.variant() + ")", k -> new ArrayList<>()).add(r));
    for (var e : series.entrySet()) {
      List<Row> rs = e.getValue().stream().sorted(java.util.Comparator.comparingInt(Row::statements)).toList();
      XYSeries s = c.addSeries(e.getKey(), rs.stream().map(r -> (double) r.statements()).toList(),
          rs.stream().map(r -> Math.max(0.01, r.totalMs())).toList());
      Row first = rs.get(0);
      Color color = colors.getOrDefault(first.strategy(), Color.DARK_GRAY);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setLineColor(color);
      s.setMarkerColor(color);
      s.setMarker(first.variant().equals("public") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
      if (first.variant().equals("private")) {
        s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      }
    }
    Files.createDirectories(path.toAbsolutePath().getParent());
    VectorGraphicsEncoder.saveVectorGraphic(c, path.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    BitmapEncoder.saveBitmap(c, path.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
