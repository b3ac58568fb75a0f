package dev.hornbeam.bench;

import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.smt.Difference;
import dev.hornbeam.smt.Query;
import dev.hornbeam.smt.ResourceType;
import dev.hornbeam.smt.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The difference questions (docs/semantics.md) asked of one corpus policy P of type T, for the query
 * archive — each the query the facade would race:
 * <ul>
 *   <li>{@code no-new-access}: new = P, existing = P without its last statement (what that statement adds);
 *   <li>{@code compare}: the direction "P without its Deny statements beyond P" (what the Denies take away);
 *       skipped when P has no Deny;
 *   <li>{@code access-not-granted}: P and the type's policy-changing and deleting actions, any resource;
 *   <li>{@code cross-account}: P and the first 12-digit account it names (else 111122223333).
 * </ul>
 */
final class QuestionQueries {
  static final Map<ResourceType, List<String>> SENSITIVE = Map.of(
      ResourceType.S3_BUCKET, List.of("s3:PutBucketPolicy", "s3:DeleteBucket*", "s3:PutBucketAcl"),
      ResourceType.KMS_KEY, List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Disable*"),
      ResourceType.SQS_QUEUE, List.of("sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:AddPermission"),
      ResourceType.SNS_TOPIC, List.of("sns:SetTopicAttributes", "sns:DeleteTopic", "sns:AddPermission"));

  private static final Pattern ACCOUNT = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

  private QuestionQueries() {}

  /** Question name → query, in a fixed order. */
  static Map<String, Query> of(Policy p, ResourceType type) {
    Map<String, Query> out = new LinkedHashMap<>();
    Scope scope = Scope.of(type);
    out.put("no-new-access", Difference.query("does the new policy allow a request the existing one does not?",
        p, without(p, p.statements().size() - 1), scope));
    List<Statement> allows = p.statements().stream().filter(s -> s.effect() == Effect.ALLOW).toList();
    if (allows.size() < p.statements().size()) {
      out.put("compare", Difference.query("does the first policy allow a request the second does not?",
          new Policy(p.version(), p.id(), allows), p, scope));
    }
    out.put("access-not-granted", Difference.query("does the policy grant the given access?", p, null,
        scope.withActions(SENSITIVE.get(type), List.of())));
    String owner = firstAccount(p);
    out.put("cross-account", Difference.query("can a principal outside account " + owner + " be allowed?", p, null,
        scope.outside(owner)));
    return out;
  }

  private static Policy without(Policy p, int index) {
    List<Statement> sts = new ArrayList<>(p.statements());
    sts.remove(index);
    return new Policy(p.version(), p.id(), sts);
  }

  static String firstAccount(Policy p) {
    Matcher m = ACCOUNT.matcher(p.toString());
    return m.find() ? m.group() : "111122223333";
  }
}
