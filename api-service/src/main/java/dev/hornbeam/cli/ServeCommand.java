package dev.hornbeam.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hornbeam serve}: the HTTP service (Micronaut) until SIGTERM / SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the HTTP service: POST /v1/checks/public-access, POST /v1/guard/policy-attach, GET /health, GET /prometheus, GET /openapi.",
      "Configuration: application.properties keys, environment (e.g. HORNBEAM_AUTH_TOKEN) or -Dkey=value; see README.md."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", description = "TCP port (default 8080; 0 picks a free one).")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
  String bind;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (port != null) {
      properties.put("micronaut.server.port", port);
    }
    if (bind != null) {
      properties.put("micronaut.server.host", bind);
    }
    ApplicationContext context;
    try {
      context = Micronaut.build(new String[0]).banner(false).properties(properties).start();
    } catch (RuntimeException e) {
      // Micronaut logs start-up failures (a bad setting, a port in use) and exits 1 itself; this covers
      // what it lets through.
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      spec.commandLine().getErr().println("hornbeam serve: cannot start: " + cause.getMessage());
      spec.commandLine().getErr().flush();
      return HornbeamCli.EXIT_INVALID;
    }
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    spec.commandLine().getErr().println("hornbeam: serving on " + server.getURL());
    spec.commandLine().getErr().flush();
    // Micronaut's own shutdown hook stops the server and closes the context on SIGTERM / SIGINT, which
    // closes the PolicyChecker and kills the solver workers. (A second hook closing the context too
    // deadlocks with it.)
    while (context.isRunning()) {
      Thread.sleep(200);
    }
    return HornbeamCli.EXIT_OK;
  }
}
