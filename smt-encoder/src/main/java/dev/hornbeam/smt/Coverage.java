package dev.hornbeam.smt;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "Is there a request from outside the zone, for the resource, that every one of these policies allows
 * and none of those does?" — the one question under findings (CAV 2020, "Stratified Abstraction of Access
 * Control Policies"): with the policy required and the findings excluded it asks whether the findings
 * cover all outside access (UNSAT: proved); with a finding required and the policy excluded, whether the
 * finding holds only allowed requests (UNSAT: exact); with both required, for a witness of a finding.
 */
public final class Coverage {
  private Coverage() {}

  /**
   * @param subject the policy whose findings these are (its fixed values define a stranger for {@link
   *     Zone.Public}); it must be one of {@code required} or {@code excluded}
   * @param resourceArn the resource (for a bucket also its objects), or null for any resource of the type
   */
  public static Query query(Policy subject, List<Policy> required, List<Policy> excluded, ResourceType type,
      String resourceArn, Zone zone) {
    List<Policy> policies = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < required.size(); i++) {
      policies.add(required.get(i));
      prefixes.add("r" + i + ".");
    }
    for (int i = 0; i < excluded.size(); i++) {
      policies.add(excluded.get(i));
      prefixes.add("x" + i + ".");
    }
    // Multi-valued keys: as in PublicAccess.query, a set of at most (number of condition entries on the
    // key over all policies) values loses no answer.
    Map<String, Integer> mentions = new HashMap<>();
    for (Policy p : policies) {
      for (Statement s : p.statements()) {
        for (Condition c : s.conditions()) {
          mentions.merge(c.key().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
      }
    }
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policies, prefixes, key -> ContextKeys.isMultiValued(key)
        ? new KeyShape.Multi(Math.max(1, mentions.getOrDefault(key, 1))) : KeyShape.SINGLE,
        PolicyEncoder.Options.DEFAULT.withActionPrefix(type.service() + ":"));
    List<String> gaps = new ArrayList<>(enc.gaps());
    Problem.Builder goal = new Problem.Builder().addAll(enc.items());
    goal.comment("question");
    goal.comment("every action of the service " + type.service());
    goal.assertThat(Terms.prefixOf(type.service() + ":", RequestVars.ACTION_VAR));
    Realism.actionName(goal);
    if (resourceArn != null) {
      BoolFormula r = Terms.eq(RequestVars.RESOURCE_VAR, resourceArn);
      Optional<String> children = type.childPrefix(resourceArn);
      if (children.isPresent()) {
        r = BoolFormula.or(r, Terms.prefixOf(children.get(), RequestVars.RESOURCE_VAR));
      }
      goal.comment("the resource and, for a bucket, its objects");
      goal.assertThat(r);
    }
    Zones.assertOutside(zone, subject, type, policies, enc.vars(), goal, gaps);
    for (int i = 0; i < required.size(); i++) {
      goal.assertThat(Terms.boolVar("r" + i + ".allows"));
    }
    for (int i = 0; i < excluded.size(); i++) {
      goal.assertThat(BoolFormula.not(Terms.boolVar("x" + i + ".allows")));
    }
    return new Query(goal.build("is there a request from outside " + Zone.describe(zone) + " that " + required.size()
        + " policies allow and " + excluded.size() + " do not?"), gaps, enc.decoder());
  }
}
