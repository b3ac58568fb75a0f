package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.actions;
import static dev.hornbeam.policy.eval.Fixtures.allowAll;
import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.denyAll;
import static dev.hornbeam.policy.eval.Fixtures.policy;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static dev.hornbeam.policy.eval.Fixtures.resources;
import static dev.hornbeam.policy.eval.Fixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IAM User Guide, "Policy evaluation logic": explicit deny > allow > implicit deny. */
class CombiningTest {

  @Test
  void explicitDenyOverridesAllow() {
    Decision d = Evaluator.evaluate(policy(allowAll(), denyAll()), request().build());
    assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
    assertEquals(List.of(0), d.matchedAllows());
    assertEquals(List.of(1), d.matchedDenies());
  }

  @Test
  void denyListedFirstStillOverridesAllow() {
    Decision d = Evaluator.evaluate(policy(denyAll(), allowAll()), request().build());
    assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
    assertEquals(List.of(1), d.matchedAllows());
    assertEquals(List.of(0), d.matchedDenies());
  }

  @Test
  void applicableAllowWithoutDenyAllows() {
    Decision d = Evaluator.evaluate(policy(allowAll()), request().build());
    assertEquals(new Decision(Outcome.ALLOW, List.of(0), List.of()), d);
  }

  @Test
  void noApplicableStatementIsImplicitDeny() {
    Policy p = policy(statement(Effect.ALLOW, null, actions("s3:PutObject"), resources("*")));
    Decision d = Evaluator.evaluate(p, request().action("s3:GetObject").build());
    assertEquals(new Decision(Outcome.IMPLICIT_DENY, List.of(), List.of()), d);
  }

  @Test
  void emptyPolicyIsImplicitDeny() {
    assertEquals(Outcome.IMPLICIT_DENY, Evaluator.evaluate(policy(), request().build()).outcome());
  }

  @Test
  void denyWhoseConditionFailsDoesNotApply() {
    Policy p = policy(allowAll(), denyAll(cond("Bool", "aws:SecureTransport", "false")));
    Decision d = Evaluator.evaluate(p, request().single("aws:SecureTransport", "true").build());
    assertEquals(new Decision(Outcome.ALLOW, List.of(0), List.of()), d);
  }

  @Test
  void matchedIndexesAreAllApplicableStatementsAscending() {
    Policy p =
        policy(
            allowAll(),
            denyAll(cond("StringEquals", "k", "no")),
            allowAll(),
            denyAll(),
            statement(Effect.ALLOW, null, actions("ec2:*"), resources("*")),
            denyAll());
    Decision d = Evaluator.evaluate(p, request().single("k", "yes").build());
    assertEquals(new Decision(Outcome.EXPLICIT_DENY, List.of(0, 2), List.of(3, 5)), d);
  }
}
