package dev.hornbeam.bench;

import dev.hornbeam.policy.CorpusQuestions;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.smt.Difference;
import dev.hornbeam.smt.Query;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The difference questions (docs/semantics.md) asked of one corpus policy P of type T, for the query
 * archive — each the query the facade would race (the derived policies: policy-model's test-jar
 * {@link CorpusQuestions}, shared with the facade's CorpusQuestionsTest):
 * <ul>
 *   <li>{@code no-new-access}: new = P, existing = P without its last statement (what that statement adds);
 *   <li>{@code compare}: the direction "P without its Deny statements beyond P" (what the Denies take away);
 *       skipped when P has no Deny;
 *   <li>{@code access-not-granted}: P and the type's policy-changing and deleting actions, any resource;
 *   <li>{@code cross-account}: P and the first 12-digit account it names (else 111122223333).
 * </ul>
 */
final class QuestionQueries {
  private QuestionQueries() {}

  /** Question name → query, in a fixed order. */
  static Map<String, Query> of(Policy p, ResourceType type) {
    Map<String, Query> out = new LinkedHashMap<>();
    Scope scope = Scope.of(type);
    out.put("no-new-access", Difference.query(p, CorpusQuestions.withoutLast(p), scope));
    if (CorpusQuestions.hasDeny(p)) {
      out.put("compare", Difference.query(CorpusQuestions.allowsOnly(p), p, scope));
    }
    out.put("access-not-granted",
        Difference.query(p, null, scope.withActions(CorpusQuestions.sensitiveActions(type.service()), List.of())));
    String owner = CorpusQuestions.firstAccount(p);
    out.put("cross-account", Difference.query(p, null, scope.outside(owner)));
    return out;
  }
}
