package dev.hornbeam.bench;

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
 * {@code hornbeam-bench export}: the query archive. One {@code <folder>__<name>.smt2} per valid corpus
 * S3/KMS/SQS/SNS policy (public-access question, any resource), each starting with a header of
 * {@code ;} comment lines, plus {@code index.csv} (file, source, type, exact).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes the SMT-LIB2 public-access query of every valid corpus S3/KMS/SQS/SNS policy (query archive).")
public final class Export implements Callable<Integer> {
  @Option(names = "--corpus", description = "Policy corpus (default ../shared/corpus).")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--out", required = true, description = "Directory to write the .smt2 files and index.csv to.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CorpusQueries queries = CorpusQueries.load(corpus);
    Files.createDirectories(out);
    StringBuilder index = new StringBuilder("file,source,type,exact\n");
    int exact = 0;
    for (CorpusQueries.Entry e : queries.entries()) {
      String file = e.name() + ".smt2";
      Files.writeString(out.resolve(file), header(e, file) + e.query().text(), StandardCharsets.UTF_8);
      index.append(Csv.field(file)).append(',').append(Csv.field(e.source().toString())).append(',')
          .append(e.type().cloudFormationName()).append(',').append(e.query().exact()).append('\n');
      exact += e.query().exact() ? 1 : 0;
    }
    Files.writeString(out.resolve("index.csv"), index.toString(), StandardCharsets.UTF_8);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d queries (%d exact) written to %s; %d invalid policies skipped%n",
        queries.entries().size(), exact, out, queries.invalid());
    o.flush();
    return 0;
  }

  static String header(CorpusQueries.Entry e, String file) {
    StringBuilder h = new StringBuilder();
    h.append("; hornbeam query archive: public-access question (any resource)\n");
    h.append("; source: ").append(e.source()).append('\n');
    h.append("; type: ").append(e.type().cloudFormationName()).append('\n');
    h.append("; exact: ").append(e.query().exact()).append('\n');
    for (String gap : e.query().gaps()) {
      h.append(";   gap: ").append(gap.replace('\n', ' ')).append('\n');
    }
    h.append("; sat = some anonymous request is allowed (public), unsat = not public\n");
    h.append("; run: z3 ").append(file).append("   |   cvc5 ").append(file).append('\n');
    h.append(";      (Debian's cvc5 1.0.3: cvc5 --strings-exp ").append(file).append(")\n");
    return h.toString();
  }
}
