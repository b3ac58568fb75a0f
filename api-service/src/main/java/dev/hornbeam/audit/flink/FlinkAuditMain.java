package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.ProgressLine;
import dev.hornbeam.audit.ZoneOptions;
import dev.hornbeam.audit.input.Inputs;
import dev.hornbeam.policy.findings.Zone;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Flink audit from a command line (not yet {@code hornbeam audit}):
 * {@code java -cp hornbeam.jar dev.hornbeam.audit.flink.FlinkAuditMain INPUT... --out DIR}. Exit status as
 * {@code hornbeam audit}: 0 nothing public, 1 public resources found, 2 unusable inputs or a changed input,
 * 3 internal error.
 */
@Command(name = "flink-audit", mixinStandardHelpOptions = true,
    description = "Audits every resource policy in the inputs as a Flink job (embedded MiniCluster unless --cluster) and writes the reports into --out.")
public final class FlinkAuditMain implements Callable<Integer> {
  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Input files or directories.")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(names = "--format", description = "ndjson, config or dir (default: detected per input).")
  String format;

  @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000")
  long deadlineMillis;

  @Option(names = "--workers", description = "Solver workers per solver in each subtask's checker.")
  Integer workers;

  @Option(names = "--strategy", defaultValue = "auto")
  String strategy;

  @Option(names = "--no-dedup")
  boolean noDedup;

  @Option(names = "--parallelism", description = "Parallel check subtasks (default: the number of cores).")
  Integer parallelism;

  @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "1000")
  long checkpointMillis;

  @Option(names = "--restart", description = "Discard a run of other inputs in --out and audit afresh.")
  boolean restart;

  @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "A Flink session cluster's REST endpoint (default: embedded MiniCluster).")
  String cluster;

  @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "" + Inputs.DEFAULT_MAX_RECORD_BYTES)
  long maxRecordBytes;

  @CommandLine.Mixin ZoneOptions zoneOptions;

  @Option(names = "--progress-interval", paramLabel = "MS", defaultValue = "3000",
      description = "How often a progress line is printed on stderr when it is no terminal (a terminal's bar is redrawn every second).")
  long progressMillis;

  @Override
  public Integer call() throws Exception {
    Zone.Organization organization;
    try {
      organization = zoneOptions.organization();
    } catch (ZoneOptions.Invalid e) {
      System.err.println("flink-audit: " + e.getMessage());
      return 2;
    }
    FlinkAudit.Options o = new FlinkAudit.Options(inputs, format, maxRecordBytes, deadlineMillis, workers, strategy, !noDedup,
        parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors(), out, restart, Duration.ofMillis(checkpointMillis),
        cluster, null, organization);
    FlinkAudit.Outcome r;
    try {
      // Progress on stderr as hornbeam audit shows it: a bar on a terminal, plain lines otherwise.
      ProgressLine progress = new ProgressLine(new PrintWriter(System.err, true), ProgressLine.stderrIsTerminal(),
          Duration.ofMillis(progressMillis));
      r = FlinkAudit.run(o, progress::show);
    } catch (IllegalArgumentException | FlinkAudit.ChangedInput e) {
      System.err.println("flink-audit: " + e.getMessage());
      return 2;
    }
    System.out.println("PUBLIC " + r.publicCount());
    System.out.println("NOT_PUBLIC " + (r.resources() - r.publicCount() - r.invalid()));
    System.out.println("INVALID " + r.invalid());
    System.out.println("UNREADABLE " + r.bad().size());
    System.out.println("resumed from " + r.restoredFrom());
    System.out.printf("seconds %.2f (job %.2f)%n", r.seconds(), r.jobSeconds());
    return r.publicCount() > 0 ? 1 : 0;
  }

  public static void main(String[] args) {
    quietFlink();
    System.exit(new CommandLine(new FlinkAuditMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      e.printStackTrace();
      return 3;
    }).execute(args));
  }

  /** Flink and Pekko log at INFO by the service's logback.xml: warnings only for this command. */
  static void quietFlink() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext c) {
      for (String name : List.of("org.apache.flink", "org.apache.pekko", "org.apache.flink.shaded")) {
        c.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
      }
      // Warnings every bounded run gives: checkpoints declined by finishing tasks, the sink committers' metric names,
      // no Hadoop delegation tokens, no log file for the web UI.
      for (String name : List.of("org.apache.flink.runtime.checkpoint.CheckpointFailureManager", "org.apache.flink.metrics.MetricGroup",
          "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager", "org.apache.flink.runtime.webmonitor.WebMonitorUtils")) {
        c.getLogger(name).setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }
}
