package dev.hornbeam.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench audit-flink}: the audit of one estate, each way it can run, as separate processes from the
 * service jar — the Flink job embedded ({@code FlinkAuditMain}, dedup on and off), {@code hornbeam audit} from
 * {@code --runner-jar} (dedup on and off: the same Flink job since issue 18, or the journal-based runner when that jar
 * is a build from before it, such as 543ac96), and the Flink job submitted to a local standalone session cluster of one
 * or two TaskManagers (started here from the same jar, not timed). Per way: the wall time from launch to exit
 * (median of {@code --repeat}), resources/s, the peak resident memory of every process involved summed (the audit
 * JVM, its solver workers, and for a cluster the JobManager and TaskManagers), their CPU, and the answer counts,
 * which must agree across the ways.
 */
@Command(name = "audit-flink", mixinStandardHelpOptions = true,
    description = "Times the audit of an estate: Flink embedded, hornbeam audit, Flink on a local session cluster of 1 or 2 TaskManagers.")
public final class AuditBench implements Callable<Integer> {
  /** The ways an audit runs. */
  enum Way {
    EMBEDDED("embedded", "Flink, embedded MiniCluster"),
    EMBEDDED_NO_DEDUP("embedded-no-dedup", "Flink, embedded, --no-dedup"),
    RUNNER("runner", "hornbeam audit (--runner-jar)"),
    RUNNER_NO_DEDUP("runner-no-dedup", "hornbeam audit, --no-dedup"),
    CLUSTER_1TM("cluster-1tm", "Flink session cluster, 1 TaskManager x 2 slots"),
    CLUSTER_2TM("cluster-2tm", "Flink session cluster, 2 TaskManagers x 1 slot");

    final String key;
    final String label;

    Way(String key, String label) {
      this.key = key;
      this.label = label;
    }

    static Way of(String key) {
      return Arrays.stream(values()).filter(w -> w.key.equals(key)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown way " + key + "; one of "
              + Arrays.stream(values()).map(w -> w.key).toList()));
    }

    /** TaskManagers of a cluster way, 0 for a single process. */
    int taskManagers() {
      return this == CLUSTER_1TM ? 1 : this == CLUSTER_2TM ? 2 : 0;
    }
  }

  @Option(names = "--jar", description = "The service jar (default: api-service/target/hornbeam.jar).")
  Path jar = Path.of("api-service/target/hornbeam.jar");

  @Option(names = "--runner-jar", description = "The jar whose hornbeam audit the runner ways run (default: --jar; a build from"
      + " before issue 18, e.g. 543ac96, for the journal-based runner).")
  Path runnerJar;

  @Option(names = "--estate", required = true, description = "The audit input (e.g. from hornbeam-bench estate).")
  Path estate;

  @Option(names = "--ways", split = ",", description = "Comma-separated: embedded, embedded-no-dedup, runner, runner-no-dedup, cluster-1tm, "
      + "cluster-2tm (default: all).")
  List<String> ways = Arrays.stream(Way.values()).map(w -> w.key).toList();

  @Option(names = "--repeat", description = "Runs per way; the table shows the median wall time (default 1).")
  int repeat = 1;

  @Option(names = "--workers", description = "Solver workers per solver and checker (default 1).")
  int workers = 1;

  @Option(names = "--parallelism", description = "The Flink job's parallelism (default 2, the cores here).")
  int parallelism = 2;

  @Option(names = "--java-option", description = "An option for the audit JVM (e.g. -Xmx512m); repeatable.")
  List<String> javaOptions = new ArrayList<>();

  @Option(names = "--work", description = "Scratch directory (default: a temporary one, deleted afterwards).")
  Path work;

  @Option(names = "--sample-millis", description = "How often memory and CPU are read from /proc (default 100).")
  int sampleMillis = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One run's figures. */
  record Run(double seconds, long peakRssKb, long peakMainKb, double cpuSeconds, Map<String, Long> counts) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Way> chosen = ways.stream().map(Way::of).toList();
    boolean temporary = work == null;
    Path scratch = temporary ? Files.createTempDirectory("audit-bench") : Files.createDirectories(work);
    out.printf("estate %s, %d run(s) per way, --workers %d, parallelism %d, %d cores; load average before: %s%n", estate, repeat, workers,
        parallelism, Runtime.getRuntime().availableProcessors(), loadAverage());
    out.println("| way | resources | wall (median) | wall min–max | resources/s | peak RSS, all processes | peak RSS, audit JVM | CPU (user+sys, all processes) | PUBLIC / NOT_PUBLIC / INVALID |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    out.flush();
    Map<String, Long> agreed = null;
    boolean disagree = false;
    try {
      for (Way way : chosen) {
        List<Run> runs = new ArrayList<>();
        try (LocalCluster cluster = way.taskManagers() == 0 ? null : LocalCluster.start(jar, scratch.resolve(way.key + "-cluster"),
            way.taskManagers(), 2 / way.taskManagers())) {
          for (int i = 0; i < repeat; i++) {
            Path dir = scratch.resolve(way.key + "-" + i);
            runs.add(run(way, dir, cluster));
            deleteTree(dir);
          }
        }
        Run median = runs.stream().sorted(Comparator.comparingDouble(Run::seconds)).toList().get(runs.size() / 2);
        double min = runs.stream().mapToDouble(Run::seconds).min().orElseThrow();
        double max = runs.stream().mapToDouble(Run::seconds).max().orElseThrow();
        long resources = median.counts().values().stream().mapToLong(Long::longValue).sum();
        for (Run r : runs) {
          if (agreed == null) {
            agreed = r.counts();
          } else if (!agreed.equals(r.counts())) {
            disagree = true;
          }
        }
        out.printf("| %s | %,d | %.2f s | %.2f–%.2f s | %,.0f | %,d MB | %,d MB | %.1f s | %,d / %,d / %,d |%n", way.label, resources, median.seconds(),
            min, max, resources / median.seconds(), median.peakRssKb() / 1024, median.peakMainKb() / 1024, median.cpuSeconds(), median.counts().get("PUBLIC"),
            median.counts().get("NOT_PUBLIC"), median.counts().get("INVALID"));
        out.flush();
      }
    } finally {
      if (temporary) {
        deleteTree(scratch);
      }
    }
    out.printf("load average after: %s%n", loadAverage());
    if (disagree) {
      out.println("the ways' answer counts differ");
      out.flush();
      return 1;
    }
    out.flush();
    return 0;
  }

  /** The audit process's command line for {@code way}. */
  List<String> command(Way way, Path dir, LocalCluster cluster) {
    List<String> cmd = new ArrayList<>(List.of(LocalCluster.java()));
    cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    cmd.addAll(javaOptions);
    switch (way) {
      case RUNNER, RUNNER_NO_DEDUP -> cmd.addAll(List.of("-jar", (runnerJar != null ? runnerJar : jar).toString(), "audit"));
      case EMBEDDED, EMBEDDED_NO_DEDUP, CLUSTER_1TM, CLUSTER_2TM -> cmd.addAll(List.of("-cp", jar.toString(), FLINK_MAIN,
          "--parallelism", Integer.toString(parallelism)));
    }
    cmd.addAll(List.of(estate.toAbsolutePath().toString(), "--out", dir.resolve("out").toString(), "--workers", Integer.toString(workers)));
    switch (way) {
      case EMBEDDED_NO_DEDUP, RUNNER_NO_DEDUP -> cmd.add("--no-dedup");
      case CLUSTER_1TM, CLUSTER_2TM -> cmd.addAll(List.of("--cluster", "localhost:" + cluster.restPort()));
      case EMBEDDED, RUNNER -> { }
    }
    return cmd;
  }

  static final String FLINK_MAIN = "dev.hornbeam.audit.flink.FlinkAuditMain";

  Run run(Way way, Path dir, LocalCluster cluster) throws Exception {
    Files.createDirectories(dir.resolve("tmp"));
    Path log = dir.resolve("stdout.txt");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command(way, dir, cluster)).redirectOutput(log.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    List<ProcessHandle> roots = new ArrayList<>(List.of(p.toHandle()));
    if (cluster != null) {
      roots.addAll(cluster.handles());
    }
    try (TreeMeter meter = TreeMeter.start(roots, Duration.ofMillis(sampleMillis))) {
      p.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      meter.stop();
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() > 1) {
        throw new IllegalStateException(way.key + " exited " + p.exitValue() + ": " + text + Files.readString(dir.resolve("stderr.txt")));
      }
      return new Run(seconds, meter.peakRssKb(), meter.peakFirstKb(), meter.cpuSeconds(), counts(text));
    } finally {
      p.destroyForcibly();
    }
  }

  private static final Pattern COUNT = Pattern.compile("(?m)^(PUBLIC|NOT_PUBLIC|INVALID) (\\d+)$");

  /** The answer counts either audit prints on stdout. */
  static Map<String, Long> counts(String stdout) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Matcher m = COUNT.matcher(stdout);
    while (m.find()) {
      counts.put(m.group(1), Long.parseLong(m.group(2)));
    }
    if (counts.size() != 3) {
      throw new IllegalStateException("no PUBLIC / NOT_PUBLIC / INVALID counts in: " + stdout);
    }
    return counts;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Memory and CPU of process trees, read from /proc every {@code every}: the peak of the summed resident sets of
   * the roots and their descendants alive at a sample, and each process's last seen CPU time, summed.
   */
  static final class TreeMeter implements AutoCloseable {
    private final List<ProcessHandle> roots;
    private final Map<Long, Long> ticks = new LinkedHashMap<>();
    /** CPU ticks of the processes alive at the first sample (a cluster's start-up is not the run's). */
    private final Map<Long, Long> base = new LinkedHashMap<>();
    private long peakKb;
    private long peakFirstKb;
    private final Thread thread;
    private volatile boolean running = true;

    private TreeMeter(List<ProcessHandle> roots, Duration every) {
      this.roots = List.copyOf(roots);
      thread = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(every.toMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "tree-meter");
      thread.setDaemon(true);
    }

    static TreeMeter start(List<ProcessHandle> roots, Duration every) {
      TreeMeter m = new TreeMeter(roots, every);
      m.sample();
      m.base.putAll(m.ticks);
      m.thread.start();
      return m;
    }

    synchronized void sample() {
      long kb = 0;
      List<ProcessHandle> all = new ArrayList<>();
      for (ProcessHandle r : roots) {
        all.add(r);
        r.descendants().forEach(all::add);
      }
      for (ProcessHandle h : all) {
        Path proc = Path.of("/proc", Long.toString(h.pid()));
        try {
          long rss = rssKb(Files.readString(proc.resolve("status")));
          kb += rss;
          if (h.equals(roots.get(0))) {
            peakFirstKb = Math.max(peakFirstKb, rss);
          }
          ticks.put(h.pid(), cpuTicks(Files.readString(proc.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
          // ended meanwhile
        }
      }
      peakKb = Math.max(peakKb, kb);
    }

    void stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
    }

    synchronized long peakRssKb() {
      return peakKb;
    }

    /** The peak resident set of the first root alone (the audit JVM or the cluster's client, without its workers). */
    synchronized long peakFirstKb() {
      return peakFirstKb;
    }

    /**
     * CPU seconds (user + system) of every process seen, at its last sample, less what those alive at the first sample
     * had used before it (the kernel's clock ticks: 100 per second).
     */
    synchronized double cpuSeconds() {
      return ticks.entrySet().stream().mapToLong(e -> e.getValue() - base.getOrDefault(e.getKey(), 0L)).sum() / 100.0;
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }

    /** VmRSS of a /proc/PID/status text, in kB (0 for a process without one: a zombie). */
    static long rssKb(String status) {
      Matcher m = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$").matcher(status);
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** utime + stime of a /proc/PID/stat line (fields 14 and 15; the command name in parentheses may hold spaces). */
    static long cpuTicks(String stat) {
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
  }

  /**
   * A Flink standalone session cluster on this machine, started from the service jar's Flink classes: a JobManager
   * ({@code StandaloneSessionClusterEntrypoint}) and {@code taskManagers} TaskManagers ({@code TaskManagerRunner}) of
   * {@code slots} slots each, on free ports, with the memory options the Flink distribution's scripts would pass.
   */
  static final class LocalCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final int rest;

    private LocalCluster(int rest) {
      this.rest = rest;
    }

    static String java() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    int restPort() {
      return rest;
    }

    List<ProcessHandle> handles() {
      return processes.stream().map(Process::toHandle).toList();
    }

    /** The cluster's config.yaml. */
    static String config(int rest, int rpc, int blob, int slots) {
      return String.join("\n", "jobmanager.rpc.address: localhost", "jobmanager.rpc.port: " + rpc, "jobmanager.bind-host: localhost",
          "taskmanager.bind-host: localhost", "taskmanager.host: localhost", "blob.server.port: " + blob, "rest.port: " + rest,
          "rest.address: localhost", "rest.bind-address: localhost", "jobmanager.memory.process.size: 800m",
          "taskmanager.numberOfTaskSlots: " + slots, "taskmanager.load-balance.mode: slots", "parallelism.default: 2",
          "taskmanager.cpu.cores: 2", "taskmanager.memory.task.heap.size: 512m", "taskmanager.memory.managed.size: 32m",
          "taskmanager.memory.network.min: 64m", "taskmanager.memory.network.max: 64m", "taskmanager.memory.framework.heap.size: 128m",
          "taskmanager.memory.framework.off-heap.size: 128m", "taskmanager.memory.task.off-heap.size: 0m",
          "taskmanager.memory.jvm-metaspace.size: 256m", "taskmanager.memory.jvm-overhead.min: 192m", "taskmanager.memory.jvm-overhead.max: 192m",
          "restart-strategy.type: fixed-delay", "restart-strategy.fixed-delay.attempts: 3", "restart-strategy.fixed-delay.delay: 1 s", "");
    }

    static LocalCluster start(Path jar, Path dir, int taskManagers, int slots) throws Exception {
      LocalCluster c = new LocalCluster(freePort());
      try {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), config(c.rest, freePort(), freePort(), slots));
        c.launch(jar, dir, "jobmanager", List.of("-Xmx512m"), "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            "--configDir", conf.toString());
        for (int i = 1; i <= taskManagers; i++) {
          // -Xmx: framework + task heap; direct memory: framework + task off-heap + network (as Flink's scripts compute).
          c.launch(jar, dir, "taskmanager-" + i, List.of("-Xmx640m", "-Xms640m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"),
              "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString());
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String want = "\"taskmanagers\":" + taskManagers + ",";
        String overview = "";
        while (!overview.contains(want) && System.nanoTime() < deadline) {
          Thread.sleep(300);
          try {
            overview = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + c.rest + "/overview")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
          } catch (IOException e) {
            // not up yet
          }
        }
        if (!overview.contains(want)) {
          throw new IllegalStateException("the session cluster did not come up (logs in " + dir + "): " + overview);
        }
        return c;
      } catch (Exception | Error e) {
        c.close();
        throw e;
      }
    }

    private void launch(Path jar, Path dir, String name, List<String> jvm, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(java()));
      cmd.addAll(jvm);
      cmd.addAll(List.of("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp-" + name)), "-cp", jar.toString()));
      cmd.addAll(List.of(args));
      processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start());
    }

    @Override
    public void close() throws InterruptedException {
      List<ProcessHandle> all = new ArrayList<>();
      for (Process p : processes) {
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
      }
      all.forEach(ProcessHandle::destroyForcibly);
      for (Process p : processes) {
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }

    static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}
