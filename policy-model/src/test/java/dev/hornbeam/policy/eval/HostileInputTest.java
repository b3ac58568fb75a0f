package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.allowResource;
import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.policy;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static dev.hornbeam.policy.eval.Fixtures.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inputs the validator would reject must still get a decision, quickly and without exceptions. */
class HostileInputTest {

  @Test
  void hugeValuesAndStarOnlyPatterns() {
    String huge = "a".repeat(200_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertTrue(holds(request().single("k", huge), cond("StringLike", "k", "*".repeat(1000))));
      assertFalse(holds(request().single("k", huge), cond("StringLike", "k", "*a*a*a*b")));
      assertEquals(Outcome.ALLOW,
          Fixtures.outcome(policy(allowResource(resources("*****"))), request().resource(huge)));
    });
  }

  @Test
  void hugeNumbersAndDatesAreParsedOrRejectedWithoutThrowing() {
    String big = "9".repeat(10_000);
    assertTrue(holds(request().single("n", big), cond("NumericGreaterThan", "n", "1")));
    assertFalse(holds(request().single("t", big), cond("DateGreaterThan", "t", "0")));
    assertFalse(holds(request().single("t", "+1000000000-01-01"), cond("DateGreaterThan", "t", "0")));
    assertTrue(holds(request().single("t", "-31557014167219200"), cond("DateLessThan", "t", "0")));
  }

  @Test
  void loneSurrogatesAndEmptyStringsEverywhere() {
    String lone = "\uDC00";
    var r = request().action(lone).resource(lone).single(lone, lone);
    assertEquals(Outcome.IMPLICIT_DENY,
        Fixtures.outcome(policy(Fixtures.statement(dev.hornbeam.policy.model.Effect.ALLOW, null,
            Fixtures.actions(""), Fixtures.resources(""), cond("IpAddress", lone, lone))), r));
    assertTrue(holds(request().single("k", lone), cond("StringLike", "k", "?")));
    assertFalse(holds(request().single("k", ""), cond("IpAddress", "k", "")));
    assertFalse(holds(request().single("k", ""), cond("BinaryEquals", "k", "=")));
  }

  @Test
  void operatorWithNoValuesMatchesNothing() {
    assertFalse(holds(request().single("k", "x"), cond("StringEquals", "k")));
    assertTrue(holds(request().single("k", "x"), cond("StringNotEquals", "k")));
    assertFalse(holds(request(), cond("Null", "k")));
  }

  @Test
  void emptyActionAndResourceListsMatchNothingAndNegatedMatchEverything() {
    var none = policy(Fixtures.statement(dev.hornbeam.policy.model.Effect.ALLOW, null,
        Fixtures.actions(), Fixtures.resources("*")));
    assertEquals(Outcome.IMPLICIT_DENY, Fixtures.outcome(none, request()));
    var all = policy(Fixtures.statement(dev.hornbeam.policy.model.Effect.ALLOW, null,
        Fixtures.notActions(), Fixtures.notResources()));
    assertEquals(Outcome.ALLOW, Fixtures.outcome(all, request()));
  }
}
