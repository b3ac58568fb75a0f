package dev.hornbeam.cli;

import dev.hornbeam.audit.AuditDirectory;
import dev.hornbeam.audit.AuditRunner;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.ProgressLine;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.audit.input.AuditInput;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.audit.report.Reports;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hornbeam audit}: every resource policy of many accounts, resumable, with reports. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audits every resource policy in the inputs and writes findings.ndjson, summary.json, summary.csv, findings.sarif",
      "and report.html into --out. Inputs: NDJSON (one account per line), AWS Config configuration items, or a directory",
      "of <account>/<resource>.json files (auto-detected). A run that is stopped (even kill -9) continues where it",
      "stopped when started again with the same inputs and --out.",
      "Exit status: 0 nothing public, 1 public (or undecided) resources found, 2 unusable inputs or options, 3 internal error."
    })
final class AuditCommand implements Callable<Integer> {
  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Input files or directories.")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the journal and the reports go.")
  Path out;

  @Option(names = "--format", description = "ndjson, config or dir (default: detected per input).")
  String format;

  @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000", description = "Time per check in ms (default 10000).")
  long deadlineMillis;

  @Option(names = "--workers", description = "Solver workers per solver (default: cores / 2).")
  Integer workers;

  @Option(names = "--no-dedup", description = "Decide identical policies again (for measurements).")
  boolean noDedup;

  @Option(names = "--strategy", defaultValue = "race",
      description = "race (default), staggered (cvc5 first, Z3 after 20 ms: about half the CPU per check), z3 or cvc5.")
  String strategy;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter outText = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (deadlineMillis < 1 || deadlineMillis > 3_600_000 || (workers != null && (workers < 1 || workers > 64))) {
      err.println("hornbeam audit: --deadline must be from 1 to 3600000 ms and --workers from 1 to 64");
      return HornbeamCli.EXIT_INVALID;
    }
    List<AuditInput> opened = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (Path p : inputs) {
        opened.add(Inputs.open(p, Optional.ofNullable(format)));
        names.add(p.toAbsolutePath().normalize().toString());
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    AuditDirectory.Run run;
    try {
      run = AuditDirectory.open(out, names, format);
    } catch (IllegalArgumentException e) {
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    PortfolioConfig.Builder config = PortfolioConfig.defaults().toBuilder();
    Optional<Strategy> chosen = Strategy.fromKey(strategy);
    if (chosen.isEmpty()) {
      err.println("hornbeam audit: --strategy must be race, staggered, z3 or cvc5, not " + strategy);
      return HornbeamCli.EXIT_INVALID;
    }
    config.strategy(chosen.get());
    if (workers != null) {
      config.workersPerSolver(workers);
    }
    PortfolioConfig portfolio = config.build();
    ProgressLine progress = new ProgressLine(err, System.console() != null, Duration.ofSeconds(10));
    AuditRunner.Outcome outcome;
    Map<String, String> versions = new LinkedHashMap<>();
    try (PolicyChecker checker = PolicyChecker.start(portfolio, new SimpleMeterRegistry());
        Journal journal = Journal.open(out)) {
      checker.portfolio().awaitReady(Duration.ofSeconds(60));
      AuditRunner runner = new AuditRunner(checker, Duration.ofMillis(deadlineMillis), portfolio.workersPerSolver() * 2 + 1, !noDedup);
      outcome = runner.run(opened, journal, p -> progress.show(p, false));
      progress.show(new AuditRunner.Progress(journal.size(), outcome.resources(), outcome.publicCount(), outcome.invalid(),
          outcome.bad().size(), outcome.resumed(), 0), true);
      checker.portfolio().versions().forEach((SolverId id, String v) -> versions.put(id.key(), v));
    }
    Reports.write(out, outcome.bad(), new RunInfo(names, run.startedAt(), Instant.now().toString(),
        new HornbeamCli.Version().getVersion()[0], versions, run.resumed()));
    AuditDirectory.finish(out, run);
    long notPublic = outcome.resources() - outcome.publicCount() - outcome.invalid();
    outText.println("PUBLIC " + outcome.publicCount());
    outText.println("NOT_PUBLIC " + notPublic);
    outText.println("INVALID " + outcome.invalid());
    outText.println("UNREADABLE " + outcome.bad().size());
    outText.println("report: " + out.resolve("report.html"));
    outText.flush();
    return outcome.publicCount() > 0 ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
  }
}
