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
 * deadline at p50 / p99 / max and how many answers came later than deadline + 25 ms. With several
 * {@code --jar}s (e.g. before and after a change), all services run at once and the measured time is cut
 * into {@code --rounds} slices that go to each jar in turn, so that a shared, noisy machine loads them
 * alike; the warm-up runs once per jar and deadline.
 */
@Command(name = "guard-deadline", mixinStandardHelpOptions = true,
    description = "Guard latency over its deadline (p50/p99/max) per deadline at a given concurrency.")
public final class GuardDeadline implements Callable<Integer> {
  @Option(names = "--jar", description = "Service jar(s), label=path or path (default: api-service/target/hornbeam.jar).")
  List<String> jars = new ArrayList<>(List.of("api-service/target/hornbeam.jar"));

  @Option(names = "--rounds", description = "Slices of the measured time per deadline, taken by each jar in turn (default 6).")
  int rounds = 6;

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
    List<String> labels = new ArrayList<>();
    List<HttpLoad.Server> servers = new ArrayList<>();
    try {
      for (String j : jars) {
        int eq = j.indexOf('=');
        Path path = Path.of(eq < 0 ? j : j.substring(eq + 1));
        labels.add(eq < 0 ? path.getFileName().toString() : j.substring(0, eq));
        servers.add(HttpLoad.Server.start(path, false, serverOptions));
      }
      for (long deadline : deadlines) {
        List<ServiceLoad.Call> calls = ServiceLoad.guardCalls(corpus, deadline);
        List<List<Long>> micros = new ArrayList<>();
        List<Integer> errors = new ArrayList<>();
        List<java.util.Map<String, Integer>> mixes = new ArrayList<>();
        for (HttpLoad.Server server : servers) {
          ServiceLoad.drive(server.url, calls, concurrency, Duration.ofSeconds(warmupSeconds), Integer.MAX_VALUE, b -> "");
          micros.add(new ArrayList<>());
          errors.add(0);
          mixes.add(new java.util.TreeMap<>());
        }
        Duration slice = Duration.ofMillis(seconds * 1000L / Math.max(1, rounds));
        for (int r = 0; r < Math.max(1, rounds); r++) {
          for (int k = 0; k < servers.size(); k++) {
            ServiceLoad.Run run = ServiceLoad.drive(servers.get(k).url, calls, concurrency, slice, Integer.MAX_VALUE,
                GuardDeadline::decision);
            for (long m : run.micros()) {
              micros.get(k).add(m);
            }
            errors.set(k, errors.get(k) + run.errors());
            java.util.Map<String, Integer> mix = mixes.get(k);
            run.mix().forEach((key, n) -> mix.merge(key, n, Integer::sum));
          }
        }
        for (int k = 0; k < servers.size(); k++) {
          long[] over = micros.get(k).stream().mapToLong(m -> m - deadline * 1_000).toArray();
          long late = java.util.Arrays.stream(over).filter(o -> o > 25_000).count();
          out.printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %d | %s |%n", labels.get(k), deadline, over.length, errors.get(k),
              ServiceLoad.pct(over, 50), ServiceLoad.pct(over, 99), ServiceLoad.pct(over, 100), late, mixes.get(k));
          out.flush();
        }
      }
    } finally {
      for (HttpLoad.Server s : servers) {
        s.close();
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
