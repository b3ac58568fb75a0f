package dev.hornbeam.cli;

import dev.hornbeam.audit.ProgressLine;
import dev.hornbeam.audit.ZoneOptions;
import dev.hornbeam.audit.flink.FlinkAudit;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hornbeam audit}: every resource policy of many accounts, resumable, with reports — the Flink job
 * ({@link FlinkAudit}) on an embedded MiniCluster, or with {@code --flink HOST:PORT} on a session cluster.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audits every resource policy in the inputs and writes findings.ndjson, summary.json, summary.csv, findings.sarif",
      "and report.html into --out. Inputs: NDJSON (one account per line), AWS Config configuration items, or a directory",
      "of <account>/<resource>.json files (auto-detected). A run that is stopped (even kill -9) continues where it",
      "stopped when started again with the same inputs and --out (from the newest checkpoint of the Flink job it runs:",
      "embedded in this process, or on a Flink session cluster with --flink HOST:PORT).",
      "An input changed since the audit in --out started is refused (exit 2) unless --restart is given. One audit at a time per --out.",
      "Exit status: 0 nothing public, 1 public (or undecided) resources found, 2 unusable inputs or options (an input none of",
      "whose records can be read, a changed input, a busy or unusable --out), 3 internal error."
    })
final class AuditCommand implements Callable<Integer> {
  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Input files or directories.")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the job's checkpoints and output and the reports go.")
  Path out;

  @Option(names = "--format", description = "ndjson, config or dir (default: detected per input).")
  String format;

  @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000", description = "Time per check in ms (default 10000).")
  long deadlineMillis;

  @Option(names = "--workers", description = "Solver workers per solver (default: cores / 2); with --flink, per check subtask.")
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

  @Option(names = {"--flink", "--cluster"}, paramLabel = "HOST:PORT",
      description = "Run the job on a Flink session cluster (its REST endpoint) instead of an embedded MiniCluster; the inputs and"
          + " --out must be paths its task managers see too.")
  String flink;

  @Option(names = "--parallelism", description = "Parallel check subtasks (default: embedded, workers × 2 + 1 checks in flight on the"
      + " one checker; with --flink, the number of cores).")
  Integer parallelism;

  @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "1000",
      description = "How often the job checkpoints (what a stopped run resumes from; default 1000).")
  long checkpointMillis;

  @Option(names = "--progress-interval", paramLabel = "MS", defaultValue = "10000",
      description = "How often a progress line is printed on stderr when it is no terminal (a terminal's bar is redrawn every second).")
  long progressMillis;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    if ((parallelism != null && (parallelism < 1 || parallelism > 1024)) || checkpointMillis < 100 || progressMillis < 0) {
      err.println("hornbeam audit: --parallelism must be from 1 to 1024, --checkpoint-interval at least 100 ms");
      return HornbeamCli.EXIT_INVALID;
    }
    if (flink != null && !flink.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
      err.println("hornbeam audit: --flink must be HOST:PORT (a session cluster's REST endpoint), not " + flink);
      return HornbeamCli.EXIT_INVALID;
    }
    FlinkAudit.quietLogs();
    int workersPerSolver = workers != null ? workers : PortfolioConfig.defaults().workersPerSolver();
    int checks = parallelism != null ? parallelism : flink == null ? workersPerSolver * 2 + 1 : Runtime.getRuntime().availableProcessors();
    // The reports name the inputs as given (relative paths stay relative); run.json keeps them absolute to match runs.
    FlinkAudit.Options options = FlinkAudit.Options.of(inputs, out)
        .withChecks(format, maxRecordBytes, deadlineMillis, chosen.get().key(), !noDedup)
        .withWorkers(workers).withParallelism(checks).withRestart(restart).withZone(organization).withCluster(flink)
        .withCheckpointInterval(Duration.ofMillis(checkpointMillis))
        .withNames(inputs.stream().map(Path::toString).toList(), "--out " + out, new HornbeamCli.Version().getVersion()[0]);
    ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal(), Duration.ofMillis(progressMillis));
    FlinkAudit.Outcome outcome;
    try {
      outcome = FlinkAudit.run(options, null, new FlinkAudit.Listener() {
        @Override
        public void progress(dev.hornbeam.audit.Progress p, boolean last) {
          progress.show(p, last);
        }

        @Override
        public void note(String text) {
          progress.note(text);
        }
      });
    } catch (FlinkAudit.Unusable e) {
      // An input none of whose records can be read is not an audit that found nothing: exit 2, naming it.
      e.problems().forEach(problem -> err.println("hornbeam audit: " + problem));
      return HornbeamCli.EXIT_INVALID;
    } catch (IllegalArgumentException | FlinkAudit.ChangedInput e) {
      // an input cannot be opened; --out is a file, is busy, or holds another audit; an input changed meanwhile
      err.println("hornbeam audit: " + e.getMessage());
      return HornbeamCli.EXIT_INVALID;
    }
    long notPublic = outcome.resources() - outcome.publicCount() - outcome.invalid();
    outText.println("PUBLIC " + outcome.publicCount());
    outText.println("NOT_PUBLIC " + notPublic);
    outText.println("OUTSIDE " + outcome.outside());
    outText.println("INVALID " + outcome.invalid());
    outText.println("UNREADABLE " + outcome.bad().size());
    outText.println("report: " + out.resolve("report.html"));
    outText.flush();
    return outcome.publicCount() > 0 ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
  }
}
