package dev.hornbeam.bench;

import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench stress}: the stress corpus ({@link StressPolicies}) as policy files in corpus layout
 * ({@code OUT/corpus/<s3|kms|sqs|sns>/stress-<seed>-<i>.json}, usable by {@code --corpus}) and their
 * public-access queries as an archive ({@code OUT/archive}, as {@code export} writes it).
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
    description = "Writes generated hard-but-realistic policies (OUT/corpus) and their public-access queries (OUT/archive).")
public final class Stress implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Directory for corpus/ and archive/.")
  Path out;

  @Option(names = "--count", description = "Policies (default 100).")
  int count = 100;

  @Option(names = "--seed", description = "Seed (default 1).")
  long seed = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be positive");
    }
    Path corpus = out.resolve("corpus");
    long bytes = 0;
    int statements = 0;
    for (int i = 0; i < count; i++) {
      StressPolicies.Generated g = StressPolicies.generate(seed, i);
      ParseResult r = PolicyParser.parse(g.json().getBytes(StandardCharsets.UTF_8), PolicyKind.RESOURCE, Limits.DEFAULT);
      if (!r.isValid()) { // a generator bug: say which policy and why
        throw new IllegalStateException("stress policy " + i + " does not validate: " + r.problems() + "\n" + g.json());
      }
      Path file = corpus.resolve(g.folder()).resolve(String.format("stress-%d-%03d.json", seed, i));
      Files.createDirectories(file.getParent());
      Files.writeString(file, g.json(), StandardCharsets.UTF_8);
      bytes += g.json().length();
      statements += g.statements();
    }
    CorpusQueries queries = CorpusQueries.load(corpus);
    int exact = Export.write(out.resolve("archive"), queries.entries());
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d policies (%d statements, %.1f KB in all) in %s; %d queries (%d exact) in %s%n",
        count, statements, bytes / 1024.0, corpus, queries.entries().size(), exact, out.resolve("archive"));
    o.flush();
    return 0;
  }
}
