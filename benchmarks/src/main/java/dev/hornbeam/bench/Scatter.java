package dev.hornbeam.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code hornbeam-bench scatter}: Z3's time against cvc5's time for every query of a {@code corpus-run}
 * CSV, on log axes, with the diagonal; a query a solver did not decide is drawn on the border at the
 * time-out. Written as SVG and PNG (XChart) — the chart that decides whether a solver belongs in the
 * portfolio.
 */
@Command(name = "scatter", mixinStandardHelpOptions = true,
    description = "Plots z3 vs cvc5 solver time per query from a corpus-run CSV (SVG and PNG).")
public final class Scatter implements Callable<Integer> {
  @Option(names = "--csv", description = "corpus-run CSV (default benchmarks/results/corpus-run.csv).")
  Path csv = Path.of("benchmarks/results/corpus-run.csv");

  @Option(names = "--out", description = "Output path without extension (default benchmarks/results/scatter).")
  Path out = Path.of("benchmarks/results/scatter");

  @Option(names = "--timeout", description = "The run's time-out in ms, where undecided queries are drawn (default 10000).")
  double timeoutMillis = 10_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One solver's median time for a query, or the time-out when it did not decide. */
  record Point(double millis, boolean decided, String result) {}

  @Override
  public Integer call() throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, Map<String, Point>> byQuery = read(csv, timeoutMillis);
    List<Double> satX = new ArrayList<>();
    List<Double> satY = new ArrayList<>();
    List<Double> unsatX = new ArrayList<>();
    List<Double> unsatY = new ArrayList<>();
    List<Double> undecidedX = new ArrayList<>();
    List<Double> undecidedY = new ArrayList<>();
    int z3Faster = 0;
    int cvc5Faster = 0;
    for (Map<String, Point> q : byQuery.values()) {
      Point z = q.get("z3");
      Point c = q.get("cvc5");
      if (z == null || c == null) {
        continue;
      }
      double x = Math.max(0.01, z.millis());
      double y = Math.max(0.01, c.millis());
      if (!z.decided() || !c.decided()) {
        undecidedX.add(x);
        undecidedY.add(y);
      } else if (z.result().equals("SAT")) {
        satX.add(x);
        satY.add(y);
      } else {
        unsatX.add(x);
        unsatY.add(y);
      }
      if (x < y) {
        z3Faster++;
      } else if (y < x) {
        cvc5Faster++;
      }
    }
    int n = satX.size() + unsatX.size() + undecidedX.size();
    if (n == 0) {
      throw new IllegalArgumentException(csv + " has no query run on both z3 and cvc5");
    }
    XYChart chart = new XYChartBuilder().width(900).height(900)
        .title("Z3 vs cvc5 per query (median solver ms, " + n + " queries; undecided at the time-out)")
        .xAxisTitle("Z3 ms").yAxisTitle("cvc5 ms").build();
    var styler = chart.getStyler();
    styler.setXAxisLogarithmic(true);
    styler.setYAxisLogarithmic(true);
    styler.setMarkerSize(6);
    styler.setXAxisMin(0.01);
    styler.setYAxisMin(0.01);
    styler.setXAxisMax(timeoutMillis * 1.5);
    styler.setYAxisMax(timeoutMillis * 1.5);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    XYSeries diagonal = chart.addSeries("equal time", new double[] {0.01, timeoutMillis * 1.5}, new double[] {0.01, timeoutMillis * 1.5});
    diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
    add(chart, "SAT (public)", satX, satY, new Color(0xC0392B));
    add(chart, "UNSAT (not public)", unsatX, unsatY, new Color(0x2471A3));
    add(chart, "undecided by a solver", undecidedX, undecidedY, new Color(0x7D3C98));
    Files.createDirectories(out.toAbsolutePath().getParent());
    VectorGraphicsEncoder.saveVectorGraphic(chart, out.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d queries: z3 faster on %d, cvc5 faster on %d; %d undecided by a solver; wrote %s.svg and %s.png%n",
        n, z3Faster, cvc5Faster, undecidedX.size(), out, out);
    o.flush();
    return 0;
  }

  private static void add(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
    if (x.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
  }

  /** query → config → point, from {@code query,config,result,winner,solver_ms_median,wall_ms_median}. */
  static Map<String, Map<String, Point>> read(Path csv, double timeoutMillis) throws IOException {
    Map<String, Map<String, Point>> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      List<String> f = fields(line);
      if (f.size() < 5) {
        continue;
      }
      String result = f.get(2);
      boolean decided = result.equals("SAT") || result.equals("UNSAT");
      double millis = decided ? Double.parseDouble(f.get(4)) : timeoutMillis;
      out.computeIfAbsent(f.get(0), k -> new LinkedHashMap<>()).put(f.get(1), new Point(millis, decided, result));
    }
    return out;
  }

  /** The fields of one RFC 4180 line. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out;
  }
}
