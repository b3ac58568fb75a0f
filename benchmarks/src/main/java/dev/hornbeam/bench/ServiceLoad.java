package dev.hornbeam.bench;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load on the real service (a child process, {@link HttpLoad.Server}) for the operational figures of
 * issue 14: worker kills and restarts per 1,000 checks with readiness polled alongside
 * ({@link Restarts}), and the guard's answer time over its deadline ({@link GuardDeadline}).
 */
final class ServiceLoad {
  private ServiceLoad() {}

  /** A request body and the path it goes to. */
  record Call(String path, String body) {}

  /** What one run of a load gave: client-side latencies (µs) and the answers' mix. */
  record Run(long[] micros, int errors, double seconds, Map<String, Integer> mix) {}

  /**
   * {@code clients} clients send {@code calls} round-robin for {@code time} or {@code max} requests;
   * {@code classify} names each 200 answer's kind for the mix (a non-200 is an error).
   */
  static Run drive(String url, List<Call> calls, int clients, Duration time, int max, Function<String, String> classify)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long end = System.nanoTime() + time.toNanos();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong count = new AtomicLong();
    long[] micros = new long[Math.min(max, 2_000_000)];
    Map<String, Integer> mix = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      running.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          int k = next.getAndIncrement();
          if (k >= micros.length) {
            return null;
          }
          Call call = calls.get(k % calls.size());
          HttpRequest request = HttpRequest.newBuilder(URI.create(url + call.path()))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(call.body())).build();
          long t0 = System.nanoTime();
          HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
          micros[k] = (System.nanoTime() - t0) / 1_000;
          if (r.statusCode() != 200) {
            errors.incrementAndGet();
            mix.merge("HTTP " + r.statusCode(), 1, Integer::sum);
          } else {
            mix.merge(classify.apply(r.body()), 1, Integer::sum);
          }
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
    int n = (int) Math.min(count.get(), micros.length);
    return new Run(Arrays.copyOf(micros, n), errors.get(), seconds, new TreeMap<>(mix));
  }

  /** Every valid S3, KMS, SQS and SNS corpus policy as a public-access check (deadline 10 s). */
  static List<Call> publicAccessCalls(Path corpus) throws IOException {
    List<Call> calls = new ArrayList<>();
    for (Map.Entry<String, ResourceType> e : new TreeMap<>(CorpusQueries.FOLDERS).entrySet()) {
      for (Path f : files(corpus.resolve(e.getKey()))) {
        byte[] bytes = Files.readAllBytes(f);
        if (PolicyParser.parse(bytes, PolicyKind.RESOURCE, Limits.DEFAULT).isValid()) {
          calls.add(new Call("/v1/checks/public-access", "{\"resourceType\":\"" + e.getValue().cloudFormationName()
              + "\",\"deadlineMillis\":10000,\"policyDocument\":" + HttpLoad.jsonString(new String(bytes, StandardCharsets.UTF_8)) + "}"));
        }
      }
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no valid policy under " + corpus);
    }
    return calls;
  }

  /**
   * Every valid corpus S3 policy that names a bucket, as a guard call for that bucket (so that the
   * solvers run: a policy about another bucket may be refused before any solving).
   */
  static List<Call> guardCalls(Path corpus, long deadlineMillis) throws IOException {
    List<Call> calls = new ArrayList<>();
    for (Path f : files(corpus.resolve("s3"))) {
      byte[] bytes = Files.readAllBytes(f);
      ParseResult r = PolicyParser.parse(bytes, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits());
      if (!r.isValid()) {
        continue;
      }
      String bucket = bucketOf(r.policy());
      if (bucket == null) {
        continue;
      }
      calls.add(new Call("/v1/guard/policy-attach", "{\"resourceArn\":\"arn:aws:s3:::" + bucket
          + "\",\"resourceType\":\"" + ResourceType.S3_BUCKET.cloudFormationName() + "\",\"deadlineMillis\":" + deadlineMillis
          + ",\"policyDocument\":" + HttpLoad.jsonString(new String(bytes, StandardCharsets.UTF_8)) + "}"));
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no valid S3 policy naming a bucket under " + corpus.resolve("s3"));
    }
    return calls;
  }

  /** The first bucket name a Resource names without wildcards, or null. */
  static String bucketOf(Policy policy) {
    for (Statement s : policy.statements()) {
      if (s.resource() == null || s.resource().negated()) {
        continue;
      }
      for (String p : s.resource().patterns()) {
        if (p.startsWith("arn:aws:s3:::")) {
          String name = p.substring("arn:aws:s3:::".length()).split("/", 2)[0];
          if (!name.isEmpty() && name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            return name;
          }
        }
      }
    }
    return null;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  /** The sum over all series of a Prometheus counter (by its exported name), from a scrape. */
  static double counter(String scrape, String name) {
    double sum = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /** Series of a counter, label set → value. */
  static Map<String, Double> series(String scrape, String name) {
    Map<String, Double> out = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    while (m.find()) {
      out.merge(m.group(1) == null ? "" : m.group(1), Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  static String get(HttpClient client, String url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  static int status(HttpClient client, String url) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Percentile of microsecond values, in ms. */
  static double pct(long[] micros, double p) {
    if (micros.length == 0) {
      return Double.NaN;
    }
    long[] s = micros.clone();
    Arrays.sort(s);
    return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1))] / 1000.0;
  }
}
