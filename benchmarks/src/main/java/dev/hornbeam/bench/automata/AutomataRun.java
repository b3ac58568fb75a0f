package dev.hornbeam.bench.automata;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench automata}: the string checks of every corpus policy ({@link StringChecks}) under
 * each automaton library, N repetitions after one warm-up pass: per-check medians, p50/p99/max over
 * checks, total per pass. Any check one library finds empty and another not is a disagreement: printed,
 * exit code 3.
 */
@Command(name = "automata", mixinStandardHelpOptions = true,
    description = "Measures dk.brics.automaton and Lucene's automata on the string checks of every corpus policy (issue 15).")
public final class AutomataRun implements Callable<Integer> {
  @Option(names = "--corpus", required = true, description = "Policy corpus directory (folders s3, kms, sqs, sns, iam, scp, other).")
  Path corpus;

  @Option(names = "--reps", description = "Repetitions per check and library (default 5).")
  int reps = 5;

  @Option(names = "--folders", split = ",", description = "Only these corpus folders (default: all).")
  List<String> folders = List.of();

  @Option(names = "--top", description = "Print the N slowest checks per library (default 5).")
  int top = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Per library: each check's median time in ns and its outcome. */
  public record Measured(String library, long[] medianNanos, List<StringChecks.Outcome> outcomes) {}

  @Override
  public Integer call() throws IOException {
    if (reps < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reps must be positive");
    }
    List<StringChecks> checks = checks(corpus, folders);
    PrintWriter o = spec.commandLine().getOut();
    List<Measured> all = List.of(measure(new Brics(), checks, reps), measure(new Lucene(), checks, reps));
    o.printf("%d string checks from %s, %d repetitions after a warm-up pass%n", checks.size(), corpus.getFileName(), reps);
    o.println("| library | non-empty | refused | p50 µs | p99 µs | max µs | total ms per pass | witness |");
    o.println("|---|---|---|---|---|---|---|---|");
    for (Measured m : all) {
      long[] sorted = m.medianNanos().clone();
      Arrays.sort(sorted);
      long total = Arrays.stream(sorted).sum();
      long nonEmpty = m.outcomes().stream().filter(x -> x.failure() == null && !x.empty()).count();
      long refused = m.outcomes().stream().filter(x -> x.failure() != null).count();
      boolean witness = m.outcomes().stream().anyMatch(x -> x.example() != null);
      o.printf("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", m.library(), nonEmpty, refused, pct(sorted, 0.50) / 1e3, pct(sorted, 0.99) / 1e3,
          sorted[sorted.length - 1] / 1e3, total / 1e6, witness ? "a shortest member" : "none");
    }
    for (Measured m : all) {
      Integer[] order = new Integer[checks.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Long.compare(m.medianNanos()[b], m.medianNanos()[a]));
      for (int k = 0; k < Math.min(top, order.length); k++) {
        StringChecks c = checks.get(order[k]);
        o.printf("slowest %s: %.1f ms %s (%d allow, %d deny entries)%s%n", m.library(), m.medianNanos()[order[k]] / 1e6, c.name(),
            c.allowed().size(), c.denied().size(), m.outcomes().get(order[k]).failure() == null ? "" : " refused: "
                + m.outcomes().get(order[k]).failure());
      }
    }
    List<String> disagreements = disagreements(checks, all);
    disagreements.forEach(d -> o.println("DISAGREEMENT " + d));
    o.flush();
    return disagreements.isEmpty() ? 0 : 3;
  }

  /** The checks of every policy of the corpus that parses; the folder names the service of the question. */
  public static List<StringChecks> checks(Path corpus, List<String> folders) throws IOException {
    List<StringChecks> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(corpus)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String folder = dir.getFileName().toString();
        if (!folders.isEmpty() && !folders.contains(folder)) {
          continue;
        }
        String service = ResourceType.fromName(folder).map(ResourceType::service).orElse(null);
        PolicyKind kind = folder.equals("iam") || folder.equals("scp") ? PolicyKind.IDENTITY : PolicyKind.RESOURCE;
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
            ParseResult r = PolicyParser.parse(Files.readAllBytes(f), kind, new Limits(Limits.DEFAULT.maxDocumentBytes(), 1000, 1000));
            if (r.isValid()) {
              out.addAll(StringChecks.of(folder + "/" + f.getFileName(), r.policy(), service));
            }
          }
        }
      }
    }
    return out;
  }

  public static <A> Measured measure(StringChecks.Library<A> lib, List<StringChecks> checks, int reps) {
    List<StringChecks.Outcome> outcomes = new ArrayList<>();
    for (StringChecks c : checks) {
      outcomes.add(c.run(lib)); // warm-up pass, and the outcome
    }
    long[] medians = new long[checks.size()];
    long[] times = new long[reps];
    for (int i = 0; i < checks.size(); i++) {
      for (int r = 0; r < reps; r++) {
        long t = System.nanoTime();
        checks.get(i).run(lib);
        times[r] = System.nanoTime() - t;
      }
      Arrays.sort(times);
      medians[i] = times[reps / 2];
    }
    return new Measured(lib.name(), medians, outcomes);
  }

  public static List<String> disagreements(List<StringChecks> checks, List<Measured> all) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      for (Measured m : all.subList(1, all.size())) {
        StringChecks.Outcome a = all.get(0).outcomes().get(i);
        StringChecks.Outcome b = m.outcomes().get(i);
        if (a.failure() == null && b.failure() == null && a.empty() != b.empty()) {
          out.add(checks.get(i).name() + ": " + all.get(0).library() + " empty=" + all.get(0).outcomes().get(i).empty() + ", "
              + m.library() + " empty=" + m.outcomes().get(i).empty());
        }
      }
    }
    return out;
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }
}
