package dev.hornbeam.bench;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Findings for every valid S3, KMS, SQS and SNS policy of the corpus, against the account zone of the
 * first account the policy names (111122223333 when it names none; the rule of the corpus's cross-account
 * questions): how many findings, how many exact, how many the set cover dropped, solver questions and time
 * per policy, and both guarantees rechecked on every finding by the reference evaluator. Beside it, the naive
 * baseline a linter reports: one finding per Allow statement that grants some outside access (one solver
 * question per Allow statement: allowed by the policy and by that statement, from outside the zone).
 */
@Command(name = "findings-run", mixinStandardHelpOptions = true,
    description = "Findings over the corpus: counts, set cover, queries and time per policy (CSV and a summary).")
public final class FindingsRun implements Callable<Integer> {
  @Option(names = "--corpus", required = true, description = "The corpus directory (kms/, s3/, sns/, sqs/).")
  Path corpus;

  @Option(names = "--out", required = true, description = "CSV file, one row per policy.")
  Path out;

  @Option(names = "--strategy", defaultValue = "auto", description = "native, z3, cvc5, race or auto (default).")
  String strategy;

  @Option(names = "--deadline", defaultValue = "30000", description = "Time per policy, ms (default 30000).")
  long deadlineMs;

  static final Pattern ACCOUNT = Pattern.compile("\\b[0-9]{12}\\b");

  @Override
  public Integer call() throws Exception {
    CorpusQueries corpusQueries = CorpusQueries.load(corpus);
    PortfolioConfig pc = PortfolioConfig.defaults().toBuilder().strategy(CorpusRun.strategy(strategy)).cacheEntries(0).build();
    List<double[]> rows = new ArrayList<>();
    int proved = 0;
    int withFindings = 0;
    int findings = 0;
    int exact = 0;
    int found = 0;
    int wrong = 0;
    long queries = 0;
    int naive = 0;
    TreeMap<Integer, Integer> naiveHistogram = new TreeMap<>();
    TreeMap<Integer, Integer> histogram = new TreeMap<>();
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (PolicyChecker checker = PolicyChecker.start(pc, new SimpleMeterRegistry());
        PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      if (!checker.portfolio().awaitReady(Duration.ofSeconds(120))) {
        throw new IllegalStateException("workers did not start within 120 s");
      }
      csv.println("policy,type,zone,coverage,findings,exact,found,queries,ms,naive_findings,naive_undecided,naive_ms");
      for (CorpusQueries.Entry e : corpusQueries.entries()) {
        Policy p = e.policy();
        Matcher m = ACCOUNT.matcher(p.toString());
        Zone zone = new Zone.Account(m.find() ? m.group() : "111122223333");
        long start = System.nanoTime();
        FindingsAnswer a = checker.findings(p, e.type(), null, zone, Duration.ofMillis(deadlineMs));
        double ms = (System.nanoTime() - start) / 1e6;
        int ex = 0;
        for (Finding f : a.findings()) {
          ex += f.exact() ? 1 : 0;
          if (f.undecided()) {
            continue;
          }
          Request w = f.witness().orElseThrow();
          String version = p.version() == null ? Policy.VERSION_2008 : p.version();
          if (Evaluator.evaluate(p, w).outcome() != Outcome.ALLOW || !f.contains(w, version)
              || !Zone.isOutside(zone, p, w, e.type())) {
            wrong++;
            System.err.println("WRONG witness: " + e.name() + ": " + f);
          }
        }
        proved += a.coverage() == FindingsAnswer.Coverage.PROVED ? 1 : 0;
        withFindings += a.findings().isEmpty() ? 0 : 1;
        findings += a.findings().size();
        exact += ex;
        found += a.found();
        queries += a.queries();
        histogram.merge(a.findings().size(), 1, Integer::sum);
        long naiveStart = System.nanoTime();
        int[] perStatement = naive(checker, p, e.type(), zone);
        double naiveMs = (System.nanoTime() - naiveStart) / 1e6;
        naive += perStatement[0];
        naiveHistogram.merge(perStatement[0], 1, Integer::sum);
        rows.add(new double[] {ms, a.queries(), a.findings().size(), naiveMs});
        csv.printf("%s,%s,%s,%s,%d,%d,%d,%d,%.1f,%d,%d,%.1f%n", e.name(), e.type().cliName(), ((Zone.Account) zone).id(), a.coverage(),
            a.findings().size(), ex, a.found(), a.queries(), ms, perStatement[0], perStatement[1], naiveMs);
      }
    }
    double[] ms = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
    int n = ms.length;
    System.out.printf("policies %d (invalid skipped %d), strategy %s, deadline %d ms%n", n, corpusQueries.invalid(), strategy, deadlineMs);
    System.out.printf("coverage proved %d of %d; policies with findings %d; findings %d (exact %d), before set cover %d%n", proved, n,
        withFindings, findings, exact, found);
    System.out.printf("findings per policy: %s; max %d%n", histogram, histogram.isEmpty() ? 0 : histogram.lastKey());
    System.out.printf("solver questions %d (%.1f per policy); time per policy p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, total %.1f s%n",
        queries, (double) queries / n, ms[n / 2], ms[(int) (n * 0.9)], ms[Math.min(n - 1, (int) (n * 0.99))], ms[n - 1],
        Arrays.stream(ms).sum() / 1000);
    double[] naiveMs = rows.stream().mapToDouble(r -> r[3]).sorted().toArray();
    System.out.printf("naive baseline (one finding per Allow statement granting outside access): findings %d; per policy %s;"
        + " time per policy p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", naive, naiveHistogram, naiveMs[n / 2],
        naiveMs[Math.min(n - 1, (int) (n * 0.99))], naiveMs[n - 1]);
    System.out.printf("wrong witnesses %d%n", wrong);
    return wrong == 0 ? 0 : 1;
  }

  /**
   * The naive baseline: {findings, undecided}, one finding per Allow statement for which some request from
   * outside the zone is allowed by the policy and matched by that statement (an undecided question counts as
   * a finding, fail closed).
   */
  static int[] naive(PolicyChecker checker, Policy p, dev.hornbeam.policy.resource.ResourceType type, Zone zone) {
    int findings = 0;
    int undecided = 0;
    String version = p.version() == null ? Policy.VERSION_2008 : p.version();
    for (dev.hornbeam.policy.model.Statement s : p.statements()) {
      if (s.effect() != dev.hornbeam.policy.model.Effect.ALLOW) {
        continue;
      }
      Policy alone = new Policy(version, null, List.of(s));
      var a = checker.coverage(p, List.of(p, alone), List.of(), type, null, zone, System.nanoTime() + Duration.ofSeconds(30).toNanos());
      if (a.reason() != dev.hornbeam.portfolio.Reason.SOLVED) {
        undecided++;
        findings++;
      } else if (!a.passed()) {
        findings++;
      }
    }
    return new int[] {findings, undecided};
  }
}
