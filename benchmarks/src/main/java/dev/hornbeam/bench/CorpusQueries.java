package dev.hornbeam.bench;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.smt.PolicyEncoder;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public-access question (any resource) for every valid S3, KMS, SQS and SNS policy of a corpus, in a
 * fixed order (folder, then file name). Invalid policies are skipped and counted.
 */
record CorpusQueries(List<Entry> entries, int invalid) {
  /** Folders of the corpus and the resource type of their policies, in output order. */
  static final Map<String, ResourceType> FOLDERS = Map.of(
      "kms", ResourceType.KMS_KEY, "s3", ResourceType.S3_BUCKET, "sns", ResourceType.SNS_TOPIC, "sqs", ResourceType.SQS_QUEUE);

  /** One query: {@code name} is {@code <folder>__<file name without .json>}. */
  record Entry(String name, Path source, ResourceType type, Query query, Policy policy) {}

  static CorpusQueries load(Path corpus) throws IOException {
    return load(corpus, PolicyEncoder.Options.DEFAULT);
  }

  /** With explicit encoder choices (the upgrade gate's encoder settings). */
  static CorpusQueries load(Path corpus, PolicyEncoder.Options options) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int invalid = 0;
    for (String folder : FOLDERS.keySet().stream().sorted().toList()) {
      Path dir = corpus.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      }
      for (Path p : files) {
        ParseResult r = PolicyParser.parse(Files.readAllBytes(p), PolicyKind.RESOURCE, Limits.DEFAULT);
        if (!r.isValid()) {
          invalid++;
          continue;
        }
        String stem = p.getFileName().toString().replaceFirst("\\.json$", "");
        ResourceType type = FOLDERS.get(folder);
        entries.add(new Entry(folder + "__" + stem, p, type, PublicAccess.query(r.policy(), type, null, options), r.policy()));
      }
    }
    return new CorpusQueries(List.copyOf(entries), invalid);
  }

  /**
   * The difference questions of a corpus policy P (as portfolio's CorpusQuestionsTest asks them):
   * no-new-access of P against P without its last statement (what adding that statement opens), and
   * cross-account access from outside the first account P names (or 111122223333).
   */
  static java.util.Map<String, dev.hornbeam.smt.Query> differenceQuestions(Entry e) {
    java.util.Map<String, dev.hornbeam.smt.Query> out = new java.util.LinkedHashMap<>();
    Policy p = e.policy();
    dev.hornbeam.smt.Scope scope = dev.hornbeam.smt.Scope.of(e.type());
    if (p.statements().size() > 1) {
      Policy without = new Policy(p.version(), p.id(), p.statements().subList(0, p.statements().size() - 1));
      out.put("no-new-access", dev.hornbeam.smt.Difference.query(p, without, scope));
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b[0-9]{12}\\b").matcher(p.toString());
    out.put("cross-account", dev.hornbeam.smt.Difference.query(p, null, scope.outside(m.find() ? m.group() : "111122223333")));
    return out;
  }
}
