package dev.hornbeam.bench;

import dev.hornbeam.policy.eval.Decision;
import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.smt.WitnessText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench peers} (issue 15): Hornbeam's proved answer next to the open tools a user would pick
 * instead, on the same corpus policies in the same run: Netflix's policyuniverse
 * ({@code Policy(...).is_internet_accessible()}, vendored in benchmarks/peers/policyuniverse, run by python3) and
 * {@code @cloud-copilot/iam-simulate}'s S3 Block Public Access classifier (benchmarks/peers/iam-simulate, run by
 * node; {@code npm ci} when not installed). Each peer runs as one process over all the policies and times each
 * policy itself (after an untimed warm-up pass); Hornbeam runs in this JVM ({@link PolicyChecker}, the default
 * strategy, cache off, one warm-up pass), its time per policy being parse + {@code isPublic}.
 *
 * <p>Prints per tool the time per policy (p50/p99/max) and the totals, the answer matrix per peer, and every
 * policy where a peer's answer differs from Hornbeam's proved one, with what settles it: for PUBLIC, Hornbeam's
 * witness (a stranger's request the reference evaluator allows); for NOT_PUBLIC (a proof that no stranger's
 * request is allowed), the request the peer presumably had in mind, found by asking Hornbeam about the policy
 * without its Deny statements, without its conditions, or without both, and how the policy as written refuses
 * it. Hornbeam's fail-closed answers (TIMEOUT, UNKNOWN, ERROR, INVALID_INPUT, OVERLOADED) are their own column,
 * never a disagreement. Writes one CSV row per policy.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
    description = "Hornbeam vs policyuniverse and iam-simulate's S3 BPA classifier on the same corpus policies: times, answer matrix, every difference with the witness that settles it.")
public final class Peers implements Callable<Integer> {
  @Option(names = "--corpus", required = true, description = "Policy corpus (folders s3, sqs, sns, kms, ...).")
  Path corpus;

  @Option(names = "--folders", split = ",", description = "Corpus folders, of s3, sqs, sns, kms (default all four).")
  List<String> folders = List.of("s3", "sqs", "sns", "kms");

  @Option(names = "--deadline", description = "Hornbeam's deadline per policy in ms (default 10000).")
  long deadlineMs = 10_000;

  @Option(names = "--peers-dir", description = "Where the peer runners are (default benchmarks/peers).")
  Path peersDir = Path.of("benchmarks/peers");

  @Option(names = "--out", description = "CSV file, one row per policy (default benchmarks/results/peers.csv).")
  Path out = Path.of("benchmarks/results/peers.csv");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final String HEADER = "folder,file,hornbeam,hornbeam_reason,hornbeam_ms,policyuniverse,policyuniverse_ms,"
      + "iam_simulate,iam_simulate_ms,differs,hornbeam_detail";

  /** A peer's answers to one policy. */
  enum PeerAnswer { PUBLIC, NOT_PUBLIC, ERROR }

  /** One peer: its name, its runner directory under --peers-dir, and the command that runs it there. */
  record Peer(String name, String dir, List<String> command) {}

  static final List<Peer> PEERS = List.of(
      new Peer("policyuniverse", "policyuniverse", List.of("python3", "-B", "run.py", "--warmup")),
      new Peer("iam-simulate", "iam-simulate", List.of("node", "run.mjs", "--warmup")));

  /** A policy of the run. */
  record Item(String folder, Path file, ResourceType type) {
    String name() {
      return folder + "/" + file.getFileName();
    }
  }

  /** A peer's line for one policy: its answer, its own time (ns), what it said. */
  record PeerResult(PeerAnswer answer, long nanos, String detail) {}

  /** A peer's run: results by file path (as given), the process's wall time (start-up and warm-up included). */
  record PeerRun(Map<String, PeerResult> results, long wallNanos) {}

  /**
   * Hornbeam's answer: {@code column} is PUBLIC or NOT_PUBLIC when proved (reason SOLVED), else the fail-closed
   * reason; {@code settles} is the witness (PUBLIC) or the proof's explanation (NOT_PUBLIC).
   */
  record HornbeamResult(String column, String reason, long nanos, String settles, Policy policy) {
    boolean proved() {
      return column.equals("PUBLIC") || column.equals("NOT_PUBLIC");
    }
  }

  @Override
  public Integer call() throws Exception {
    if (deadlineMs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--deadline must be positive");
    }
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Item> items = items(corpus, folders);
    o.printf("%d policies (%s), Hornbeam deadline %d ms, cache off%n", items.size(), String.join(",", folders), deadlineMs);
    o.flush();
    Map<String, PeerRun> peers = new LinkedHashMap<>();
    for (Peer p : PEERS) {
      Path dir = peersDir.resolve(p.dir());
      if (p.dir().equals("iam-simulate")) {
        npmCi(dir);
      }
      peers.put(p.name(), runPeer(p, dir, items));
      err.printf("%s: %d policies in %.1f s (process wall)%n", p.name(), items.size(), peers.get(p.name()).wallNanos() / 1e9);
      err.flush();
    }
    Duration deadline = Duration.ofMillis(deadlineMs);
    long start = System.nanoTime();
    List<HornbeamResult> hornbeam = new ArrayList<>();
    long measuredNanos;
    try (PolicyChecker checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().cacheEntries(0)
        .workersPerSolver(1).recycleAfter(1_000_000).build(), new SimpleMeterRegistry())) {
      if (!checker.portfolio().awaitReady(Duration.ofSeconds(120))) {
        throw new IllegalStateException("workers did not start within 120 s");
      }
      List<byte[]> texts = new ArrayList<>();
      for (Item i : items) {
        texts.add(Files.readAllBytes(i.file()));
      }
      for (int i = 0; i < items.size(); i++) { // warm-up: class loading, JIT, the workers' first queries
        hornbeam(checker, items.get(i), texts.get(i), deadline);
      }
      long measured = System.nanoTime();
      for (int i = 0; i < items.size(); i++) {
        hornbeam.add(hornbeam(checker, items.get(i), texts.get(i), deadline));
      }
      measuredNanos = System.nanoTime() - measured;
      // What settles each difference (extra questions, outside the measured pass).
      for (int i = 0; i < items.size(); i++) {
        HornbeamResult h = hornbeam.get(i);
        if (h.column().equals("NOT_PUBLIC") && differs(h, peers, items.get(i))) {
          hornbeam.set(i, new HornbeamResult(h.column(), h.reason(), h.nanos(),
              whyNotPublic(checker, h.policy(), items.get(i).type(), deadline), h.policy()));
        }
      }
    }
    long hornbeamWall = System.nanoTime() - start;
    err.printf("hornbeam: %d policies in %.1f s (start-up, warm-up and measured pass)%n", items.size(), hornbeamWall / 1e9);
    err.flush();
    List<Row> rows = rows(items, hornbeam, peers);
    writeCsv(out, rows);
    o.print(report(rows, peers, hornbeamWall, measuredNanos));
    o.printf("per-policy rows: %s%n", out);
    o.flush();
    return 0;
  }

  /** The .json files of each folder, sorted by name; the folder gives the resource type. */
  static List<Item> items(Path corpus, List<String> folders) throws IOException {
    List<Item> items = new ArrayList<>();
    for (String folder : folders) {
      ResourceType type = CorpusQueries.FOLDERS.get(folder);
      if (type == null) {
        throw new IllegalArgumentException("unknown folder " + folder + " (" + String.join(", ", CorpusQueries.FOLDERS.keySet()) + ")");
      }
      Path dir = corpus.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p -> items.add(new Item(folder, p, type)));
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no policy under " + corpus + " in " + folders);
    }
    return items;
  }

  // ------------------------------------------------------------------ the peers

  /** Runs a peer once over all the policies (paths on stdin); every policy must have its line. */
  static PeerRun runPeer(Peer peer, Path dir, List<Item> items) throws IOException, InterruptedException {
    String input = items.stream().map(i -> i.file().toAbsolutePath().toString()).collect(Collectors.joining("\n", "", "\n"));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(peer.command()).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread writer = new Thread(() -> {
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the process's exit code says what went wrong
      }
    });
    writer.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(peer.name() + " did not finish in 600 s");
    }
    long wall = System.nanoTime() - start;
    writer.join();
    if (p.exitValue() != 0) {
      throw new IllegalStateException(peer.name() + " (" + String.join(" ", peer.command()) + " in " + dir + ") exited with " + p.exitValue());
    }
    Map<String, PeerResult> results = parsePeerOutput(output);
    for (Item i : items) {
      if (!results.containsKey(i.file().toAbsolutePath().toString())) {
        throw new IllegalStateException(peer.name() + " gave no answer for " + i.file());
      }
    }
    return new PeerRun(results, wall);
  }

  /** Lines {@code path TAB public|not-public|error TAB nanoseconds TAB detail} (see the runners). */
  static Map<String, PeerResult> parsePeerOutput(String output) {
    Map<String, PeerResult> results = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", 4);
      if (f.length < 3) {
        throw new IllegalArgumentException("not a peer line: " + line);
      }
      PeerAnswer a = switch (f[1]) {
        case "public" -> PeerAnswer.PUBLIC;
        case "not-public" -> PeerAnswer.NOT_PUBLIC;
        case "error" -> PeerAnswer.ERROR;
        default -> throw new IllegalArgumentException("not a peer answer: " + line);
      };
      results.put(f[0], new PeerResult(a, Long.parseLong(f[2]), f.length > 3 ? f[3] : ""));
    }
    return results;
  }

  /** {@code npm ci} in {@code dir} when its installed tree is missing or older than its package-lock.json. */
  static void npmCi(Path dir) throws IOException, InterruptedException {
    Path installed = dir.resolve("node_modules/.package-lock.json");
    if (Files.exists(installed)
        && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
      return;
    }
    Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("npm ci failed in " + dir);
    }
  }

  // ------------------------------------------------------------------ Hornbeam

  /** Parse + isPublic, timed; a policy the parser refuses is INVALID_INPUT. */
  static HornbeamResult hornbeam(PolicyChecker checker, Item item, byte[] text, Duration deadline) {
    long start = System.nanoTime();
    ParseResult parsed = PolicyParser.parse(text, PolicyKind.RESOURCE, Limits.DEFAULT);
    if (!parsed.isValid()) {
      long nanos = System.nanoTime() - start;
      return new HornbeamResult(Reason.INVALID_INPUT.name(), Reason.INVALID_INPUT.name(), nanos,
          "the parser refuses the policy: " + parsed.errors().get(0).message(), null);
    }
    PublicAccessAnswer a = checker.isPublic(parsed.policy(), item.type(), null, deadline);
    long nanos = System.nanoTime() - start;
    if (a.reason() != Reason.SOLVED) {
      return new HornbeamResult(a.reason().name(), a.reason().name(), nanos, a.detail(), parsed.policy());
    }
    String solver = a.solver().map(s -> s.key()).orElse("?");
    String settles = a.isPublic()
        ? "witness (" + solver + ", allowed by the reference evaluator): " + a.witnessText()
        + a.grants().stream().map(g -> "statement " + g.statementIndex() + (g.statementId() == null ? "" : " (Sid " + g.statementId() + ")"))
            .collect(Collectors.joining(", ", "; granted by ", ""))
        : "proved (" + solver + ", UNSAT): no request from outside the resource's account is allowed";
    return new HornbeamResult(a.result().name(), a.reason().name(), nanos, settles, parsed.policy());
  }

  /**
   * For a NOT_PUBLIC policy a peer calls public: the request the peer presumably had in mind and how the policy
   * refuses it. Asks Hornbeam about the policy without its Deny statements, then without its conditions, then
   * without both; the first that is PUBLIC gives a witness w, and the evaluator on the policy as written says
   * what refuses w (the Deny statements that match it, or the conditions it fails). When none is public, the
   * principals themselves keep strangers out.
   */
  static String whyNotPublic(PolicyChecker checker, Policy policy, ResourceType type, Duration deadline) {
    boolean denies = policy.statements().stream().anyMatch(s -> s.effect() == Effect.DENY);
    boolean conditions = policy.statements().stream().anyMatch(s -> s.effect() == Effect.ALLOW && !s.conditions().isEmpty());
    List<String> tried = new ArrayList<>();
    if (denies) {
      String w = relaxed(checker, policy, withoutDenies(policy), type, deadline, "Deny ignored", "its Deny statements");
      if (w != null) {
        return w;
      }
      tried.add("its Deny statements");
    }
    if (conditions) {
      String w = relaxed(checker, policy, withoutConditions(policy), type, deadline, "conditions ignored", "its Allow conditions");
      if (w != null) {
        return w;
      }
      tried.add("its Allow conditions");
    }
    if (denies && conditions) {
      String w = relaxed(checker, policy, withoutConditions(withoutDenies(policy)), type, deadline, "Deny and conditions ignored",
          "its Deny statements and Allow conditions");
      if (w != null) {
        return w;
      }
      tried.add("both");
    }
    return "principals: proved NOT_PUBLIC" + (tried.isEmpty() ? "" : ", and still NOT_PUBLIC without " + String.join(", without ", tried))
        + ": no statement's principal admits a stranger";
  }

  private static String relaxed(PolicyChecker checker, Policy policy, Policy relaxed, ResourceType type, Duration deadline,
      String label, String dropped) {
    PublicAccessAnswer a = checker.isPublic(relaxed, type, null, deadline);
    if (a.reason() != Reason.SOLVED || !a.isPublic() || a.witness().isEmpty()) {
      return null;
    }
    Request w = a.witness().get();
    Decision d = Evaluator.evaluate(policy, w);
    StringBuilder b = new StringBuilder(label).append(": proved NOT_PUBLIC; without ").append(dropped)
        .append(" Hornbeam finds ").append(WitnessText.describe(w)).append("; the policy as written: ").append(d.outcome());
    if (!d.matchedDenies().isEmpty()) {
      b.append(" (denied by statement ").append(d.matchedDenies().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(')');
    } else {
      Set<String> keys = new LinkedHashSet<>();
      for (Statement s : policy.statements()) {
        if (s.effect() == Effect.ALLOW) {
          s.conditions().forEach(c -> keys.add(c.operator().json() + " " + c.key()));
        }
      }
      b.append(" (the request fails the conditions: ").append(String.join(", ", keys)).append(')');
    }
    return b.toString();
  }

  static Policy withoutDenies(Policy p) {
    return new Policy(p.version(), p.id(), p.statements().stream().filter(s -> s.effect() != Effect.DENY).toList());
  }

  static Policy withoutConditions(Policy p) {
    return new Policy(p.version(), p.id(), p.statements().stream().map(s -> s.effect() == Effect.DENY ? s
        : new Statement(s.sid(), s.effect(), s.principal(), s.action(), s.resource(), List.<Condition>of())).toList());
  }

  // ------------------------------------------------------------------ comparison

  /** One policy's row: Hornbeam's result and each peer's. */
  record Row(Item item, HornbeamResult hornbeam, Map<String, PeerResult> peers) {
    /** The peers whose definite answer differs from Hornbeam's proved one. */
    List<String> differing() {
      List<String> d = new ArrayList<>();
      if (!hornbeam.proved()) {
        return d;
      }
      peers.forEach((name, r) -> {
        if (r.answer() != PeerAnswer.ERROR && (r.answer() == PeerAnswer.PUBLIC) != hornbeam.column().equals("PUBLIC")) {
          d.add(name);
        }
      });
      return d;
    }
  }

  static boolean differs(HornbeamResult h, Map<String, PeerRun> peers, Item item) {
    Map<String, PeerResult> ps = new LinkedHashMap<>();
    peers.forEach((n, run) -> ps.put(n, run.results().get(item.file().toAbsolutePath().toString())));
    return !new Row(item, h, ps).differing().isEmpty();
  }

  static List<Row> rows(List<Item> items, List<HornbeamResult> hornbeam, Map<String, PeerRun> peers) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, PeerResult> ps = new LinkedHashMap<>();
      for (var e : peers.entrySet()) {
        ps.put(e.getKey(), e.getValue().results().get(items.get(i).file().toAbsolutePath().toString()));
      }
      rows.add(new Row(items.get(i), hornbeam.get(i), ps));
    }
    return rows;
  }

  static String peerColumn(PeerAnswer a) {
    return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static void writeCsv(Path file, List<Row> rows) throws IOException {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      PeerResult pu = r.peers().get("policyuniverse");
      PeerResult is = r.peers().get("iam-simulate");
      b.append(r.item().folder()).append(',').append(Csv.field(r.item().file().getFileName().toString())).append(',')
          .append(r.hornbeam().column()).append(',').append(r.hornbeam().reason()).append(',')
          .append(String.format(Locale.ROOT, "%.3f", r.hornbeam().nanos() / 1e6)).append(',')
          .append(peerColumn(pu.answer())).append(',').append(String.format(Locale.ROOT, "%.3f", pu.nanos() / 1e6)).append(',')
          .append(peerColumn(is.answer())).append(',').append(String.format(Locale.ROOT, "%.3f", is.nanos() / 1e6)).append(',')
          .append(String.join(" ", r.differing())).append(',').append(Csv.field(r.hornbeam().settles())).append('\n');
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  /** Hornbeam's columns, in print order: the two proved answers, then the fail-closed reasons. */
  static final List<String> HORNBEAM_COLUMNS = List.of("PUBLIC", "NOT_PUBLIC", "TIMEOUT", "UNKNOWN", "ERROR", "OVERLOADED", "INVALID_INPUT");

  static String report(List<Row> rows, Map<String, PeerRun> peers, long hornbeamWall, long hornbeamMeasured) {
    StringBuilder b = new StringBuilder();
    b.append("\ntool | policies | p50 ms | p99 ms | max ms | sum ms | process wall s\n");
    b.append(timeLine("hornbeam", rows.stream().mapToLong(r -> r.hornbeam().nanos()).toArray(), hornbeamWall));
    for (var e : peers.entrySet()) {
      b.append(timeLine(e.getKey(), rows.stream().mapToLong(r -> r.peers().get(e.getKey()).nanos()).toArray(), e.getValue().wallNanos()));
    }
    b.append(String.format(Locale.ROOT, "(per policy: the tool's own time, parse included, after a warm-up pass; hornbeam's measured pass took %.1f s; "
        + "process wall: start-up, warm-up and measured pass)%n", hornbeamMeasured / 1e9));
    for (String peer : peers.keySet()) {
      b.append("\nanswer matrix, ").append(peer).append(" (rows) x hornbeam (columns)\n");
      Map<String, Map<String, Integer>> m = new TreeMap<>();
      for (Row r : rows) {
        m.computeIfAbsent(peerColumn(r.peers().get(peer).answer()), k -> new TreeMap<>()).merge(r.hornbeam().column(), 1, Integer::sum);
      }
      List<String> cols = HORNBEAM_COLUMNS.stream().filter(c -> rows.stream().anyMatch(r -> r.hornbeam().column().equals(c))).toList();
      b.append(peer).append(" \\ hornbeam | ").append(String.join(" | ", cols)).append('\n');
      for (PeerAnswer a : PeerAnswer.values()) {
        Map<String, Integer> line = m.getOrDefault(peerColumn(a), Map.of());
        b.append(peerColumn(a)).append(" | ").append(cols.stream().map(c -> String.valueOf(line.getOrDefault(c, 0))).collect(Collectors.joining(" | "))).append('\n');
      }
      b.append("differences by folder: ");
      Map<String, int[]> byFolder = new TreeMap<>();
      for (Row r : rows) {
        int[] c = byFolder.computeIfAbsent(r.item().folder(), k -> new int[3]);
        c[0]++;
        if (r.differing().contains(peer)) {
          c[r.hornbeam().column().equals("PUBLIC") ? 1 : 2]++;
        }
      }
      b.append(byFolder.entrySet().stream().map(e -> String.format("%s %d of %d (misses %d public, calls %d not-public public)",
          e.getKey(), e.getValue()[1] + e.getValue()[2], e.getValue()[0], e.getValue()[1], e.getValue()[2])).collect(Collectors.joining("; "))).append('\n');
    }
    b.append('\n');
    for (Row r : rows) {
      for (String peer : r.differing()) {
        b.append("DIFF ").append(peer).append(' ').append(r.item().name()).append(": ").append(peer).append('=')
            .append(peerColumn(r.peers().get(peer).answer()));
        String detail = r.peers().get(peer).detail();
        if (!detail.isEmpty()) {
          b.append(" (").append(detail).append(')');
        }
        b.append(", hornbeam=").append(r.hornbeam().column()).append(" [").append(features(r.hornbeam().policy())).append("] ")
            .append(r.hornbeam().settles()).append('\n');
      }
    }
    return b.toString();
  }

  /** The policy's features that linters are known to misread: Deny, NotPrincipal, NotAction/NotResource, the Allow conditions' keys. */
  static String features(Policy p) {
    Set<String> f = new LinkedHashSet<>();
    if (p == null) {
      return "";
    }
    for (Statement s : p.statements()) {
      if (s.effect() == Effect.DENY) {
        f.add("Deny");
      }
      if (s.principal() != null && s.principal().negated()) {
        f.add("NotPrincipal");
      }
      if (s.action().negated()) {
        f.add("NotAction");
      }
      if (s.resource() != null && s.resource().negated()) {
        f.add("NotResource");
      }
    }
    Set<String> keys = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (Statement s : p.statements()) {
      if (s.effect() == Effect.ALLOW) {
        s.conditions().forEach(c -> keys.add(c.key()));
      }
    }
    if (!keys.isEmpty()) {
      f.add("Allow conditions on " + String.join(" ", keys));
    }
    return f.isEmpty() ? "plain" : String.join("; ", f);
  }

  private static String timeLine(String tool, long[] nanos, long wallNanos) {
    double[] ms = java.util.Arrays.stream(nanos).mapToDouble(n -> n / 1e6).sorted().toArray();
    double sum = java.util.Arrays.stream(ms).sum();
    return String.format(Locale.ROOT, "%s | %d | %.3f | %.3f | %.3f | %.1f | %.1f%n", tool, ms.length,
        CorpusRun.pct(ms, 50), CorpusRun.pct(ms, 99), CorpusRun.pct(ms, 100), sum, wallNanos / 1e9);
  }
}
