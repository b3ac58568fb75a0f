package dev.hornbeam.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hornbeam-bench}: the benchmark tools, one subcommand per activity (see BENCHMARKS.md). */
@Command(name = "hornbeam-bench", mixinStandardHelpOptions = true,
    description = "Hornbeam's benchmark tools; every figure in BENCHMARKS.md names the command that made it.",
    subcommands = {HttpLoad.class, Estate.class, Scatter.class, Export.class, CorpusRun.class, FindingsRun.class, Stress.class, Gate.class,
        Jmh.class, Growth.class, Breakdown.class, Restarts.class, GuardDeadline.class, Peers.class, AuditBench.class, dev.hornbeam.bench.automata.AutomataRun.class,
        CommandLine.HelpCommand.class})
public final class BenchCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** The command line; {@code jmh} passes everything after it to JMH, options included. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BenchCli());
    cl.getSubcommands().get("jmh").setStopAtUnmatched(true);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
