package dev.hornbeam.service;

import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A seeded fuzz run over every route the server has (taken from its {@link Router}, so that an endpoint
 * added later is fuzzed too): valid sample calls, their mutations, every encoding (UTF-8, with a BOM,
 * UTF-16LE/BE, UTF-32LE/BE, invalid UTF-8, truncated, huge, deeply nested), wrong content types and
 * methods, and, with a token configured, no token, the token or a wrong one. Request {@code i} is made
 * from {@code new Random(seed + i)} alone, so a failure is reproduced from its index whatever the thread
 * interleaving. Every request has a client timeout (a hang is counted, never waited out).
 */
final class FuzzRun {
  static final String TOKEN = "fuzz-token-3f9a";

  /** What one run saw. */
  /**
   * @param oversizedResets connections the server closed while the client was still sending a body over
   *     {@code max-request-size} (1 MB): the server refuses the rest, and TCP may drop its answer with the reset
   */
  record Result(int requests, Map<Integer, Integer> byStatus, List<String> failures, int hangs, int oversizedResets, long heapStartMb,
      long heapEndMb, double seconds, int routes) {
    String summary(String name) {
      return "FUZZ " + name + ": requests=" + requests + " routes=" + routes + " byStatus=" + byStatus + " failures=" + failures.size()
          + " hangs=" + hangs + " oversizedResets=" + oversizedResets + " heapAfterGcStartMb=" + heapStartMb + " heapAfterGcEndMb=" + heapEndMb
          + String.format(" seconds=%.1f rate=%.0f/s", seconds, requests / seconds);
    }
  }

  private record Route(String method, String template) {}

  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
      + "[\"*\",\"arn:aws:iam::111122223333:root\"]},\"Action\":[\"s3:GetObject\",\"s3:Put*\"],\"Resource\":\"arn:aws:s3:::b/*\","
      + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
  private static final String[] SAMPLES = {"bucket-fail-3", "bucket-fail-4", "bucket-fail-5", "bucket-pass-1", "bucket-reference",
      "principals-fail-5", "principals-pass-2", "principals-reference"};
  private static final List<String> FRAGMENTS = List.of("", "null", "true", "-0", "1e999", "99999999999999999999", "\"\"", "\"\\u0000\"",
      "\"\\ud800\"", "\"\\udc00\\ud800\"", "{}", "[]", "\"AWS::S3::Bucket\"", "\"*\"", "{\"a\":1,\"a\":2}", "\"\\\"", "é😀", "\u0000", "}",
      "]", ",", ":", "\"arn:aws:s3:::b\"", "\"s3:*\"", "{\"Effect\":\"Deny\"}", "\"" + "x".repeat(3000) + "\"");
  private static final String[] TYPES = {"application/json", "application/json", "application/json", "application/x-ndjson",
      "text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "a/b;;;=", "*/*",
      "application/problem+json", "application/x-www-form-urlencoded"};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
  private static final byte[] HUGE = "{\"policyDocument\":\"".concat("a".repeat((1 << 20) + 100)).concat("\"}")
      .getBytes(StandardCharsets.US_ASCII);

  private final URI base;
  private final boolean tokenConfigured;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, List<String>> valid = new TreeMap<>();
  /** Milliseconds spent per route, for the summary. */
  private final Map<String, java.util.concurrent.atomic.LongAdder> millisByRoute = new java.util.concurrent.ConcurrentHashMap<>();

  FuzzRun(URI base, Router router, boolean tokenConfigured) {
    this.base = base;
    this.tokenConfigured = tokenConfigured;
    router.uriRoutes().forEach(r -> routes.add(new Route(r.getHttpMethod().name(), r.getUriMatchTemplate().toString())));
    routes.sort((a, b) -> (a.method + a.template).compareTo(b.method + b.template));
    List<String> samples = new ArrayList<>();
    for (String s : SAMPLES) {
      samples.add(Samples.text(s).strip());
    }
    samples.add(POLICY);
    for (String p : samples) {
      String other = samples.get((samples.indexOf(p) + 1) % samples.size());
      add("/v1/checks/public-access", Bodies.members("resourceType", "AWS::S3::Bucket", "deadlineMillis", 200, "policy", new Bodies.Raw(p)));
      add("/v1/checks/public-access", Bodies.members("resourceType", "AWS::S3::Bucket", "policyDocument", p, "resourceArn", "arn:aws:s3:::b",
          "deadlineMillis", 200));
      add("/v1/guard/policy-attach", Bodies.members("resourceArn", "arn:aws:s3:::my-sensitive-bucket", "resourceType", "AWS::S3::Bucket",
          "policy", new Bodies.Raw(p), "blockNewAccess", true, "currentPolicy", new Bodies.Raw(other), "deadlineMillis", 200));
      add("/v1/checks/no-new-access", Bodies.members("existingPolicy", new Bodies.Raw(other), "newPolicyDocument", p, "deadlineMillis", 200));
      add("/v1/checks/access-not-granted", Bodies.members("resourceType", "AWS::S3::Bucket", "policy", new Bodies.Raw(p), "access",
          new Bodies.Raw("[{\"actions\":[\"s3:GetObject\",\"s3:Delete*\"],\"resources\":[\"arn:aws:s3:::b/*\"]}]"), "deadlineMillis", 200));
      add("/v1/checks/cross-account", Bodies.members("ownerAccount", "111122223333", "policy", new Bodies.Raw(p), "deadlineMillis", 200));
      add("/v1/findings", Bodies.members("resourceType", "AWS::S3::Bucket", "resourceArn", "arn:aws:s3:::my-bucket", "account", "111122223333",
          "policy", new Bodies.Raw(p), "deadlineMillis", 200));
      add("/v1/compare", Bodies.members("policy1", new Bodies.Raw(p), "policy2Document", other, "policyType", "RESOURCE_POLICY",
          "deadlineMillis", 200));
    }
    add("/v1/audits", "{\"accountId\":\"111122223333\",\"resources\":[{\"arn\":\"arn:aws:s3:::b\",\"type\":\"AWS::S3::Bucket\",\"policy\":"
        + POLICY + "}]}\n");
    add("/v1/audits", "{\"path\":\"estate.ndjson\",\"format\":\"ndjson\"}");
  }

  private void add(String path, String body) {
    valid.computeIfAbsent(path, k -> new ArrayList<>()).add(body);
  }

  List<String> routeNames() {
    return routes.stream().map(r -> r.method + " " + r.template).toList();
  }

  /** Requests {@code from} to {@code from + requests - 1} (request {@code i} depends on {@code seed + i} alone). */
  Result run(long seed, int from, int requests, int threads) throws InterruptedException {
    long heapStart = heapAfterGcMb();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger hangs = new AtomicInteger();
    AtomicInteger resets = new AtomicInteger();
    AtomicInteger next = new AtomicInteger(from);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        for (int i; (i = next.getAndIncrement()) < from + requests; ) {
          one(client, seed, i, byStatus, failures, hangs, resets);
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
      failures.add("the run did not finish");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long heapEnd = heapAfterGcMb();
    System.out.println("FUZZ client milliseconds by route: " + millisByRoute.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(8).map(e -> e.getKey() + "=" + e.getValue().sum()).toList());
    return new Result(requests, new TreeMap<>(byStatus), List.copyOf(failures), hangs.get(), resets.get(), heapStart, heapEnd, seconds, routes.size());
  }

  static long heapAfterGcMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private void one(HttpClient client, long seed, int i, Map<Integer, Integer> byStatus, List<String> failures, AtomicInteger hangs,
      AtomicInteger resets) {
    Random random = new Random(seed + i);
    Route route = routes.get(random.nextInt(routes.size()));
    if (route.template.equals("/v1/audits") && random.nextInt(4) != 0) {
      route = routes.get(random.nextInt(routes.size())); // audit jobs run on in the background: a quarter of the share
    }
    String path = route.template.replaceAll("\\{[^}]*}", pathValue(random));
    String method = random.nextInt(10) == 0 ? METHODS[random.nextInt(METHODS.length)] : route.method;
    byte[] body = new byte[0];
    String type = null;
    if (!method.equals("GET") && !method.equals("HEAD") || random.nextInt(20) == 0) {
      List<String> bodies = valid.getOrDefault(path, valid.get("/v1/compare"));
      String text = bodies.get(random.nextInt(bodies.size()));
      type = path.equals("/v1/audits") && !text.startsWith("{\"path\"") ? "application/x-ndjson" : "application/json";
      // Most bodies are malformed, so cheap: about 3% are valid calls unchanged (the solvers answer those, within a
      // 200 ms deadline), some mutations stay valid; audit jobs (each a background run) are rarer still.
      int shape = random.nextInt(100);
      boolean audit = path.equals("/v1/audits");
      if (shape < (audit ? 1 : 3)) {
        body = text.getBytes(StandardCharsets.UTF_8);
      } else if (shape < (audit ? 10 : 45)) {
        body = (random.nextInt(8) == 0 ? encode(text, random) : mutate(text, random, 1 + random.nextInt(3)).getBytes(StandardCharsets.UTF_8));
      } else {
        body = broken(random.nextInt(4) == 0 ? mutate(text, random, 1 + random.nextInt(2)) : text, random);
      }
      if (random.nextInt(12) == 0) {
        type = TYPES[random.nextInt(TYPES.length)];
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path : "/" + path)).timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 && random.nextBoolean() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    int auth = random.nextInt(3);
    if (auth == 1) {
      b.header("Authorization", "Bearer " + TOKEN);
    } else if (auth == 2) {
      b.header("Authorization", new String[] {"Bearer " + TOKEN + "x", "Bearer", "Basic " + TOKEN, "bearer  " + TOKEN.toUpperCase(),
          "Bearer " + TOKEN.substring(1)}[random.nextInt(5)]);
    }
    boolean hasToken = auth == 1;
    String what = "#" + i + " " + method + " " + path + " type=" + type + " auth=" + auth + " body=" + preview(body);
    long sent = System.nanoTime();
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      millisByRoute.computeIfAbsent(route.method + " " + route.template, k -> new java.util.concurrent.atomic.LongAdder())
          .add((System.nanoTime() - sent) / 1_000_000);
      int status = r.statusCode();
      byStatus.merge(status, 1, Integer::sum);
      String text = new String(r.body(), StandardCharsets.UTF_8);
      String ctype = r.headers().firstValue("Content-Type").orElse("");
      boolean aws = path.startsWith("/policy/");
      if (status >= 500 && !(status == 503 && path.startsWith("/health"))) { // 503 from /health: DOWN, the probes' contract
        failures.add(status + " " + what + " -> " + preview(r.body()));
      } else if (status >= 400 && ((!aws && text.contains("Exception")) || text.contains("\tat ") || text.contains("/tmp/")
          || text.contains("/home/"))) {
        failures.add("leak " + status + " " + what + " -> " + preview(r.body()));
      } else if (status >= 400 && !method.equals("HEAD") && !aws && !ctype.startsWith("application/problem+json")
          && !(status == 503 && path.startsWith("/health"))) {
        failures.add("not a problem: " + status + " " + ctype + " " + what);
      } else if (status >= 400 && !method.equals("HEAD") && aws && (!ctype.startsWith("application/json")
          || r.headers().firstValue("x-amzn-ErrorType").isEmpty())) {
        // the AWS-compatible endpoint answers errors as AWS does (restJson1), for the SDKs
        failures.add("not an AWS error: " + status + " " + ctype + " " + what);
      } else if (tokenConfigured && !hasToken && !open(path) && !(aws ? status == 401 || status == 403 : status == 401)) {
        failures.add("not 401 without the token: " + status + " " + what);
      } else if (tokenConfigured && !hasToken && path.startsWith("/health") && (text.contains("solverPools") || text.contains("diskSpace"))) {
        failures.add("health details without the token: " + what);
      }
    } catch (HttpTimeoutException e) {
      hangs.incrementAndGet();
      failures.add("hang " + what);
    } catch (java.io.IOException e) {
      if (body.length > 1 << 20) {
        resets.incrementAndGet(); // closed while the client still sent a body over the limit: no answer to lose but a 413
      } else {
        failures.add("connection " + e + " " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean open(String path) {
    return path.equals("/health") || path.equals("/health/liveness") || path.equals("/health/readiness") || path.equals("/openapi");
  }

  private static String pathValue(Random random) {
    return new String[] {"0f0f0f0f-0000-0000-0000-000000000000", "..%2F..%2Fetc", "%00", "x".repeat(300), "readiness", "liveness",
        "%C0%AF", "%FF%FE", "a%20b", "1"}[random.nextInt(10)];
  }

  /** The text in UTF-8 or with a UTF-8 byte order mark (both accepted), or {@link #broken}. */
  static byte[] encode(String text, Random random) {
    int k = random.nextInt(100);
    if (k < 50) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (k < 75) {
      return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
    }
    return broken(text, random);
  }

  /** The text in UTF-16 or UTF-32, with invalid UTF-8, truncated, huge, deeply nested, or noise. */
  static byte[] broken(String text, Random random) {
    int k = 62 + random.nextInt(38);
    if (k < 75) {
      Charset cs = List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32"),
          Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE")).get(random.nextInt(6));
      return text.getBytes(cs);
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (k < 88) { // invalid UTF-8 at a random place
      byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF},
          {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0}};
      int at = random.nextInt(utf8.length + 1);
      return concat(java.util.Arrays.copyOf(utf8, at), bad[random.nextInt(bad.length)], java.util.Arrays.copyOfRange(utf8, at, utf8.length));
    }
    if (k < 93) { // truncated, possibly inside a multi-byte character
      return java.util.Arrays.copyOf(utf8, random.nextInt(utf8.length + 1));
    }
    if (k < 94 && random.nextInt(4) == 0) {
      return HUGE;
    }
    if (k < 98) { // deeply nested, inside a member
      int depth = 1 + random.nextInt(5000);
      return ("{\"policy\":" + "[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2) + "}").getBytes(StandardCharsets.UTF_8);
    }
    byte[] noise = new byte[random.nextInt(512)];
    random.nextBytes(noise);
    return noise;
  }

  /** {@code edits} edits: truncation, a deleted or replaced span, or a JSON fragment spliced in. */
  static String mutate(String body, Random random, int edits) {
    return mutate(body, random, edits, FRAGMENTS);
  }

  /** As above, splicing in {@code fragments}. */
  static String mutate(String body, Random random, int edits, List<String> fragments) {
    String s = body;
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(s.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> s = s.substring(0, at);
        case 1 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(12)));
        case 2 -> s = s.substring(0, at) + fragments.get(random.nextInt(fragments.size())) + s.substring(at);
        default -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(20));
          s = s.substring(0, at) + fragments.get(random.nextInt(fragments.size())) + s.substring(end);
        }
      }
    }
    return s;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 160), StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    return body.length > 160 ? s + "...(" + body.length + " bytes)" : s;
  }
}
