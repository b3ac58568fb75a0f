package dev.hornbeam.policy.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestUniverseTest {
  static Policy parse(String json) {
    return java.util.Objects.requireNonNull(PolicyParser.parse(json, PolicyKind.RESOURCE).policy());
  }

  @Test
  void theUniverseHasEveryKindOfCaller() {
    Policy p = parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}");
    Set<PrincipalKind> kinds = EnumSet.noneOf(PrincipalKind.class);
    new RequestUniverse(List.of(p), "s3").principals().forEach(c -> kinds.add(PrincipalKind.of(c).orElseThrow()));
    assertEquals(EnumSet.allOf(PrincipalKind.class), kinds);
  }

  @Test
  void theReferenceFindsTheRootUserOfAnotherAccount() {
    // Issue 13's first policy: the reference alone (evaluator + PublicMeaning) finds it public.
    Policy p = parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\","
        + "\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}}]}");
    Request r = new RequestUniverse(List.of(p), "s3").find(x -> PublicMeaning.isStranger(p, x, "s3")
        && Evaluator.evaluate(p, x).outcome() == Outcome.ALLOW, 2, 1);
    assertNotNull(r);
    assertEquals(PrincipalKind.ACCOUNT_ROOT, PrincipalKind.of(r.principal()).orElseThrow());
  }

  @Test
  void theReferenceFindsNoStrangerForAnAccountPolicy() {
    Policy p = parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
    assertNull(new RequestUniverse(List.of(p), "s3").find(x -> PublicMeaning.isStranger(p, x, "s3")
        && Evaluator.evaluate(p, x).outcome() == Outcome.ALLOW, 4, 1));
  }
}
