package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.policy.model.ActionElement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionPrefixTest {
  static boolean action(String pattern) {
    return ActionPrefix.canMatch(new ActionElement(false, List.of(pattern)), "s3:");
  }

  static boolean notAction(String... patterns) {
    return ActionPrefix.canMatch(new ActionElement(true, List.of(patterns)), "s3:");
  }

  @Test
  void actionPatternsThatCanReachTheService() {
    assertEquals(true, action("s3:GetObject"));
    assertEquals(true, action("S3:Get*"));
    assertEquals(true, action("*"));
    assertEquals(true, action("s?:x"));
    assertEquals(true, action("*:GetObject"));
    assertEquals(true, action("s3:"));
    assertEquals(false, action("sqs:*"));
    assertEquals(false, action("s3"));
    assertEquals(false, action("kms:Decrypt"));
  }

  @Test
  void notActionStatementsExcludeTheServiceOnlyWhenAPatternCoversIt() {
    assertEquals(false, notAction("s3:*"));
    assertEquals(false, notAction("*"));
    assertEquals(false, notAction("iam:*", "s*"));
    assertEquals(true, notAction("s3:Get*"));
    assertEquals(true, notAction("s3:"));
    assertEquals(true, notAction("sqs:*"));
  }

  @Test
  void prunedStatementsLeaveTheAnswerUnchanged() {
    var p = QueryTextTest.parse("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"},
          {"Effect":"Allow","Principal":"*","NotAction":"s3:*","Resource":"*"}]}""");
    Query pruned = PublicAccess.query(p, ResourceType.S3_BUCKET, null);
    Query full = PublicAccess.query(p, ResourceType.S3_BUCKET, null, new PolicyEncoder.Options(null, true));
    assertEquals(true, pruned.text().contains("(define-fun st0.matches () Bool false)"));
    assertEquals(Solve.both(full).sat(), Solve.both(pruned).sat());
    assertEquals(false, Solve.both(pruned).sat());
  }
}
