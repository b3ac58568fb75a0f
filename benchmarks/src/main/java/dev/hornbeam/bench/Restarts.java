package dev.hornbeam.bench;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench restarts}: worker kills and restarts per 1,000 checks under ordinary load (no
 * fault injected), with {@code /health/readiness} polled alongside. Starts the service jar (answer cache
 * off), sends every valid corpus public-access check round-robin from {@code --concurrency} clients,
 * and reads the worker counters from {@code /prometheus} before and after the measured run.
 */
@Command(name = "restarts", mixinStandardHelpOptions = true,
    description = "Worker kills/restarts per 1,000 public-access checks and readiness DOWN share under load.")
public final class Restarts implements Callable<Integer> {
  @Option(names = "--jar", description = "The service jar (default: api-service/target/hornbeam.jar).")
  Path jar = Path.of("api-service/target/hornbeam.jar");

  @Option(names = "--corpus", description = "Policy corpus (default: ../shared/corpus).")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--concurrency", description = "Concurrent clients (default 4).")
  int concurrency = 4;

  @Option(names = "--seconds", description = "Measured time (default 60).")
  int seconds = 60;

  @Option(names = "--warmup-seconds", description = "Unmeasured warm-up (default 5).")
  int warmupSeconds = 5;

  @Option(names = "--poll-millis", description = "Readiness poll interval (default 100).")
  int pollMillis = 100;

  @Option(names = "--label", description = "Name of this run in the table (default: the jar's file name).")
  String label;

  @Option(names = "--server-option", description = "Extra -D option for the service.")
  List<String> serverOptions = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<ServiceLoad.Call> calls = ServiceLoad.publicAccessCalls(corpus);
    out.printf("%d corpus public-access checks, concurrency %d, %d s measured after %d s warm-up, cache off, readiness every %d ms%n",
        calls.size(), concurrency, seconds, warmupSeconds, pollMillis);
    List<String> options = new ArrayList<>(serverOptions);
    try (HttpLoad.Server server = HttpLoad.Server.start(jar, false, options)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ServiceLoad.drive(server.url, calls, concurrency, Duration.ofSeconds(warmupSeconds), Integer.MAX_VALUE, b -> "");
      String before = ServiceLoad.get(client, server.url + "/prometheus");
      AtomicBoolean polling = new AtomicBoolean(true);
      AtomicInteger polls = new AtomicInteger();
      AtomicInteger down = new AtomicInteger();
      Thread poller = new Thread(() -> {
        while (polling.get()) {
          int status = ServiceLoad.status(client, server.url + "/health/readiness");
          polls.incrementAndGet();
          if (status != 200) {
            down.incrementAndGet();
          }
          try {
            Thread.sleep(pollMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "readiness-poller");
      poller.setDaemon(true);
      poller.start();
      ServiceLoad.Run run = ServiceLoad.drive(server.url, calls, concurrency, Duration.ofSeconds(seconds), Integer.MAX_VALUE,
          Restarts::result);
      polling.set(false);
      poller.join();
      String after = ServiceLoad.get(client, server.url + "/prometheus");
      int checks = run.micros().length;
      double kills = delta(before, after, "hornbeam_solver_kills_total");
      double restarts = delta(before, after, "hornbeam_solver_restarts_total");
      double crashes = delta(before, after, "hornbeam_solver_crashes_total");
      out.println("| run | checks | errors | kills | crashes | restarts | restarts per 1,000 checks | readiness polls | DOWN |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
      out.printf("| %s | %d | %d | %.0f | %.0f | %.0f | %.1f | %d | %.1f%% |%n", label == null ? jar.getFileName() : label,
          checks, run.errors(), kills, crashes, restarts, checks == 0 ? Double.NaN : restarts * 1000 / checks,
          polls.get(), 100.0 * down.get() / Math.max(1, polls.get()));
      out.println("answers: " + run.mix());
      Map<String, Double> retiredBefore = ServiceLoad.series(before, "hornbeam_worker_retirements_total");
      Map<String, Double> retiredAfter = ServiceLoad.series(after, "hornbeam_worker_retirements_total");
      if (!retiredAfter.isEmpty()) {
        StringBuilder b = new StringBuilder("retirements by reason:");
        retiredAfter.forEach((labels, v) -> b.append(' ').append(labels).append('=')
            .append(Math.round(v - retiredBefore.getOrDefault(labels, 0.0))));
        out.println(b);
      }
      out.flush();
    }
    return 0;
  }

  private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"([A-Z_]+)\".*?\"reason\"\\s*:\\s*\"([A-Z_]+)\"", Pattern.DOTALL);

  static String result(String body) {
    Matcher m = RESULT.matcher(body);
    return m.find() ? m.group(1) + "/" + m.group(2) : "?";
  }

  private static double delta(String before, String after, String name) {
    return ServiceLoad.counter(after, name) - ServiceLoad.counter(before, name);
  }
}
