package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.PolicyPrinter;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Per-account variants share answers only when renaming the account ids cannot change them. */
class AccountRenamingTest {
  static Policy parse(String json) {
    ParseResult r = PolicyParser.parse(json, PolicyKind.RESOURCE);
    assertTrue(r.isValid(), () -> r.problems().toString());
    return r.policy();
  }

  static Optional<AccountRenaming> renaming(String json, String arn) {
    Policy p = parse(json);
    return AccountRenaming.of(p, PolicyPrinter.print(p), arn);
  }

  static String key(String json, String arn) {
    Policy p = parse(json);
    String printed = PolicyPrinter.print(p);
    AccountRenaming r = AccountRenaming.of(p, printed, arn).orElseThrow();
    return r.canonical(arn) + "\n" + r.canonical(printed);
  }

  static final String TEMPLATE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},"
      + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:%s:q\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"%s\"}}}]}";

  @Test
  void variantsThatDifferOnlyInAccountIdsHaveOneKey() {
    String a = TEMPLATE.formatted("111122223333", "444455556666", "111122223333");
    String b = TEMPLATE.formatted("777788889999", "121212121212", "777788889999");
    String c = TEMPLATE.formatted("777788889999", "121212121212", "121212121212"); // another shape of sharing
    assertEquals(key(a, "arn:aws:sqs:us-east-1:444455556666:q"), key(b, "arn:aws:sqs:us-east-1:121212121212:q"));
    assertNotEquals(key(a, "arn:aws:sqs:us-east-1:444455556666:q"), key(c, "arn:aws:sqs:us-east-1:121212121212:q"));
  }

  @Test
  void policiesWhereRenamingCouldChangeTheAnswerAreNotRenamed() {
    String arn = "arn:aws:s3:::b";
    String base = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"%s\"%s}]}";
    // A digit next to a wildcard could meet part of a renamed id.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b-1111*", ""), arn).isEmpty());
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/*", ",\"Condition\":{\"StringLike\":{\"aws:SourceAccount\":\"1111?2223333\"}}"), arn).isEmpty());
    // A 12-digit number compared as a number.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/*", ",\"Condition\":{\"NumericLessThan\":{\"ex:n\":\"111122223333\"}}"), arn).isEmpty());
    // One key read as a string and as a number.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/*", ",\"Condition\":{\"StringEquals\":{\"ex:n\":\"111122223333\"},\"NumericLessThan\":{\"ex:n\":\"5\"}}"), arn).isEmpty());
    // A policy variable next to a digit, a wildcard or another variable: its value could join a digit run.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/1${aws:username}/*", ""), arn).isEmpty());
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/${aws:username}*", ""), arn).isEmpty());
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/${aws:username}${aws:userid}/*", ""), arn).isEmpty());
    // A variable's key read as a number elsewhere.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/${ex:n}/*", ",\"Condition\":{\"NumericLessThan\":{\"ex:n\":\"5\"}}"), arn).isEmpty());
    // Variables with other characters beside them are renamed consistently (σ commutes with substitution).
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/${aws:username}/*", ""), arn).isPresent());
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/AWSLogs/${aws:PrincipalAccount}/*",
        ",\"Condition\":{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::${aws:PrincipalAccount}:role/r*\"}}"), arn).isPresent());
    // Under Version 2008-10-17 ${...} is plain text, as before.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/${aws:username}/*", "").replace("2012-10-17", "2008-10-17"), arn).isPresent());
    // Binary values.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/*", ",\"Condition\":{\"BinaryEquals\":{\"ex:b\":\"QUJD\"}}"), arn).isEmpty());
    // Digits away from wildcards are fine.
    assertTrue(renaming(base.formatted("arn:aws:s3:::b-111122223333/*", ""), arn).isPresent());
    assertTrue(renaming(base.formatted("arn:aws:s3:::b/2024/*", ""), arn).isPresent());
  }

  /**
   * Soundness on real policies with real solvers: every corpus policy that names an account, renamed to
   * random fresh ids (policy and ARN alike); when the renaming is deemed safe, both variants get the same
   * solved answer, share one key, and a PUBLIC witness mapped across is allowed by the evaluator.
   */
  @Test
  void renamedCorpusPoliciesGetTheSameAnswer() throws Exception {
    Path corpus = Path.of(System.getProperty("hornbeam.corpus", "../shared/corpus"));
    assumeTrue(Files.isDirectory(corpus), "no corpus");
    Random random = new Random(7);
    int compared = 0;
    int publicShared = 0;
    int withVariables = 0;
    List<String> differences = new ArrayList<>();
    try (PolicyChecker checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).cacheEntries(0).build(),
        new SimpleMeterRegistry())) {
      for (String folder : List.of("s3", "sqs", "sns", "kms")) {
        ResourceType type = ResourceType.fromName(folder).orElseThrow();
        try (Stream<Path> files = Files.list(corpus.resolve(folder))) {
          for (Path f : files.sorted().toList()) {
            String text = Files.readString(f);
            ParseResult parsed = PolicyParser.parse(text, PolicyKind.RESOURCE, type.limits());
            Matcher ids = AccountRenaming.RUN.matcher(text);
            if (!parsed.isValid() || !ids.find()) {
              continue;
            }
            String owner = ids.group();
            String arn = named(parsed.policy(), type).orElse(switch (folder) {
              case "s3" -> "arn:aws:s3:::bucket-" + owner;
              case "kms" -> "arn:aws:kms:us-east-1:" + owner + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
              default -> "arn:aws:" + folder + ":us-east-1:" + owner + ":r";
            });
            if (new ResourceScope(type, arn).problem(parsed.policy()).isPresent()) {
              continue; // the policy names other resources: the checker refuses it for this one
            }
            Map<String, String> fresh = new LinkedHashMap<>();
            Matcher all = AccountRenaming.RUN.matcher(text + " " + arn);
            while (all.find()) {
              fresh.computeIfAbsent(all.group(), k -> String.format("%012d", (long) (random.nextDouble() * 1e12)));
            }
            String renamedText = rename(text, fresh);
            String renamedArn = rename(arn, fresh);
            Policy p = parsed.policy();
            Policy q = PolicyParser.parse(renamedText, PolicyKind.RESOURCE, type.limits()).policy();
            Optional<AccountRenaming> rp = AccountRenaming.of(p, PolicyPrinter.print(p), arn);
            Optional<AccountRenaming> rq = AccountRenaming.of(q, PolicyPrinter.print(q), renamedArn);
            assertEquals(rp.isPresent(), rq.isPresent(), f.toString());
            if (rp.isEmpty()) {
              continue;
            }
            assertEquals(rp.get().canonical(arn) + rp.get().canonical(PolicyPrinter.print(p)),
                rq.get().canonical(renamedArn) + rq.get().canonical(PolicyPrinter.print(q)), f + ": one key for both variants");
            PublicAccessAnswer a = checker.isPublic(p, type, arn, Duration.ofSeconds(30));
            PublicAccessAnswer b = checker.isPublic(q, type, renamedArn, Duration.ofSeconds(30));
            if (a.reason() != Reason.SOLVED || b.reason() != Reason.SOLVED) {
              continue;
            }
            compared++;
            if (p.variablesEnabled() && text.contains("${")) {
              withVariables++;
            }
            if (a.result() != b.result()) {
              differences.add(f.getFileName() + ": " + a.result() + " vs renamed " + b.result());
            } else if (a.isPublic()) {
              var mapped = rq.get().fromVariant(a.witness().orElseThrow(), rp.get());
              assertEquals(Outcome.ALLOW, Evaluator.evaluate(q, mapped).outcome(), f + ": mapped witness " + mapped);
              publicShared++;
            }
          }
        }
      }
    }
    assertEquals(List.of(), differences);
    assertTrue(compared > 50, "compared " + compared);
    assertTrue(withVariables > 0, "policies with policy variables compared: " + withVariables);
    System.out.println("account renaming: " + compared + " corpus policies compared with a renamed variant (" + withVariables
        + " with policy variables), " + publicShared + " PUBLIC witnesses mapped and re-checked");
  }

  /**
   * Soundness with policy variables, where the corpus has few policies that name accounts: policies whose
   * variables read account ids and ARNs beside literal ids (IAM User Guide, "IAM policy elements: Variables
   * and tags"; the Access Analyzer policy-generation bucket policy), each renamed to random fresh ids three
   * times. Every variant the renaming calls safe gets the same solved public-access answer, shares the key,
   * and its mapped witness is allowed; for two of them, the findings against the owner's account map across
   * word for word.
   */
  @Test
  void renamedPoliciesWithVariablesGetTheSameAnswers() {
    String arn = "arn:aws:s3:::logs-111122223333";
    List<String> policies = List.of(
        // The IAM User Guide's Access Analyzer policy-generation bucket policy, with the owner's id.
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
            + "\"Resource\":[\"arn:aws:s3:::logs-111122223333\",\"arn:aws:s3:::logs-111122223333/AWSLogs/o-abc/${aws:PrincipalAccount}/*\"],"
            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"},\"StringLike\":{\"aws:PrincipalArn\":"
            + "\"arn:aws:iam::${aws:PrincipalAccount}:role/service-role/AccessAnalyzerMonitorServiceRole*\"}}}]}",
        // Each account its own prefix; one partner named.
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"444455556666\",\"arn:aws:iam::777788889999:root\"]},"
            + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::logs-111122223333/${aws:PrincipalAccount}/*\"}]}",
        // A variable compared with a literal id's account key.
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::logs-111122223333/*\","
            + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"${aws:ResourceAccount}\"}}},"
            + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::logs-111122223333\","
            + "\"Condition\":{\"StringLike\":{\"s3:prefix\":\"home/${aws:PrincipalAccount}/*\"},\"StringNotEquals\":{\"aws:PrincipalAccount\":\"444455556666\"}}}]}",
        // A user's own folder, and a Deny with a variable.
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"s3:*\","
            + "\"Resource\":\"arn:aws:s3:::logs-111122223333/home/${aws:username}/*\"},"
            + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::logs-111122223333/home/${aws:userid}/*\"}]}");
    Random random = new Random(11);
    int compared = 0;
    int findingsCompared = 0;
    try (PolicyChecker checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).cacheEntries(0).build(),
        new SimpleMeterRegistry())) {
      for (String text : policies) {
        Policy p = parse(text);
        Optional<AccountRenaming> rp = AccountRenaming.of(p, PolicyPrinter.print(p), arn);
        assertTrue(rp.isPresent(), text);
        PublicAccessAnswer a = checker.isPublic(p, ResourceType.S3_BUCKET, arn, Duration.ofSeconds(60));
        assertEquals(Reason.SOLVED, a.reason(), text);
        var owner = new dev.hornbeam.policy.findings.Zone.Account("111122223333");
        // Findings only where Z3 and cvc5 answer quickly (the first and last policies' searches take 7–10 s each).
        boolean findings = text.contains("444455556666") && !text.contains("aws:username");
        var fa = findings ? checker.findings(p, ResourceType.S3_BUCKET, arn, owner, Duration.ofSeconds(120)) : null;
        for (int round = 0; round < 3; round++) {
          Map<String, String> fresh = new LinkedHashMap<>();
          Matcher all = AccountRenaming.RUN.matcher(text + " " + arn);
          while (all.find()) {
            fresh.computeIfAbsent(all.group(), k -> String.format("%012d", (long) (random.nextDouble() * 1e12)));
          }
          String renamedArn = rename(arn, fresh);
          Policy q = parse(rename(text, fresh));
          AccountRenaming rq = AccountRenaming.of(q, PolicyPrinter.print(q), renamedArn).orElseThrow();
          assertEquals(rp.get().canonical(arn) + rp.get().canonical(PolicyPrinter.print(p)),
              rq.canonical(renamedArn) + rq.canonical(PolicyPrinter.print(q)), text + ": one key for both variants");
          PublicAccessAnswer b = checker.isPublic(q, ResourceType.S3_BUCKET, renamedArn, Duration.ofSeconds(60));
          assertEquals(a.result(), b.result(), text + " renamed " + fresh);
          if (a.isPublic()) {
            assertEquals(Outcome.ALLOW, Evaluator.evaluate(q, rq.fromVariant(a.witness().orElseThrow(), rp.get())).outcome(), text);
          }
          compared++;
          if (!findings) {
            continue;
          }
          String renamedOwner = fresh.get("111122223333");
          var fb = checker.findings(q, ResourceType.S3_BUCKET, renamedArn, new dev.hornbeam.policy.findings.Zone.Account(renamedOwner),
              Duration.ofSeconds(120));
          assertEquals(fb.findings().stream().map(f -> f.words()).toList(),
              fa.findings().stream().map(f -> rq.fromOther(f.words(), rp.get(), "111122223333", renamedOwner)).toList(),
              text + " renamed " + fresh);
          findingsCompared++;
        }
      }
    }
    assertEquals(12, compared);
    assertEquals(6, findingsCompared);
  }

  /** The first resource of {@code type} the policy's Resource entries name (a bucket for its objects). */
  static Optional<String> named(Policy policy, ResourceType type) {
    return policy.statements().stream().filter(st -> st.resource() != null && !st.resource().negated())
        .flatMap(st -> st.resource().patterns().stream())
        .map(r -> type == ResourceType.S3_BUCKET && r.indexOf('/') > 0 ? r.substring(0, r.indexOf('/')) : r)
        .filter(r -> type.arnProblem(r).isEmpty()).findFirst();
  }

  static String rename(String text, Map<String, String> map) {
    Matcher m = AccountRenaming.RUN.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, map.get(m.group()));
    }
    m.appendTail(b);
    return b.toString();
  }
}
