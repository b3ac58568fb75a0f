package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.actions;
import static dev.hornbeam.policy.eval.Fixtures.allowAction;
import static dev.hornbeam.policy.eval.Fixtures.allowResource;
import static dev.hornbeam.policy.eval.Fixtures.notActions;
import static dev.hornbeam.policy.eval.Fixtures.notResources;
import static dev.hornbeam.policy.eval.Fixtures.policy;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static dev.hornbeam.policy.eval.Fixtures.resources;
import static dev.hornbeam.policy.eval.Fixtures.statement;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.ResourceElement;
import org.junit.jupiter.api.Test;

/**
 * IAM User Guide, "IAM JSON policy elements: Action" / "NotAction" / "Resource" / "NotResource", and
 * the ARN format ("IAM identifiers").
 */
class ActionResourceTest {

  private static boolean actionAllowed(ActionElement element, String action) {
    return Fixtures.outcome(policy(allowAction(element)), request().action(action)) == Outcome.ALLOW;
  }

  private static boolean resourceAllowed(ResourceElement element, String resource) {
    return Fixtures.outcome(policy(allowResource(element)), request().resource(resource))
        == Outcome.ALLOW;
  }

  // ---- Action ----

  @Test
  void actionMatchesExactName() {
    assertTrue(actionAllowed(actions("s3:GetObject"), "s3:GetObject"));
    assertFalse(actionAllowed(actions("s3:GetObject"), "s3:GetObjectAcl"));
  }

  @Test
  void actionIsCaseInsensitive() {
    assertTrue(actionAllowed(actions("S3:getobject"), "s3:GetObject"));
    assertTrue(actionAllowed(actions("IAM:*AccessKey*"), "iam:CreateAccessKey"));
  }

  @Test
  void actionCaseFoldingIsAsciiOnly() {
    // U+212A KELVIN SIGN lower-cases to 'k' in Unicode, but is not an ASCII letter.
    assertFalse(actionAllowed(actions("s3:ListBuc\u212Aet"), "s3:ListBucket"));
    assertFalse(actionAllowed(actions("s3:ListBucket"), "s3:ListBuc\u212Aet"));
  }

  @Test
  void actionWildcards() {
    assertTrue(actionAllowed(actions("s3:Get*"), "s3:GetObject"));
    assertTrue(actionAllowed(actions("s3:Get*"), "s3:Get"));
    assertTrue(actionAllowed(actions("*"), "ec2:RunInstances"));
    assertTrue(actionAllowed(actions("ec2:???Instances"), "ec2:RunInstances"));
    assertFalse(actionAllowed(actions("ec2:??Instances"), "ec2:RunInstances"));
    assertFalse(actionAllowed(actions("s3:Get*"), "s3:PutObject"));
  }

  @Test
  void questionMarkMatchesOneAstralCodePoint() {
    String smiley = "\uD83D\uDE00"; // U+1F600, two UTF-16 chars, one code point
    assertTrue(actionAllowed(actions("x:a?b"), "x:a" + smiley + "b"));
    assertFalse(actionAllowed(actions("x:a??b"), "x:a" + smiley + "b"));
  }

  @Test
  void notActionAppliesToEveryOtherAction() {
    ActionElement notIam = notActions("iam:*");
    assertTrue(actionAllowed(notIam, "s3:GetObject"));
    assertFalse(actionAllowed(notIam, "iam:CreateUser"));
    assertFalse(actionAllowed(notIam, "IAM:CreateUser"));
  }

  @Test
  void actionsNeverTakePolicyVariables() {
    Fixtures.RequestBuilder r = request().action("s3:alice").single("aws:username", "alice");
    assertFalse(Fixtures.outcome(policy(allowAction(actions("s3:${aws:username}"))), r)
        == Outcome.ALLOW);
  }

  // ---- Resource ----

  @Test
  void noResourceElementMatchesEveryResource() {
    var p = policy(statement(Effect.ALLOW, null, actions("*"), null));
    assertTrue(Fixtures.outcome(p, request().resource("anything at all")) == Outcome.ALLOW);
  }

  @Test
  void starMatchesEveryResource() {
    assertTrue(resourceAllowed(resources("*"), "arn:aws:s3:::bucket/x"));
    assertTrue(resourceAllowed(resources("*"), "not an arn"));
    assertTrue(resourceAllowed(resources("*"), ""));
  }

  @Test
  void resourceWildcardInResourceFieldSpansSlashes() {
    // S3 example: "arn:aws:s3:::b*" (bucket-name prefix) also matches objects in those buckets.
    assertTrue(resourceAllowed(resources("arn:aws:s3:::b*"), "arn:aws:s3:::bucket/x"));
    assertTrue(resourceAllowed(resources("arn:aws:s3:::bucket/*"), "arn:aws:s3:::bucket/a/b:c"));
    assertFalse(resourceAllowed(resources("arn:aws:s3:::b*"), "arn:aws:s3:::abucket/x"));
  }

  @Test
  void resourceIsCaseSensitive() {
    assertFalse(resourceAllowed(resources("arn:aws:s3:::Bucket/*"), "arn:aws:s3:::bucket/x"));
    assertFalse(resourceAllowed(resources("ARN:aws:s3:::bucket/*"), "arn:aws:s3:::bucket/x"));
  }

  @Test
  void wildcardDoesNotCrossIntoAnotherField() {
    // Whole-string matching would let the first * swallow "ec2:eu-west-1:111122223333:x".
    String pattern = "arn:aws:*:us-east-1:*:*";
    assertTrue(resourceAllowed(resources(pattern), "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
    assertFalse(resourceAllowed(resources(pattern), "arn:aws:ec2:eu-west-1:111122223333:x:us-east-1:a:b"));
    // Whole-string, "arn:*:s3:::bucket" would match with * = "aws:x".
    assertFalse(resourceAllowed(resources("arn:*:s3:::bucket"), "arn:aws:x:s3:::bucket"));
    assertTrue(resourceAllowed(resources("arn:*:s3:::bucket"), "arn:aws-cn:s3:::bucket"));
  }

  @Test
  void emptyFieldPatternMatchesOnlyEmptyField() {
    assertTrue(resourceAllowed(resources("arn:aws:s3:::*"), "arn:aws:s3:::bucket"));
    assertFalse(resourceAllowed(resources("arn:aws:s3:::*"), "arn:aws:s3:us-east-1::bucket"));
  }

  @Test
  void patternWithFewerThanSixFieldsMatchesTheWholeString() {
    // Our reading: "arn:*" and "arn:aws:*:us-east-1:*" (five fields) fall back to whole-string matching.
    assertTrue(resourceAllowed(resources("arn:*"), "arn:aws:s3:::bucket/x"));
    assertTrue(resourceAllowed(resources("arn:aws:*:us-east-1:*"),
        "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
    assertFalse(resourceAllowed(resources("arn:aws:*:us-east-1:*"),
        "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"));
  }

  @Test
  void requestResourceWithFewerThanSixFieldsMatchesTheWholeString() {
    assertTrue(resourceAllowed(resources("bucket/*"), "bucket/key"));
    assertFalse(resourceAllowed(resources("arn:aws:s3:::bucket"), "bucket"));
  }

  @Test
  void notResourceAppliesToEveryOtherResource() {
    ResourceElement notBucket = notResources("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*");
    assertTrue(resourceAllowed(notBucket, "arn:aws:s3:::other/x"));
    assertFalse(resourceAllowed(notBucket, "arn:aws:s3:::bucket/x"));
    assertFalse(resourceAllowed(notBucket, "arn:aws:s3:::bucket"));
  }

  @Test
  void severalResourcePatternsAreOred() {
    ResourceElement two = resources("arn:aws:s3:::a/*", "arn:aws:s3:::b/*");
    assertTrue(resourceAllowed(two, "arn:aws:s3:::b/k"));
    assertFalse(resourceAllowed(two, "arn:aws:s3:::c/k"));
  }
}
