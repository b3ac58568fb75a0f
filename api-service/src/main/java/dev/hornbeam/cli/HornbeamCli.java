package dev.hornbeam.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hornbeam} command line: one subcommand per job. */
@Command(
    name = "hornbeam",
    mixinStandardHelpOptions = true,
    versionProvider = HornbeamCli.Version.class,
    description = "Answers questions about AWS IAM-style JSON policies with proofs.",
    subcommands = {AuditCommand.class, CheckCommand.class, CompareCommand.class, FindingsCommand.class, ValidateCommand.class, ServeCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class HornbeamCli implements Runnable {

  /** Exit codes shared by every command. */
  public static final int EXIT_OK = 0;
  /** {@code check public}: the policy is public (or undecided: fail closed). */
  public static final int EXIT_PUBLIC = 1;
  /**
   * The other checks: FAIL (or undecided: fail closed); {@code compare}: MORE or INCOMPARABLE, or a
   * direction undecided.
   */
  public static final int EXIT_FAIL = 1;
  public static final int EXIT_INVALID = 2;
  public static final int EXIT_INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }

  /** Runs a command line with the given output streams and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new HornbeamCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("hornbeam: internal error: " + ex);
          return EXIT_INTERNAL;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Version from the jar manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = HornbeamCli.class.getPackage().getImplementationVersion();
      return new String[] {"hornbeam " + (v == null ? "(development build)" : v)};
    }
  }
}
