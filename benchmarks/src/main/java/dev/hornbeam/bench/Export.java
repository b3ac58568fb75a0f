package dev.hornbeam.bench;

import dev.hornbeam.policy.CorpusQuestions;
import dev.hornbeam.policy.parse.PolicyPrinter;
import dev.hornbeam.smt.Query;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench export}: the query archive. One {@code <folder>__<name>.smt2} per valid corpus
 * S3/KMS/SQS/SNS policy (public-access question, any resource), plus {@code pinned__s<seed>_<i>.smt2}
 * pinned-request queries from the property generators, plus {@code <question>__<folder>__<name>.smt2} for
 * the difference questions of every corpus policy ({@link QuestionQueries}); each file starts with a header of {@code ;}
 * comment lines; {@code index.csv}: file, source, type, exact, question.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes the SMT-LIB2 public-access query of every valid corpus S3/KMS/SQS/SNS policy, its difference questions, and pinned-request queries from the generators (query archive).")
public final class Export implements Callable<Integer> {
  static final String INDEX_HEADER = "file,source,type,exact,question";

  @Option(names = "--corpus", description = "Policy corpus (default ../shared/corpus).")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--out", required = true, description = "Directory to write the .smt2 files and index.csv to.")
  Path out;

  @Option(names = "--pinned", description = "Pinned-request queries from the generators (default 200; 0: none).")
  int pinned = 200;

  @Option(names = "--seed", description = "Seed of the pinned-request queries (default 1).")
  long seed = 1;

  @Option(names = "--no-questions",
      description = "Leave out the difference questions of the corpus policies (no-new-access, compare, access-not-granted, cross-account), written by default.")
  boolean noQuestions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (pinned < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--pinned must not be negative");
    }
    CorpusQueries queries = CorpusQueries.load(corpus);
    int exact = write(out, queries.entries());
    List<PinnedQueries.Entry> pins = PinnedQueries.generate(pinned, seed);
    StringBuilder index = new StringBuilder();
    int pinnedExact = 0;
    for (PinnedQueries.Entry e : pins) {
      String file = e.name() + ".smt2";
      Files.writeString(out.resolve(file), pinnedHeader(e, file) + e.query().text(), StandardCharsets.UTF_8);
      index.append(row(file, PinnedQueries.GENERATOR + " seed " + e.seed() + " #" + e.index(), "", e.query(), "pinned-request"));
      pinnedExact += e.query().exact() ? 1 : 0;
    }
    int asked = 0;
    int askedExact = 0;
    if (!noQuestions) {
      for (CorpusQueries.Entry e : queries.entries()) {
        for (Map.Entry<String, Query> q : QuestionQueries.of(e.policy(), e.type()).entrySet()) {
          String file = q.getKey() + "__" + e.name() + ".smt2";
          Files.writeString(out.resolve(file), questionHeader(e, q.getKey(), file, q.getValue()) + q.getValue().text(),
              StandardCharsets.UTF_8);
          index.append(row(file, e.source().toString(), e.type().cloudFormationName(), q.getValue(), q.getKey()));
          asked++;
          askedExact += q.getValue().exact() ? 1 : 0;
        }
      }
    }
    Files.writeString(out.resolve("index.csv"), index.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d queries (%d exact) written to %s; %d invalid policies skipped; %d pinned-request queries (%d exact, seed %d);"
        + " %d difference-question queries (%d exact)%n",
        queries.entries().size(), exact, out, queries.invalid(), pins.size(), pinnedExact, seed, asked, askedExact);
    o.flush();
    return 0;
  }

  /** Writes the public-access queries and a fresh index.csv; returns how many are exact. */
  static int write(Path out, List<CorpusQueries.Entry> entries) throws IOException {
    Files.createDirectories(out);
    StringBuilder index = new StringBuilder(INDEX_HEADER + "\n");
    int exact = 0;
    for (CorpusQueries.Entry e : entries) {
      String file = e.name() + ".smt2";
      Files.writeString(out.resolve(file), header(e, file) + e.query().text(), StandardCharsets.UTF_8);
      index.append(row(file, e.source().toString(), e.type().cloudFormationName(), e.query(), "public-access"));
      exact += e.query().exact() ? 1 : 0;
    }
    Files.writeString(out.resolve("index.csv"), index.toString(), StandardCharsets.UTF_8);
    return exact;
  }

  static String row(String file, String source, String type, Query q, String question) {
    return Csv.field(file) + ',' + Csv.field(source) + ',' + type + ',' + q.exact() + ',' + question + '\n';
  }

  static String header(CorpusQueries.Entry e, String file) {
    StringBuilder h = new StringBuilder();
    h.append("; hornbeam query archive: public-access question (any resource)\n");
    h.append("; source: ").append(e.source()).append('\n');
    h.append("; type: ").append(e.type().cloudFormationName()).append('\n');
    gapsAndRun(h, e.query(), file, "; sat = some anonymous request is allowed (public), unsat = not public\n");
    return h.toString();
  }

  static String questionHeader(CorpusQueries.Entry e, String question, String file, Query q) {
    StringBuilder h = new StringBuilder();
    h.append("; hornbeam query archive: ").append(question).append(" question on a corpus policy P (QuestionQueries)\n");
    h.append("; source: ").append(e.source()).append('\n');
    h.append("; type: ").append(e.type().cloudFormationName()).append('\n');
    String meaning = switch (question) {
      case "no-new-access" -> "; sat = P allows a request that P without its last statement does not\n";
      case "compare" -> "; sat = P without its Deny statements allows a request that P does not\n";
      case "access-not-granted" -> "; sat = P grants one of " + CorpusQuestions.sensitiveActions(e.type().service()) + " on some resource\n";
      default -> "; sat = P allows a principal outside account " + CorpusQuestions.firstAccount(e.policy()) + "\n";
    };
    gapsAndRun(h, q, file, meaning);
    return h.toString();
  }

  static String pinnedHeader(PinnedQueries.Entry e, String file) {
    StringBuilder h = new StringBuilder();
    h.append("; hornbeam query archive: pinned-request question (is this exact request allowed?)\n");
    h.append("; source: generator ").append(PinnedQueries.GENERATOR).append(", seed ").append(e.seed())
        .append(", index ").append(e.index()).append(" (hornbeam-bench export --seed ").append(e.seed()).append(")\n");
    h.append("; request: ").append(oneLine(e.request().principal() + " calls " + e.request().action() + " on "
        + e.request().resource() + " with " + e.request().context())).append('\n');
    h.append("; policy: ").append(oneLine(PolicyPrinter.print(e.policy()))).append('\n');
    gapsAndRun(h, e.query(), file, "; sat = the request is allowed, unsat = it is not\n");
    return h.toString();
  }

  private static void gapsAndRun(StringBuilder h, Query q, String file, String meaning) {
    h.append("; exact: ").append(q.exact()).append('\n');
    for (String gap : q.gaps()) {
      h.append(";   gap: ").append(oneLine(gap)).append('\n');
    }
    h.append(meaning);
    h.append("; run: z3 ").append(file).append("   |   cvc5 ").append(file).append('\n');
    h.append(";      (Debian's cvc5 1.0.3: cvc5 --strings-exp ").append(file).append(")\n");
  }

  /** A comment line: printable ASCII only, no line breaks (a policy's strings may hold any character). */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder();
    s.replaceAll("\\s*[\\r\\n]\\s*", " ").codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7f) {
        b.append((char) c);
      } else {
        b.append("\\u{").append(Integer.toHexString(c)).append('}');
      }
    });
    return b.toString();
  }
}
