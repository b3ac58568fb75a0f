package dev.hornbeam.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench guard-deadline}: how far past its deadline the guard ({@code POST
 * /v1/guard/policy-attach}) answers under concurrent load. Starts the service jar (answer cache off, so
 * the solvers run), sends the corpus S3 policies that name a bucket, each as a guard call for that
 * bucket, from {@code --concurrency} clients, per deadline; prints the client-side latency minus the
 * deadline at p50 / p99 / max and how many answers came later than deadline + 25 ms.
 */
@Command(name = "guard-deadline", mixinStandardHelpOptions = true,
    description = "Guard latency over its deadline (p50/p99/max) per deadline at a given concurrency.")
public final class GuardDeadline implements Callable<Integer> {
  @Option(names = "--jar", description = "The service jar (default: api-service/target/hornbeam.jar).")
  Path jar = Path.of("api-service/target/hornbeam.jar");

  @Option(names = "--corpus", description = "Policy corpus (default: ../shared/corpus).")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--deadlines", split = ",", description = "deadlineMillis values (default 50,1).")
  long[] deadlines = {50, 1};

  @Option(names = "--concurrency", description = "Concurrent clients (default 8).")
  int concurrency = 8;

  @Option(names = "--seconds", description = "Measured time per deadline (default 30).")
  int seconds = 30;

  @Option(names = "--warmup-seconds", description = "Unmeasured warm-up per deadline (default 5).")
  int warmupSeconds = 5;

  @Option(names = "--label", description = "Name of this run in the table (default: the jar's file name).")
  String label;

  @Option(names = "--server-option", description = "Extra -D option for the service.")
  List<String> serverOptions = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("guard calls from the corpus S3 policies that name a bucket; concurrency %d; %d s measured after %d s warm-up per deadline; cache off%n",
        concurrency, seconds, warmupSeconds);
    out.println("| run | deadline ms | answers | errors | over deadline p50 ms | p99 ms | max ms | later than deadline + 25 ms | decisions |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    out.flush();
    try (HttpLoad.Server server = HttpLoad.Server.start(jar, false, serverOptions)) {
      for (long deadline : deadlines) {
        List<ServiceLoad.Call> calls = ServiceLoad.guardCalls(corpus, deadline);
        ServiceLoad.drive(server.url, calls, concurrency, Duration.ofSeconds(warmupSeconds), Integer.MAX_VALUE, b -> "");
        ServiceLoad.Run run = ServiceLoad.drive(server.url, calls, concurrency, Duration.ofSeconds(seconds), Integer.MAX_VALUE,
            GuardDeadline::decision);
        long[] over = new long[run.micros().length];
        int late = 0;
        for (int i = 0; i < over.length; i++) {
          over[i] = run.micros()[i] - deadline * 1_000;
          if (over[i] > 25_000) {
            late++;
          }
        }
        out.printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %d | %s |%n", label == null ? jar.getFileName() : label, deadline,
            over.length, run.errors(), ServiceLoad.pct(over, 50), ServiceLoad.pct(over, 99), ServiceLoad.pct(over, 100), late, run.mix());
        out.flush();
      }
    }
    return 0;
  }

  private static final Pattern DECISION = Pattern.compile("\"decision\"\\s*:\\s*\"([A-Z_]+)\"\\s*,\\s*\"reason\"\\s*:\\s*\"([A-Z_]+)\"");

  static String decision(String body) {
    Matcher m = DECISION.matcher(body);
    return m.find() ? m.group(1) + " " + m.group(2) : "?";
  }
}
