package dev.hornbeam.smt;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import java.util.ArrayList;
import java.util.List;

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
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policies, prefixes, KeyShape.bounded(policies), PolicyEncoder.Options.DEFAULT.withActionPrefix(type.service() + ":"));
    List<String> gaps = new ArrayList<>(enc.gaps());
    Problem.Builder goal = new Problem.Builder().addAll(enc.items());
    goal.comment("question");
    goal.comment("every action of the service " + type.service());
    goal.assertThat(Terms.prefixOf(type.service() + ":", RequestVars.ACTION_VAR));
    Realism.actionName(goal);
    if (resourceArn != null) {
      KeyShape.resource(goal, type, resourceArn);
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
