package dev.hornbeam.bench;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench http-load}: HTTP latency and throughput of {@code POST /v1/checks/public-access}
 * on loopback. Starts the real service ({@code java -jar hornbeam.jar serve}) as a child process, once
 * with the answer cache off and once on, and drives it with the corpus S3 policies at each concurrency,
 * bounded in time and count. Prints one Markdown table row per (cache, concurrency).
 */
@Command(name = "http-load", mixinStandardHelpOptions = true,
    description = "HTTP latency (p50/p90/p99) and throughput of the public-access check, per concurrency, cache off and on.")
public final class HttpLoad implements Callable<Integer> {
  @Option(names = "--jar", description = "The service jar (default: api-service/target/hornbeam.jar).")
  Path jar = Path.of("api-service/target/hornbeam.jar");

  @Option(names = "--corpus", description = "Policy corpus (default: ../shared/corpus); its s3/ policies that validate are sent.")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--concurrency", split = ",", description = "Concurrent clients (default 1,8,64).")
  int[] concurrency = {1, 8, 64};

  @Option(names = "--cache", split = ",", description = "Answer cache settings to run: off, on (default both).")
  String[] cache = {"off", "on"};

  @Option(names = "--seconds", description = "Measured time per concurrency (default 20).")
  int seconds = 20;

  @Option(names = "--warmup-seconds", description = "Unmeasured warm-up per concurrency (default 5).")
  int warmupSeconds = 5;

  @Option(names = "--max-requests", description = "At most this many measured requests per concurrency (default 200000).")
  int maxRequests = 200_000;

  @Option(names = "--server-option", description = "Extra -D option for the service, e.g. -Dhornbeam.portfolio.strategy=cvc5.")
  List<String> serverOptions = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> bodies = bodies();
    out.printf("%d S3 policies from %s; %d s measured after %d s warm-up per row, at most %d requests%n",
        bodies.size(), corpus, seconds, warmupSeconds, maxRequests);
    out.println("| cache | concurrency | requests | errors | throughput /s | p50 ms | p90 ms | p99 ms | max ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.flush();
    for (String c : cache) {
      try (Server server = Server.start(jar, c.equals("on"), serverOptions)) {
        for (int n : concurrency) {
          drive(server.url, bodies, n, Duration.ofSeconds(warmupSeconds), Integer.MAX_VALUE); // warm-up
          Result r = drive(server.url, bodies, n, Duration.ofSeconds(seconds), maxRequests);
          out.printf("| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.1f |%n", c, n, r.latencies.length, r.errors,
              r.latencies.length / r.seconds, pct(r.latencies, 50), pct(r.latencies, 90), pct(r.latencies, 99), pct(r.latencies, 100));
          out.flush();
        }
      }
    }
    return 0;
  }

  /** Request bodies: each valid corpus S3 policy as a policyDocument. */
  List<String> bodies() throws IOException {
    List<String> bodies = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus.resolve("s3"))) {
      for (Path f : files.sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        if (PolicyParser.parse(bytes, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits()).isValid()) {
          bodies.add("{\"resourceType\":\"" + ResourceType.S3_BUCKET.cloudFormationName() + "\",\"deadlineMillis\":10000,\"policyDocument\":" + jsonString(new String(bytes, StandardCharsets.UTF_8)) + "}");
        }
      }
    }
    if (bodies.isEmpty()) {
      throw new IllegalArgumentException("no valid S3 policy under " + corpus.resolve("s3"));
    }
    return bodies;
  }

  record Result(long[] latencies, int errors, double seconds) {}

  static Result drive(String url, List<String> bodies, int clients, Duration time, int max) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(url + "/v1/checks/public-access");
    long end = System.nanoTime() + time.toNanos();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long[] latencies = new long[Math.min(max, 2_000_000)];
    AtomicLong count = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      running.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          int k = next.getAndIncrement();
          if (k >= latencies.length) {
            return null;
          }
          HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(k % bodies.size()))).build();
          long t0 = System.nanoTime();
          HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
          long t = System.nanoTime() - t0;
          if (r.statusCode() != 200 || !r.body().contains("\"reason\":\"SOLVED\"")) {
            errors.incrementAndGet();
          }
          latencies[k] = t / 1_000;
          count.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    int n = (int) Math.min(count.get(), latencies.length);
    return new Result(Arrays.copyOf(latencies, n), errors.get(), seconds);
  }

  /** Percentile of microsecond values, in ms. */
  static double pct(long[] micros, int p) {
    if (micros.length == 0) {
      return Double.NaN;
    }
    long[] s = micros.clone();
    Arrays.sort(s);
    return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1))] / 1000.0;
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** The service as a child process on a free loopback port. */
  static final class Server implements AutoCloseable {
    final Process process;
    final String url;

    private Server(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    static Server start(Path jar, boolean cache, List<String> options) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.add("-Dhornbeam.portfolio.cache-entries=" + (cache ? 10_000 : 0));
      cmd.addAll(options);
      cmd.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0"));
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
      String url = null;
      for (String line; url == null && (line = err.readLine()) != null; ) {
        if (line.startsWith("hornbeam: serving on ")) {
          url = line.substring("hornbeam: serving on ".length()).strip();
        }
      }
      if (url == null) {
        p.destroyForcibly();
        throw new IllegalStateException("the service did not start");
      }
      Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "server-stderr");
      drain.setDaemon(true);
      drain.start();
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return new Server(p, url);
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      p.destroyForcibly();
      throw new IllegalStateException("the service did not become ready");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
