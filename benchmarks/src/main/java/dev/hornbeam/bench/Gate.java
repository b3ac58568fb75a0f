package dev.hornbeam.bench;

import dev.hornbeam.portfolio.Portfolio;
import dev.hornbeam.portfolio.race.Leg;
import dev.hornbeam.portfolio.race.Outcome;
import dev.hornbeam.portfolio.race.RaceResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench gate}: the upgrade gate. Runs every query of an archive (or of a corpus, encoded
 * per configuration when encoder settings differ) under a baseline and a candidate configuration
 * ({@link GateConfig}), interleaved query by query, N repetitions. A query is solved by a configuration when
 * a majority of its repetitions give SAT/UNSAT within that configuration's time-out. Lists every
 * REGRESSION (solved by the baseline, not by the candidate), NEWLY_SOLVED and DISAGREEMENT (SAT against
 * UNSAT anywhere), and p50/p99 of both. Exit 0 pass, 2 unusable configuration, 3 disagreement, 4 regression.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = "Upgrade gate: baseline vs candidate configuration on the same queries; regressions fail (exit 4), disagreements fail (exit 3).")
public final class Gate implements Callable<Integer> {
  static final int UNUSABLE = 2;
  static final int DISAGREEMENT = 3;
  static final int REGRESSION = 4;

  @Option(names = "--baseline", required = true, description = "Baseline configuration (.properties).")
  Path baseline;

  @Option(names = "--candidate", required = true, description = "Candidate configuration (.properties).")
  Path candidate;

  static final class Source {
    @Option(names = "--archive", description = "Directory of .smt2 queries (export, stress): default encoding only.")
    Path archive;

    @Option(names = "--corpus", description = "Policy corpus, encoded per configuration (needed when encoder settings differ).")
    Path corpus;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--reps", description = "Repetitions per query and configuration (default 3).")
  int reps = 3;

  @Option(names = "--out", description = "Directory for gate.csv and gate.md (default: none).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One configuration's result on one query. */
  record Cell(List<Outcome> outcomes, double solverMs, double wallMs, boolean solved, Outcome answer) {}

  /** Both results on one query and the verdict: REGRESSION, NEWLY_SOLVED, DISAGREEMENT, SAME. */
  record Line(String query, Cell base, Cell cand, String verdict) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GateConfig a;
    GateConfig b;
    try {
      if (reps < 1) {
        throw new IllegalArgumentException("--reps must be positive");
      }
      a = GateConfig.load(baseline);
      b = GateConfig.load(candidate);
      if (source.archive != null && !(a.defaultEncoder() && b.defaultEncoder())) {
        throw new IllegalArgumentException("encoder settings other than the default need --corpus (an archive holds queries already"
            + " encoded with the default settings)");
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("gate: " + e.getMessage());
      err.flush();
      return UNUSABLE;
    }
    List<CorpusRun.Item> qa = items(a);
    List<CorpusRun.Item> qb = a.encoder().equals(b.encoder()) ? qa : items(b);
    if (qa.isEmpty() || qa.size() != qb.size()) {
      err.println("gate: no queries, or the configurations encode different query sets");
      err.flush();
      return UNUSABLE;
    }
    o.printf("gate: %d queries, %d repetitions, %s%n  baseline  %s%n  candidate %s%n", qa.size(), reps, Instant.now(), a.describe(), b.describe());
    o.flush();
    List<Line> lines;
    Map<String, String> loaded = new LinkedHashMap<>();
    try (Portfolio pa = Portfolio.start(a.portfolio(), new SimpleMeterRegistry());
         Portfolio pb = Portfolio.start(b.portfolio(), new SimpleMeterRegistry())) {
      List<String> problems = new ArrayList<>();
      problems.addAll(ready(a, pa, qa.get(0), loaded));
      problems.addAll(ready(b, pb, qb.get(0), loaded));
      if (!problems.isEmpty()) {
        problems.forEach(p -> err.println("gate: " + p));
        err.flush();
        return UNUSABLE;
      }
      loaded.forEach((k, v) -> o.printf("  %s solvers: %s%n", k, v));
      o.flush();
      lines = run(a, pa, qa, b, pb, qb);
    }
    String report = report(a, b, lines, loaded);
    o.print(report);
    o.flush();
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("gate.csv"), csv(lines), StandardCharsets.UTF_8);
      Files.writeString(out.resolve("gate.md"), "# Upgrade gate\n\n```\n" + report + "```\n", StandardCharsets.UTF_8);
    }
    long disagreements = lines.stream().filter(l -> l.verdict().equals("DISAGREEMENT")).count();
    long regressions = lines.stream().filter(l -> l.verdict().equals("REGRESSION")).count();
    return disagreements > 0 ? DISAGREEMENT : regressions > 0 ? REGRESSION : 0;
  }

  private List<CorpusRun.Item> items(GateConfig c) throws IOException {
    if (source.archive != null) {
      return CorpusRun.archiveItems(source.archive);
    }
    return CorpusQueries.load(source.corpus, c.encoder()).entries().stream()
        .map(e -> new CorpusRun.Item(e.name(), e.query().text(), e.query().problem())).toList();
  }

  /** Waits for the workers, checks the versions and that the solvers accept a query with these options. */
  private static List<String> ready(GateConfig c, Portfolio p, CorpusRun.Item warmUp, Map<String, String> loaded) throws InterruptedException {
    // Workers that cannot start (an unknown solver option fails their warm-up query, a bad worker.classpath)
    // are retried for ever: give up after the first failed start.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!p.awaitReady(Duration.ofMillis(500))) {
      String why = p.pools().values().stream().map(pool -> pool.lastStartProblem()).filter(s -> s != null && !s.isEmpty())
          .findFirst().orElse(null);
      if (why != null || System.nanoTime() > end) {
        return List.of(c.name() + ": solver workers do not start (check the solver options and worker.classpath): "
            + (why == null ? "no worker within 120 s" : why));
      }
    }
    Map<dev.hornbeam.portfolio.solver.SolverId, String> versions = p.versions();
    loaded.put(c.name(), versions.values().toString());
    List<String> problems = new ArrayList<>(c.versionProblems(versions));
    RaceResult r = p.solve("gate:warm-up", warmUp.problem(), warmUp.text(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.timeoutMs())).result();
    if (r.outcome() == Outcome.ERROR || r.legs().stream().anyMatch(l -> l.state() == Leg.State.ERROR)) {
      problems.add(c.name() + ": the solvers fail on " + warmUp.name() + " (" + r.detail() + "): check the solver options");
    }
    return problems;
  }

  private List<Line> run(GateConfig a, Portfolio pa, List<CorpusRun.Item> qa, GateConfig b, Portfolio pb, List<CorpusRun.Item> qb) {
    int n = qa.size();
    List<List<double[]>> ra = new ArrayList<>();
    List<List<double[]>> rb = new ArrayList<>();
    List<List<Outcome>> oa = new ArrayList<>();
    List<List<Outcome>> ob = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ra.add(new ArrayList<>());
      rb.add(new ArrayList<>());
      oa.add(new ArrayList<>());
      ob.add(new ArrayList<>());
    }
    // Repetitions outermost; baseline and candidate take turns going first, so drift hits both alike.
    for (int r = 0; r < reps; r++) {
      for (int i = 0; i < n; i++) {
        if ((r + i) % 2 == 0) {
          once(a, pa, qa.get(i), ra.get(i), oa.get(i));
          once(b, pb, qb.get(i), rb.get(i), ob.get(i));
        } else {
          once(b, pb, qb.get(i), rb.get(i), ob.get(i));
          once(a, pa, qa.get(i), ra.get(i), oa.get(i));
        }
      }
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Cell x = cell(oa.get(i), ra.get(i));
      Cell y = cell(ob.get(i), rb.get(i));
      lines.add(new Line(qa.get(i).name(), x, y, verdict(x, y)));
    }
    return lines;
  }

  private static void once(GateConfig c, Portfolio p, CorpusRun.Item q, List<double[]> times, List<Outcome> outcomes) {
    long start = System.nanoTime();
    RaceResult r = p.solve("gate:" + q.name(), q.problem(), q.text(), start + TimeUnit.MILLISECONDS.toNanos(c.timeoutMs())).result();
    double wall = (System.nanoTime() - start) / 1e6;
    double solver = r.outcome().definite() ? r.winningLeg().map(Leg::solverMicros).orElse(0L) / 1e3 : c.timeoutMs();
    times.add(new double[] {solver, r.outcome().definite() ? wall : c.timeoutMs()});
    outcomes.add(r.outcome());
  }

  static Cell cell(List<Outcome> outcomes, List<double[]> times) {
    long definite = outcomes.stream().filter(Outcome::definite).count();
    Outcome answer = outcomes.stream().filter(Outcome::definite).findFirst().orElse(outcomes.get(outcomes.size() - 1));
    return new Cell(List.copyOf(outcomes), CorpusRun.median(times.stream().mapToDouble(t -> t[0]).toArray()),
        CorpusRun.median(times.stream().mapToDouble(t -> t[1]).toArray()), definite * 2 > outcomes.size(), answer);
  }

  static String verdict(Cell base, Cell cand) {
    List<Outcome> all = new ArrayList<>(base.outcomes());
    all.addAll(cand.outcomes());
    if (all.contains(Outcome.SAT) && all.contains(Outcome.UNSAT)) {
      return "DISAGREEMENT";
    }
    if (base.solved() && !cand.solved()) {
      return "REGRESSION";
    }
    return !base.solved() && cand.solved() ? "NEWLY_SOLVED" : "SAME";
  }

  static String report(GateConfig a, GateConfig b, List<Line> lines, Map<String, String> loaded) {
    StringBuilder r = new StringBuilder();
    for (Line l : lines) {
      if (!l.verdict().equals("SAME")) {
        r.append(String.format("%s %s: baseline %s %.1f ms %s, candidate %s %.1f ms %s%n", l.verdict(), l.query(),
            l.base().solved() ? l.base().answer() : "unsolved", l.base().solverMs(), l.base().outcomes(),
            l.cand().solved() ? l.cand().answer() : "unsolved", l.cand().solverMs(), l.cand().outcomes()));
      }
    }
    long regressions = lines.stream().filter(l -> l.verdict().equals("REGRESSION")).count();
    long fresh = lines.stream().filter(l -> l.verdict().equals("NEWLY_SOLVED")).count();
    long disagreements = lines.stream().filter(l -> l.verdict().equals("DISAGREEMENT")).count();
    double[] sa = sorted(lines, true, true);
    double[] sb = sorted(lines, false, true);
    double[] wa = sorted(lines, true, false);
    double[] wb = sorted(lines, false, false);
    r.append(String.format("| | baseline (%s) | candidate (%s) | candidate / baseline |%n|---|---:|---:|---:|%n", a.name(), b.name()));
    r.append(String.format("| solvers | %s | %s | |%n", loaded.get(a.name()), loaded.get(b.name())));
    r.append(String.format("| time-out ms | %d | %d | |%n", a.timeoutMs(), b.timeoutMs()));
    long solvedA = lines.stream().filter(l -> l.base().solved()).count();
    long solvedB = lines.stream().filter(l -> l.cand().solved()).count();
    r.append(String.format("| solved | %d / %d | %d / %d | |%n", solvedA, lines.size(), solvedB, lines.size()));
    for (double p : new double[] {50, 99}) {
      r.append(row("solver p" + (int) p + " ms", CorpusRun.pct(sa, p), CorpusRun.pct(sb, p)));
    }
    for (double p : new double[] {50, 99}) {
      r.append(row("wall p" + (int) p + " ms", CorpusRun.pct(wa, p), CorpusRun.pct(wb, p)));
    }
    r.append(String.format("(medians over repetitions per query; percentiles over all %d queries, an unsolved query counted at its"
        + " configuration's time-out; solver: the winning solver's own time; wall: the caller's round trip)%n", lines.size()));
    r.append(String.format("regressions %d, newly solved %d, disagreements %d: %s%n", regressions, fresh, disagreements,
        disagreements > 0 ? "GATE FAILS (disagreement)" : regressions > 0 ? "GATE FAILS (regression)" : "gate passes"));
    return r.toString();
  }

  private static String row(String what, double x, double y) {
    return String.format("| %s | %.1f | %.1f | %.2f |%n", what, x, y, y / x);
  }

  private static double[] sorted(List<Line> lines, boolean base, boolean solver) {
    return lines.stream().map(l -> base ? l.base() : l.cand()).mapToDouble(c -> solver ? c.solverMs() : c.wallMs()).sorted().toArray();
  }

  static String csv(List<Line> lines) {
    StringBuilder b = new StringBuilder("query,verdict,baseline_result,baseline_solved,baseline_solver_ms,baseline_wall_ms,"
        + "candidate_result,candidate_solved,candidate_solver_ms,candidate_wall_ms\n");
    for (Line l : lines) {
      b.append(Csv.field(l.query())).append(',').append(l.verdict()).append(',').append(cells(l.base())).append(',').append(cells(l.cand())).append('\n');
    }
    return b.toString();
  }

  private static String cells(Cell c) {
    return String.format("%s,%s,%.3f,%.3f", c.answer(), c.solved(), c.solverMs(), c.wallMs());
  }
}
