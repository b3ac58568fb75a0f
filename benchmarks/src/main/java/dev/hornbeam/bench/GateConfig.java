package dev.hornbeam.bench;

import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverOptions;
import dev.hornbeam.portfolio.worker.WorkerLaunch;
import dev.hornbeam.smt.PolicyEncoder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * One side of the upgrade gate, read from a {@code .properties} file (examples in {@code benchmarks/gate/},
 * keys in BENCHMARKS.md "Upgrade gate"). Unknown keys are errors, so a typo cannot silently compare a
 * configuration with itself.
 *
 * @param versions expected solver versions (e.g. z3 → 4.14.1); checked against what the workers load
 * @param options native solver options per solver ({@link SolverOptions})
 * @param workerClasspath class path of the solver workers (another Hornbeam build or solver version), or null for this one
 */
record GateConfig(String name, Strategy strategy, SolverId staggerFirst, long staggerDelayMs, long timeoutMs,
    Map<SolverId, String> versions, Map<SolverId, Map<String, String>> options, boolean shortcuts, boolean pruning,
    String workerClasspath) {

  static final Set<String> KEYS = Set.of("name", "strategy", "stagger.first", "stagger.delay-ms", "timeout-ms",
      "z3.version", "cvc5.version", "encoder.shortcuts", "encoder.pruning", "worker.classpath");

  static GateConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    String stem = file.getFileName().toString().replaceFirst("\\.properties$", "");
    return parse(p, stem, file.toString());
  }

  static GateConfig parse(Properties p, String defaultName, String where) {
    List<String> unknown = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
      boolean option = key.startsWith("z3.option.") || key.startsWith("cvc5.option.");
      if (!KEYS.contains(key) && !option) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(where + ": unknown keys " + unknown + " (known: " + new java.util.TreeSet<>(KEYS)
          + ", z3.option.<name>, cvc5.option.<name>)");
    }
    String s = p.getProperty("strategy", "race").strip();
    Strategy strategy = Strategy.fromKey(s).orElseThrow(() -> new IllegalArgumentException(where + ": strategy " + s + " is not race, z3, cvc5 or staggered"));
    String f = p.getProperty("stagger.first", "cvc5").strip();
    SolverId first = SolverId.fromKey(f).orElseThrow(() -> new IllegalArgumentException(where + ": stagger.first " + f + " is not z3 or cvc5"));
    long delay = number(p, "stagger.delay-ms", 20, where);
    long timeout = number(p, "timeout-ms", 10_000, where);
    if (timeout < 1 || delay < 0) {
      throw new IllegalArgumentException(where + ": timeout-ms must be positive and stagger.delay-ms not negative");
    }
    Map<SolverId, String> versions = new EnumMap<>(SolverId.class);
    Map<SolverId, Map<String, String>> options = new EnumMap<>(SolverId.class);
    Properties prefixed = new Properties();
    for (SolverId id : SolverId.workers()) {
      String v = p.getProperty(id.key() + ".version");
      if (v != null && !v.isBlank()) {
        versions.put(id, v.strip());
      }
      p.stringPropertyNames().stream().filter(k -> k.startsWith(id.key() + ".option."))
          .forEach(k -> prefixed.setProperty("hornbeam." + k, p.getProperty(k).strip()));
      options.put(id, SolverOptions.from(prefixed, id));
    }
    String cp = p.getProperty("worker.classpath");
    return new GateConfig(p.getProperty("name", defaultName).strip(), strategy, first, delay, timeout, versions, options,
        bool(p, "encoder.shortcuts", where), bool(p, "encoder.pruning", where), cp == null || cp.isBlank() ? null : cp.strip());
  }

  private static long number(Properties p, String key, long dflt, String where) {
    String v = p.getProperty(key);
    try {
      return v == null ? dflt : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": " + key + " must be a whole number, not " + v);
    }
  }

  private static boolean bool(Properties p, String key, String where) {
    String v = p.getProperty(key, "true").strip();
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(where + ": " + key + " must be true or false, not " + v);
    }
    return v.equals("true");
  }

  /** Encoder choices; the default encoding unless the file switches something off. */
  PolicyEncoder.Options encoder() {
    return new PolicyEncoder.Options(null, shortcuts, pruning);
  }

  boolean defaultEncoder() {
    return shortcuts && pruning;
  }

  /** Cache off, one worker per solver, solver options as worker system properties. */
  PortfolioConfig portfolio() {
    List<String> jvm = new ArrayList<>();
    options.forEach((id, opts) -> opts.forEach((k, v) -> jvm.add("-D" + SolverOptions.prefix(id) + k + "=" + v)));
    WorkerLaunch d = WorkerLaunch.defaults();
    WorkerLaunch launch = new WorkerLaunch(d.java(), workerClasspath == null ? d.classpath() : workerClasspath, d.mainClass(),
        d.heapMb(), d.nativeMemoryMb(), jvm, d.tempRoot());
    return PortfolioConfig.defaults().toBuilder().strategy(strategy).stagger(staggerFirst, Duration.ofMillis(staggerDelayMs))
        .cacheEntries(0).workersPerSolver(1).recycleAfter(1_000_000).launch(launch).build();
  }

  /** One line: what this configuration is. */
  String describe() {
    StringBuilder b = new StringBuilder(name).append(": strategy ").append(strategy.key());
    if (strategy == Strategy.STAGGERED) {
      b.append(" (").append(staggerFirst.key()).append(" first, other after ").append(staggerDelayMs).append(" ms)");
    }
    b.append(", time-out ").append(timeoutMs).append(" ms");
    options.forEach((id, o) -> {
      if (!o.isEmpty()) {
        b.append(", ").append(id.key()).append(" options ").append(o);
      }
    });
    b.append(", encoder shortcuts ").append(shortcuts ? "on" : "off").append(", pruning ").append(pruning ? "on" : "off");
    if (workerClasspath != null) {
      b.append(", workers from ").append(workerClasspath);
    }
    return b.toString();
  }

  /**
   * Problems with the versions the workers report ({@code z3 4.14.1}, {@code cvc5 1.3.2}) against the ones
   * this file names; empty when they match.
   */
  List<String> versionProblems(Map<SolverId, String> loaded) {
    List<String> problems = new ArrayList<>();
    versions.forEach((id, want) -> {
      String got = loaded.getOrDefault(id, "");
      String gotVersion = got.startsWith(id.key() + " ") ? got.substring(id.key().length() + 1) : got;
      if (!gotVersion.equals(want) && !gotVersion.startsWith(want + ".")) { // 4.14.1 matches Z3's 4.14.1.0
        problems.add(name + " names " + id.key() + " " + want + " but the workers loaded " + (got.isEmpty() ? "nothing" : got)
            + " (the solver version comes from the class path: the root pom.xml's " + (id == SolverId.Z3 ? "z3-turnkey.version" : "cvc5.version")
            + " for this build, or worker.classpath for another build)");
      }
    });
    return problems;
  }
}
