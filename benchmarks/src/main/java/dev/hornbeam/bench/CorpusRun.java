package dev.hornbeam.bench;

import dev.hornbeam.portfolio.Portfolio;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.RaceResult;
import dev.hornbeam.portfolio.race.Strategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLibReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench corpus-run}: every query of an archive (see {@link Export}) or of the corpus under
 * z3-only, cvc5-only and race, each configuration its own portfolio (worker processes, one per solver,
 * cache off), N repetitions, a per-query time-out. Writes a CSV and prints a summary per configuration;
 * any query answered SAT by one configuration (or repetition) and UNSAT by another is a disagreement:
 * printed, and the exit code is 3.
 */
@Command(name = "corpus-run", mixinStandardHelpOptions = true,
    description = "Runs every archived (or corpus) query under z3-only, cvc5-only and race; CSV + summary; fails on any SAT/UNSAT disagreement.")
public final class CorpusRun implements Callable<Integer> {
  static final int DISAGREEMENT = 3;

  static final class Source {
    @Option(names = "--archive", description = "Directory of .smt2 queries (written by export).")
    Path archive;

    @Option(names = "--corpus", description = "Policy corpus, encoded on the fly.")
    Path corpus;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--reps", description = "Repetitions per query and configuration (default 3).")
  int reps = 3;

  @Option(names = "--timeout", description = "Per-query time-out in ms (default 10000).")
  long timeoutMs = 10_000;

  @Option(names = "--solvers", split = ",",
      description = "Configurations, of native, z3, cvc5, race, auto (default: all five; from an --archive the formulas are read"
          + " back from the text).")
  List<String> solvers;

  @Option(names = "--difference", description = "With --corpus: also each policy's no-new-access question (against it without its last statement) and its cross-account question.")
  boolean difference;

  @Option(names = "--out", description = "CSV file to write (default: none).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Why queries were not decided, per configuration (first repetition). */
  private final Map<String, Integer> undecided = new TreeMap<>();

  /** One query: its name, SMT-LIB2 text and (from the corpus, not from an archive) its formulas. */
  record Item(String name, String text, dev.hornbeam.smt.api.Problem problem) {}

  /** A query's result under one configuration: the outcome, medians over the repetitions, wins per solver. */
  record Row(String query, String config, Outcome result, String winner, double solverMs, double wallMs,
      List<Outcome> outcomes, Map<String, Integer> wins) {}

  @Override
  public Integer call() throws Exception {
    if (reps < 1 || timeoutMs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reps and --timeout must be positive");
    }
    if (solvers == null) {
      solvers = List.of("native", "z3", "cvc5", "race", "auto");
    }
    for (String s : solvers) {
      strategy(s);
    }
    List<Item> items = items();
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d queries, configurations %s, %d repetitions, time-out %d ms%n", items.size(), solvers, reps, timeoutMs);
    o.flush();
    List<Row> rows = new ArrayList<>();
    for (String config : solvers) {
      long start = System.nanoTime();
      rows.addAll(run(config, items));
      spec.commandLine().getErr().printf("%s: %d queries x %d repetitions in %.1f s%n", config, items.size(), reps, (System.nanoTime() - start) / 1e9);
      spec.commandLine().getErr().flush();
    }
    if (out != null) {
      writeCsv(out, rows);
    }
    o.print(summary(rows, timeoutMs));
    cpuPerCheck.forEach((config, ms) -> o.printf("cpu %s: %.2f ms per check (this JVM and its solver workers)%n", config, ms));
    undecided.forEach((why, n) -> o.printf("undecided %d x %s%n", n, why));
    List<String> disagreements = disagreements(rows);
    for (String d : disagreements) {
      o.println("DISAGREEMENT " + d);
    }
    o.flush();
    if (!disagreements.isEmpty()) {
      spec.commandLine().getErr().printf("%d disagreement(s): the run fails%n", disagreements.size());
      spec.commandLine().getErr().flush();
      return DISAGREEMENT;
    }
    return 0;
  }

  static Strategy strategy(String config) {
    return switch (config) {
      case "z3" -> Strategy.Z3;
      case "cvc5" -> Strategy.CVC5;
      case "race" -> Strategy.RACE;
      case "native" -> Strategy.NATIVE;
      case "auto" -> Strategy.AUTO;
      default -> throw new IllegalArgumentException("unknown configuration " + config + " (native, z3, cvc5, race, auto)");
    };
  }

  List<Item> items() throws IOException {
    List<Item> items = new ArrayList<>();
    if (source.archive != null) {
      items.addAll(archiveItems(source.archive));
    } else {
      for (CorpusQueries.Entry e : CorpusQueries.load(source.corpus).entries()) {
        items.add(new Item(e.name(), e.query().text(), e.query().problem()));
        if (difference) {
          for (var d : CorpusQueries.differenceQuestions(e).entrySet()) {
            items.add(new Item(e.name() + "__" + d.getKey(), d.getValue().text(), d.getValue().problem()));
          }
        }
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no query found");
    }
    return items;
  }

  /** The .smt2 files of an archive directory, sorted by name. */
  static List<Item> archiveItems(Path archive) throws IOException {
    List<Item> items = new ArrayList<>();
    try (Stream<Path> s = Files.list(archive)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".smt2")).sorted().toList()) {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        // The formulas back from the text (SmtLibReader: the printer's inverse), for the backends that read
        // formulas; a file the reader refuses (not printed by Hornbeam) has none, and those backends refuse the run.
        Problem problem;
        try {
          problem = SmtLibReader.read(text);
        } catch (IllegalArgumentException e) {
          problem = null;
        }
        items.add(new Item(p.getFileName().toString().replaceFirst("\\.smt2$", ""), text, problem));
      }
    }
    return items;
  }

  List<Row> run(String config, List<Item> items) throws InterruptedException {
    if (strategy(config).nativeFirst()) {
      for (Item item : items) {
        if (item.problem() == null) {
          throw new IllegalArgumentException(config + " needs the queries' formulas, and " + item.name()
              + " is not a script Hornbeam printed (SmtLibReader refuses it): run z3, cvc5 or race on it");
        }
      }
    }
    PortfolioConfig pc = PortfolioConfig.defaults().toBuilder().strategy(strategy(config)).cacheEntries(0)
        .workersPerSolver(1).recycleAfter(1_000_000).build();
    List<Row> rows = new ArrayList<>();
    try (Portfolio portfolio = Portfolio.start(pc, new SimpleMeterRegistry())) {
      if (!portfolio.awaitReady(Duration.ofSeconds(120))) {
        throw new IllegalStateException(config + ": workers did not start within 120 s");
      }
      // One warm-up query so the first measured query does not pay for class loading.
      portfolio.solve("bench:warm-up", items.get(0).problem(), items.get(0).text(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
      double[][] solverMs = new double[items.size()][reps];
      double[][] wallMs = new double[items.size()][reps];
      List<List<Outcome>> outcomes = new ArrayList<>();
      List<Map<String, Integer>> wins = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        outcomes.add(new ArrayList<>());
        wins.add(new TreeMap<>());
      }
      long cpuBefore = cpuNanos();
      // Repetitions outermost, so that a slow moment of the machine spreads over queries, not one query's reps.
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < items.size(); i++) {
          long start = System.nanoTime();
          RaceResult result = portfolio.solve("bench:" + items.get(i).name(), items.get(i).problem(), items.get(i).text(),
              start + TimeUnit.MILLISECONDS.toNanos(timeoutMs)).result();
          wallMs[i][r] = (System.nanoTime() - start) / 1e6;
          outcomes.get(i).add(result.outcome());
          if (!result.outcome().definite() && r == 0) {
            undecided.merge(config + ": " + result.detail().replaceAll("after \\d+ branches", "after N branches")
                .replaceAll("\\d+ ms", "N ms"), 1, Integer::sum);
          }
          solverMs[i][r] = result.outcome().definite()
              ? result.winningLeg().map(Leg::solverMicros).orElse(0L) / 1e3 : timeoutMs;
          if (result.outcome().definite() && result.winner().isPresent()) {
            wins.get(i).merge(result.winner().get().name().toLowerCase(), 1, Integer::sum);
          }
        }
      }
      cpuPerCheck.put(config, (cpuNanos() - cpuBefore) / 1e6 / ((double) items.size() * reps));
      for (int i = 0; i < items.size(); i++) {
        List<Outcome> os = outcomes.get(i);
        Outcome result = os.stream().filter(Outcome::definite).findFirst().orElse(os.get(os.size() - 1));
        String winner = wins.get(i).entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        rows.add(new Row(items.get(i).name(), config, result, winner, median(solverMs[i]), median(wallMs[i]), List.copyOf(os), wins.get(i)));
      }
    }
    return rows;
  }

  /** CPU ms per check by configuration: this JVM and its worker processes, over the measured passes. */
  final Map<String, Double> cpuPerCheck = new LinkedHashMap<>();

  /**
   * CPU time of this process and its live descendants (the solver workers), in ns. A worker recycled
   * during the run takes its time with it, so this is a lower bound when workers were recycled.
   */
  static long cpuNanos() {
    long own = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    long children = ProcessHandle.current().descendants()
        .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    return own + children;
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Nearest-rank percentile of sorted values. */
  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static void writeCsv(Path file, List<Row> rows) throws IOException {
    StringBuilder b = new StringBuilder("query,config,result,winner,solver_ms_median,wall_ms_median\n");
    for (Row r : rows) {
      b.append(Csv.field(r.query())).append(',').append(r.config()).append(',').append(r.result()).append(',')
          .append(r.winner()).append(',').append(String.format("%.3f", r.solverMs())).append(',')
          .append(String.format("%.3f", r.wallMs())).append('\n');
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  /** One line per configuration; percentiles of the per-query medians (solver's own time) over the solved queries. */
  static String summary(List<Row> rows, long timeoutMs) {
    Map<String, List<Row>> byConfig = new LinkedHashMap<>();
    rows.forEach(r -> byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r));
    StringBuilder b = new StringBuilder();
    b.append("config | queries | solved | sat | unsat | timeout | unknown | error | p50 ms | p90 ms | p99 ms | max ms | wall p50 ms | wins\n");
    for (var e : byConfig.entrySet()) {
      List<Row> rs = e.getValue();
      long sat = rs.stream().filter(r -> r.result() == Outcome.SAT).count();
      long unsat = rs.stream().filter(r -> r.result() == Outcome.UNSAT).count();
      long timeout = rs.stream().filter(r -> r.result() == Outcome.TIMEOUT).count();
      long unknown = rs.stream().filter(r -> r.result() == Outcome.UNKNOWN).count();
      long error = rs.size() - sat - unsat - timeout - unknown;
      double[] ms = rs.stream().filter(r -> r.result().definite()).mapToDouble(Row::solverMs).sorted().toArray();
      double[] wall = rs.stream().filter(r -> r.result().definite()).mapToDouble(Row::wallMs).sorted().toArray();
      Map<String, Integer> wins = new TreeMap<>();
      rs.forEach(r -> r.wins().forEach((k, v) -> wins.merge(k, v, Integer::sum)));
      b.append(String.format("%s | %d | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s%n",
          e.getKey(), rs.size(), sat + unsat, sat, unsat, timeout, unknown, error,
          pct(ms, 50), pct(ms, 90), pct(ms, 99), pct(ms, 100), pct(wall, 50),
          wins.entrySet().stream().map(w -> w.getKey() + " " + w.getValue()).reduce((x, y) -> x + ", " + y).orElse("-")));
    }
    b.append(String.format("(ms: median over repetitions of the winning solver's own time, percentiles over solved queries; time-out %d ms)%n", timeoutMs));
    return b.toString();
  }

  /** Queries with a SAT and an UNSAT among all configurations and repetitions, one line each. */
  static List<String> disagreements(List<Row> rows) {
    Map<String, List<Row>> byQuery = new TreeMap<>();
    rows.forEach(r -> byQuery.computeIfAbsent(r.query(), k -> new ArrayList<>()).add(r));
    List<String> out = new ArrayList<>();
    for (var e : byQuery.entrySet()) {
      boolean sat = e.getValue().stream().anyMatch(r -> r.outcomes().contains(Outcome.SAT));
      boolean unsat = e.getValue().stream().anyMatch(r -> r.outcomes().contains(Outcome.UNSAT));
      if (sat && unsat) {
        StringBuilder d = new StringBuilder(e.getKey()).append(':');
        e.getValue().forEach(r -> d.append(' ').append(r.config()).append('=').append(r.outcomes()));
        out.add(d.toString());
      }
    }
    return out;
  }
}
