package dev.hornbeam.cli;

import dev.hornbeam.audit.AuditDirectory;
import dev.hornbeam.audit.AuditFingerprint;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.audit.AuditRunner;
import dev.hornbeam.audit.Journal;
import dev.hornbeam.audit.ProgressLine;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.audit.ZoneOptions;
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
      "An input changed since the audit in --out started is refused (exit 2) unless --restart is given. One audit at a time per --out.",
      "Exit status: 0 nothing public, 1 public (or undecided) resources found, 2 unusable inputs or options (an input none of",
      "whose records can be read, a changed input, a busy or unusable --out), 3 internal error."
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

  @Option(names = "--strategy", defaultValue = "auto",
      description = "auto (default: the native backend first, the race when it cannot decide), race, native, "
          + "staggered (cvc5 first, Z3 after 20 ms: about half the CPU per check), z3 or cvc5.")
  String strategy;

  @Option(names = "--restart",
      description = "Discard what --out holds (journal and reports of an earlier run) and audit afresh; needed when an input changed.")
  boolean restart;

  @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "" + Inputs.DEFAULT_MAX_RECORD_BYTES,
      description = "Longest NDJSON line, AWS Config item or policy file read; a longer one is an unreadable record (default 32 MiB).")
  long maxRecordBytes;

  @CommandLine.Mixin ZoneOptions zoneOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The options that change answers, for the audit's identity ({@link AuditFingerprint}). */
  static Map<String, String> identityOptions(String format, long deadlineMillis, long maxRecordBytes) {
    return Map.of("format", format == null ? "auto" : format, "deadlineMillis", Long.toString(deadlineMillis),
        "maxRecordBytes", Long.toString(maxRecordBytes));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter outText = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (deadlineMillis < 1 || deadlineMillis > 3_600_000 || (workers != null && (workers < 1 || workers > 64))) {
      err.println("hornbeam audit: --deadline must be from 1 to 3600000 ms and --workers from 1 to 64");
      return HornbeamCli.EXIT_INVALID;
    }
    if (maxRecordBytes < 1 || maxRecordBytes > Integer.MAX_VALUE - 16) {
      err.println("hornbeam audit: --max-record-bytes must be from 1 to " + (Integer.MAX_VALUE - 16));
      return HornbeamCli.EXIT_INVALID;
    }
    Optional<Strategy> chosen = Strategy.fromKey(strategy);
    if (chosen.isEmpty()) {
      err.println("hornbeam audit: --strategy must be auto, race, native, staggered, z3 or cvc5, not " + strategy);
      return HornbeamCli.EXIT_INVALID;
    }
    Zone.Organization organization;
    try {
      organization = zoneOptions.organization();
    } catch (ZoneOptions.Invalid e) {
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    List<AuditInput> opened = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    try {
      for (Path p : inputs) {
        opened.add(Inputs.open(p, Optional.ofNullable(format), maxRecordBytes));
        names.add(p.toAbsolutePath().normalize().toString());
        paths.add(p);
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    try (AuditDirectory.Lock lock = AuditDirectory.lock(out, "--out " + out)) {
      // An input none of whose records can be read is not an audit that found nothing: exit 2, naming it.
      List<AuditRunner.Survey> surveys = AuditRunner.survey(opened);
      boolean unusable = false;
      for (int i = 0; i < surveys.size(); i++) {
        AuditRunner.Survey s = surveys.get(i);
        if (s.unusable()) {
          unusable = true;
          err.println("hornbeam audit: " + inputs.get(i) + ": no resource could be read"
              + (s.bad() == 0 ? " (it holds none)" : " (" + s.bad() + " unreadable; first " + s.firstBad().source() + ": " + s.firstBad().reason() + ")")
              + "; expected NDJSON with one account per line ({\"accountId\": \"...\", \"resources\": [...]}), AWS Config output"
              + " (configurationItems, ...), or a directory of <account>/<resource>.json files");
        }
      }
      if (unusable) {
        return HornbeamCli.EXIT_INVALID;
      }
      // The zone changes the outside-access answers: a run with another zone is another audit.
      Map<String, String> options = ZoneOptions.identity(identityOptions(format, deadlineMillis, maxRecordBytes), organization);
      AuditFingerprint fingerprint = AuditFingerprint.of(paths, options, maxRecordBytes);
      AuditDirectory.Run run = AuditDirectory.open(out, names, format, fingerprint,
          restart ? AuditDirectory.OnChange.RESTART : AuditDirectory.OnChange.REFUSE, "--out " + out);
      PortfolioConfig.Builder config = PortfolioConfig.defaults().toBuilder();
      config.strategy(chosen.get());
      if (workers != null) {
        config.workersPerSolver(workers);
      }
      PortfolioConfig portfolio = config.build();
      ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal(), Duration.ofSeconds(10));
      AuditRunner.Outcome outcome;
      int outside;
      Map<String, String> versions = new LinkedHashMap<>();
      try (PolicyChecker checker = PolicyChecker.start(portfolio, new SimpleMeterRegistry());
          Journal journal = Journal.open(out, fingerprint.value())) {
        if (!journal.damaged().isEmpty()) {
          err.println("hornbeam audit: warning: " + journal.damaged().size() + " journal line(s) do not verify and are not trusted ("
              + String.join("; ", journal.damaged().subList(0, Math.min(3, journal.damaged().size())))
              + "); their resources are checked again");
        }
        checker.portfolio().awaitReady(Duration.ofSeconds(60));
        AuditRunner runner = new AuditRunner(checker, Duration.ofMillis(deadlineMillis), portfolio.workersPerSolver() * 2 + 1, !noDedup)
            .zone(organization);
        outcome = runner.run(opened, journal, p -> progress.show(p, false));
        progress.show(new AuditRunner.Progress(journal.size(), outcome.resources(), outcome.publicCount(), outcome.invalid(),
            outcome.bad().size(), outcome.resumed(), 0), true);
        checker.portfolio().versions().forEach((SolverId id, String v) -> versions.put(id.key(), v));
        outside = journal.count(Journal.OUTSIDE);
      }
      if (!AuditFingerprint.of(paths, options, maxRecordBytes).equals(fingerprint)) {
        err.println("hornbeam audit: an input changed while it was audited; the findings are not reported."
            + " Run again with --restart once the inputs are stable");
        return HornbeamCli.EXIT_INVALID;
      }
      // The reports name the inputs as given (relative paths stay relative); run.json keeps them absolute to match runs.
      List<String> given = inputs.stream().map(Path::toString).toList();
      Reports.write(out, fingerprint.value(), outcome.bad(), new RunInfo(given, run.startedAt(), Instant.now().toString(),
          new HornbeamCli.Version().getVersion()[0], versions, run.resumed()));
      AuditDirectory.finish(out, run);
      long notPublic = outcome.resources() - outcome.publicCount() - outcome.invalid();
      outText.println("PUBLIC " + outcome.publicCount());
      outText.println("NOT_PUBLIC " + notPublic);
      outText.println("OUTSIDE " + outside);
      outText.println("INVALID " + outcome.invalid());
      outText.println("UNREADABLE " + outcome.bad().size());
      outText.println("report: " + out.resolve("report.html"));
      outText.flush();
      return outcome.publicCount() > 0 ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
    } catch (IllegalArgumentException e) { // the directory is a file, is busy, or holds another audit
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
  }
}
