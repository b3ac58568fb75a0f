package dev.hornbeam.cli;

import dev.hornbeam.portfolio.solver.FormulaSolver;
import dev.hornbeam.portfolio.solver.SmtSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hornbeam version}: Hornbeam's version and the versions of the solvers it carries. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints Hornbeam's version and its solvers' versions.")
final class VersionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(new HornbeamCli.Version().getVersion()[0]);
    for (SolverId id : SolverId.values()) {
      out.println(switch (id.kind()) {
        case WORKER -> SmtSolver.create(id).version();
        case IN_JVM -> FormulaSolver.create(id).version();
      });
    }
    out.println("java " + System.getProperty("java.version"));
    return HornbeamCli.EXIT_OK;
  }
}
