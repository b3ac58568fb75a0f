package dev.hornbeam.policy;

import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The difference questions asked of each corpus policy P, shared by the benchmark archive
 * (QuestionQueries) and the corpus test of the facade (CorpusQuestionsTest): no new access against
 * {@link #withoutLast}, compare with {@link #allowsOnly}, access not granted for {@link #sensitiveActions},
 * cross account for {@link #firstAccount}.
 */
public final class CorpusQuestions {
  /** Policy-changing and deleting actions per service prefix. */
  private static final Map<String, List<String>> SENSITIVE = Map.of(
      "s3", List.of("s3:PutBucketPolicy", "s3:DeleteBucket*", "s3:PutBucketAcl"),
      "kms", List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Disable*"),
      "sqs", List.of("sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:AddPermission"),
      "sns", List.of("sns:SetTopicAttributes", "sns:DeleteTopic", "sns:AddPermission"));
  private static final Pattern ACCOUNT = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

  private CorpusQuestions() {}

  public static List<String> sensitiveActions(String service) {
    return SENSITIVE.get(service);
  }

  /** P without its last statement: what that statement adds is the new access. */
  public static Policy withoutLast(Policy p) {
    return new Policy(p.version(), p.id(), p.statements().subList(0, p.statements().size() - 1));
  }

  /** P without its Deny statements. */
  public static Policy allowsOnly(Policy p) {
    return new Policy(p.version(), p.id(), p.statements().stream().filter(s -> s.effect() == Effect.ALLOW).toList());
  }

  public static boolean hasDeny(Policy p) {
    return p.statements().stream().anyMatch(s -> s.effect() == Effect.DENY);
  }

  /** The first 12-digit account the policy names, else 111122223333. */
  public static String firstAccount(Policy p) {
    Matcher m = ACCOUNT.matcher(p.toString());
    return m.find() ? m.group() : "111122223333";
  }
}
