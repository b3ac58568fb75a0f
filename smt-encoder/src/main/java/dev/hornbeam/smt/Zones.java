package dev.hornbeam.smt;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.SmtLib;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Outside a zone of trust, symbolically: the mirror of {@link Zone#isOutside}. Asserts who can call
 * ({@link Callers}) and typed key values too, so a question asserts this instead of those.
 */
final class Zones {
  private Zones() {}

  /**
   * @param subject the policy whose fixed values define a stranger ({@link Zone.Public} only)
   * @param type the question's resource type, whose own rules a stranger follows ({@link Zone.Public} only)
   * @param all every policy of the question
   */
  static void assertOutside(Zone zone, Policy subject, ResourceType type, List<Policy> all, RequestVars vars,
      Problem.Builder goal, List<String> gaps) {
    if (zone instanceof Zone.Public) {
      PublicAccess.stranger(subject, type, all, vars, goal, gaps);
      return;
    }
    Callers.assertAll(vars, goal, gaps);
    for (KeyVars k : vars.keys()) {
      if (k.views().size() > 1) {
        gaps.add("the key " + k.name() + " is read as two different types");
      }
      Realism.typedValues(all, k, goal);
    }
    List<String> accounts = zone instanceof Zone.Account a ? List.of(a.id()) : ((Zone.Organization) zone).accounts();
    for (String a : accounts) {
      if (!SmtLib.representable(a)) {
        gaps.add("an account beyond the SMT-LIB alphabet");
        return;
      }
    }
    goal.comment("a caller outside " + Zone.describe(zone));
    List<BoolFormula> parts = new ArrayList<>();
    for (String a : accounts) {
      parts.add(Realism.outside(a));
    }
    goal.assertThat(BoolFormula.and(parts));
    if (zone instanceof Zone.Organization o) {
      if (!SmtLib.representable(o.orgId())) {
        gaps.add("an organization id beyond the SMT-LIB alphabet");
        return;
      }
      // aws:PrincipalOrgID and aws:PrincipalOrgPaths name the caller's organization (IAM User Guide, "AWS
      // global condition context keys"): a caller whose keys name this organization is a member.
      for (KeyVars k : vars.keys()) {
        String lower = k.name().toLowerCase(Locale.ROOT);
        if (!lower.equals("aws:principalorgid") && !lower.equals("aws:principalorgpaths")) {
          continue;
        }
        if (!k.views().contains(View.STR)) {
          continue;
        }
        List<BoolFormula> differs = new ArrayList<>();
        for (int e = 0; e < k.elements(); e++) {
          BoolFormula member = lower.equals("aws:principalorgid") ? Terms.eq(k.strVar(e), o.orgId())
              : Terms.prefixOf(o.orgId() + "/", k.strVar(e));
          differs.add(BoolFormula.implies(k.active(e), BoolFormula.not(member)));
        }
        goal.assertThat(BoolFormula.implies(BoolFormula.or(RequestVars.kind(RequestVars.AWS),
            RequestVars.kind(RequestVars.CLOUDFRONT_OAI)), BoolFormula.and(differs)));
      }
    }
  }
}
