package dev.hornbeam.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hornbeam-bench estate}: a generated estate for {@code hornbeam audit}, drawn from the corpus's
 * valid S3, SQS, SNS and KMS policies. Each resource's policy is a per-account variant of a corpus policy,
 * as in real estates: every 12-digit account id in it is rewritten (the first one it names becomes the
 * owning account, others become that account's partner accounts), and S3 bucket names get the account id
 * as a suffix (a common convention, bucket names being global); the resource's ARN is the policy's first wildcard-free resource ARN after rewriting (or a
 * synthesized one). Written as NDJSON, one account per line, streamed.
 */
@Command(name = "estate", mixinStandardHelpOptions = true,
    description = "Writes a generated audit input (NDJSON) of per-account variants of the corpus policies.")
public final class Estate implements Callable<Integer> {
  private static final Pattern ACCOUNT = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
  private static final Pattern BUCKET = Pattern.compile("arn:aws:s3:::([a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9])");
  private static final Pattern ARN = Pattern.compile("arn:aws:(s3|sqs|sns|kms):[^\"*?$]*");

  @Option(names = "--corpus", description = "Policy corpus (default ../shared/corpus).")
  Path corpus = Path.of("../shared/corpus");

  @Option(names = "--accounts", description = "Accounts (default 1000).")
  int accounts = 1_000;

  @Option(names = "--per-account", description = "Resources per account (default 20).")
  int perAccount = 20;

  @Option(names = "--seed", description = "Random seed (default 1).")
  long seed = 1;

  @Option(names = "--out", required = true, description = "The NDJSON file to write.")
  Path out;

  @Option(names = "--no-variables", description = "Only corpus policies without policy variables (${...}), whose per-account variants "
      + "all share one answer (the audit shares variants of a policy with variables only where renaming provably keeps it).")
  boolean noVariables;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  record Template(String type, String policy) {}

  @Override
  public Integer call() throws IOException {
    List<Template> templates = templates();
    Random random = new Random(seed);
    long resources = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int a = 0; a < accounts; a++) {
        String account = String.format("%012d", 300000000000L + a * 7919L);
        StringBuilder line = new StringBuilder("{\"accountId\":\"").append(account).append("\",\"resources\":[");
        for (int r = 0; r < perAccount; r++, resources++) {
          Template t = templates.get(random.nextInt(templates.size()));
          String policy = variant(t.policy(), account, r);
          String arn = arn(t.type(), policy, account, r);
          line.append(r == 0 ? "" : ",").append("{\"arn\":\"").append(arn).append("\",\"type\":\"").append(t.type())
              .append("\",\"policyDocument\":").append(HttpLoad.jsonString(policy)).append('}');
        }
        w.write(line.append("]}\n").toString());
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%d accounts, %d resources from %d corpus policies written to %s%n", accounts, resources, templates.size(), out);
    o.flush();
    return 0;
  }

  /** The account's variant: account ids rewritten, S3 bucket names suffixed. */
  static String variant(String policy, String account, int r) {
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m = ACCOUNT.matcher(policy);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String id = ids.computeIfAbsent(m.group(), k -> ids.isEmpty() ? account
          : String.format("%012d", (Long.parseLong(account) + 1_000_003L * ids.size()) % 1_000_000_000_000L));
      m.appendReplacement(b, id);
    }
    m.appendTail(b);
    Matcher bucket = BUCKET.matcher(b.toString());
    StringBuilder c = new StringBuilder();
    while (bucket.find()) {
      String name = bucket.group(1);
      // Bucket names are global: estates commonly suffix them with the owning account's id.
      String renamed = (name.length() > 40 ? name.substring(0, 40) : name) + "-" + account;
      bucket.appendReplacement(c, Matcher.quoteReplacement("arn:aws:s3:::" + renamed));
    }
    bucket.appendTail(c);
    return c.toString();
  }

  static String arn(String type, String policy, String account, int r) {
    String service = ResourceType.ofCloudFormationName(type).map(ResourceType::service).orElse("kms");
    Matcher m = ARN.matcher(policy);
    while (m.find()) {
      String arn = m.group();
      if (arn.startsWith("arn:aws:" + service + ":")) {
        String named = service.equals("s3") && arn.indexOf('/') > 0 ? arn.substring(0, arn.indexOf('/')) : arn;
        // Only an ARN of a resource of the type (not "queue/SQSDefaultPolicy", a key alias, …): the audit
        // checks it and would report the resource INVALID, which measures nothing.
        if (dev.hornbeam.policy.resource.ResourceType.fromName(type).map(t -> t.arnProblem(named).isEmpty()).orElse(false)) {
          return named;
        }
      }
    }
    return switch (service) {
      case "s3" -> "arn:aws:s3:::bucket-" + account + "-" + r;
      case "sqs" -> "arn:aws:sqs:us-east-1:" + account + ":queue-" + r;
      case "sns" -> "arn:aws:sns:us-east-1:" + account + ":topic-" + r;
      default -> "arn:aws:kms:us-east-1:" + account + ":key/00000000-0000-0000-0000-" + String.format("%012d", r);
    };
  }

  /** The corpus's valid S3/SQS/SNS/KMS policies (as {@link CorpusQueries} finds them), sorted by type, then text. */
  List<Template> templates() throws IOException {
    List<Template> out = new ArrayList<>();
    for (CorpusQueries.Entry e : CorpusQueries.load(corpus).entries()) {
      String text = Files.readString(e.source(), StandardCharsets.UTF_8);
      if (!noVariables || !text.contains("${")) {
        out.add(new Template(e.type().cloudFormationName(), text));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no valid S3/SQS/SNS/KMS policy under " + corpus);
    }
    out.sort(java.util.Comparator.comparing(Template::type).thenComparing(Template::policy));
    return out;
  }

}
