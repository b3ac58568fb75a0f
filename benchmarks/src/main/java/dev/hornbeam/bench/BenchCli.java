package dev.hornbeam.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hornbeam-bench}: the benchmark tools, one subcommand per activity (see BENCHMARKS.md). */
@Command(name = "hornbeam-bench", mixinStandardHelpOptions = true,
    description = "Hornbeam's benchmark tools; every figure in BENCHMARKS.md names the command that made it.",
    subcommands = {HttpLoad.class, Estate.class, Scatter.class, Export.class, CorpusRun.class, Stress.class, Gate.class, CommandLine.HelpCommand.class})
public final class BenchCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }
}
