package dev.hornbeam.bench;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.portfolio.Timings;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench breakdown}: where the time of one public-access check goes, for the typical
 * policies ({@link BenchPolicies}): N checks each per strategy (worker processes, one per solver, cache off,
 * after unmeasured warm-up checks), each preceded by parsing + validating the policy text (one pass in
 * {@link PolicyParser}). Phases from {@link Timings}: encode, queue (wait for a worker), solver (the winning
 * solver's own parse + check + model time, measured in its worker), ipc (the rest of the worker round trip:
 * framing, pipes, scheduling), decode (model to witness request), check (the reference evaluator on the
 * witness), other (total minus those). Policies are interleaved per repetition.
 */
@Command(name = "breakdown", mixinStandardHelpOptions = true,
    description = "Median time per phase (parse, encode, queue, solver, ipc, decode, check) of public-access checks of the typical policies.")
public final class Breakdown implements Callable<Integer> {
  static final String HEADER = "policy,strategy,result,phase,n,median_us,p90_us,mean_us";
  static final List<String> PHASES = List.of("parse+validate", "encode", "queue", "solver", "ipc", "decode", "witness check",
      "other", "checker total", "parse + checker total");

  @Option(names = "--n", description = "Checks per policy (default 200).")
  int n = 200;

  @Option(names = "--strategies", split = ",", description = "Of race, z3, cvc5, each its own portfolio, one after the other (default race,cvc5).")
  List<String> strategies = List.of("race", "cvc5");

  @Option(names = "--warmup", description = "Unmeasured checks per policy first (and 20 times as many parse + encode alone), so the code is compiled (default 300).")
  int warmup = 300;

  @Option(names = "--policies", split = ",", description = "Of small, typical, typical-public, large (default typical,typical-public).")
  List<String> policies = List.of("typical", "typical-public");

  @Option(names = "--deadline", description = "Deadline per check in ms (default 30000).")
  long deadlineMs = 30_000;

  @Option(names = "--out", description = "CSV to write (default benchmarks/results/breakdown.csv).")
  Path out = Path.of("benchmarks/results/breakdown.csv");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || deadlineMs < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--n and --deadline must be positive, --warmup not negative");
    }
    for (String s : strategies) {
      CorpusRun.strategy(s);
    }
    List<byte[]> texts = new ArrayList<>();
    for (String p : policies) {
      texts.add(BenchPolicies.json(p).getBytes(StandardCharsets.UTF_8));
    }
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    PrintWriter o = spec.commandLine().getOut();
    for (String strategy : strategies) {
      // policy → phase → samples (µs)
      List<Map<String, double[]>> samples = new ArrayList<>();
      String[] results = new String[policies.size()];
      try (PolicyChecker checker = Growth.startChecker(CorpusRun.strategy(strategy), 1)) {
        // Parser and encoder alone first (cheap, so C2 compiles them), then whole checks.
        for (int w = 0; w < 20 * warmup; w++) {
          for (byte[] t : texts) {
            dev.hornbeam.smt.PublicAccess.query(PolicyParser.parse(t, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits()).policy(),
                ResourceType.S3_BUCKET, null);
          }
        }
        for (int w = 0; w < Math.max(1, warmup); w++) {
          for (byte[] t : texts) {
            check(checker, t);
          }
        }
        for (int p = 0; p < policies.size(); p++) {
          Map<String, double[]> m = new LinkedHashMap<>();
          PHASES.forEach(ph -> m.put(ph, new double[n]));
          samples.add(m);
        }
        for (int r = 0; r < n; r++) {
          for (int p = 0; p < policies.size(); p++) {
            long t0 = System.nanoTime();
            ParseResult parsed = PolicyParser.parse(texts.get(p), PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits());
            double parseUs = (System.nanoTime() - t0) / 1e3;
            if (!parsed.isValid()) {
              throw new IllegalStateException(policies.get(p) + " is not valid: " + parsed.errors());
            }
            PublicAccessAnswer a = checker.isPublic(parsed.policy(), ResourceType.S3_BUCKET, Duration.ofMillis(deadlineMs));
            if (a.reason() != Reason.SOLVED) {
              throw new IllegalStateException(policies.get(p) + ": not solved: " + a.reason() + " " + a.detail());
            }
            results[p] = a.result().name();
            Timings t = a.timings();
            Map<String, double[]> m = samples.get(p);
            m.get("parse+validate")[r] = parseUs;
            m.get("encode")[r] = t.encode();
            m.get("queue")[r] = t.queue();
            m.get("solver")[r] = t.solver();
            m.get("ipc")[r] = t.ipc();
            m.get("decode")[r] = t.decode();
            m.get("witness check")[r] = t.check();
            m.get("other")[r] = Math.max(0, t.total() - t.encode() - t.queue() - t.solver() - t.ipc() - t.decode() - t.check());
            m.get("checker total")[r] = t.total();
            m.get("parse + checker total")[r] = parseUs + t.total();
          }
        }
      }
      o.printf("%n%d checks per policy (after %d unmeasured), strategy %s, cache off, worker processes (one per solver)%n", n, warmup, strategy);
      for (int p = 0; p < policies.size(); p++) {
        o.printf("%n%s (%s): phase | median µs | p90 µs | mean µs%n", policies.get(p), results[p]);
        for (var e : samples.get(p).entrySet()) {
          double[] s = e.getValue().clone();
          Arrays.sort(s);
          double median = CorpusRun.median(s);
          double p90 = CorpusRun.pct(s, 90);
          double mean = Arrays.stream(s).average().orElse(Double.NaN);
          o.printf(Locale.ROOT, "%s | %.1f | %.1f | %.1f%n", e.getKey(), median, p90, mean);
          csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.1f,%.1f,%.1f%n", policies.get(p), strategy, results[p],
              Csv.field(e.getKey()), n, median, p90, mean));
        }
      }
    }
    write(out, csv.toString());
    o.printf("(medians of each phase separately: they need not add up to the median total)%nwrote %s%n", out);
    o.flush();
    return 0;
  }

  private void check(PolicyChecker checker, byte[] text) {
    ParseResult parsed = PolicyParser.parse(text, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits());
    checker.isPublic(parsed.policy(), ResourceType.S3_BUCKET, Duration.ofMillis(deadlineMs));
  }

  static void write(Path file, String text) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
