package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.allowResource;
import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.holdsWithVersion;
import static dev.hornbeam.policy.eval.Fixtures.notResources;
import static dev.hornbeam.policy.eval.Fixtures.policy;
import static dev.hornbeam.policy.eval.Fixtures.policyWithVersion;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static dev.hornbeam.policy.eval.Fixtures.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.model.Policy;
import org.junit.jupiter.api.Test;

/** IAM User Guide, "IAM policy elements: Variables and tags". */
class PolicyVariablesTest {
  private static final String HOME = "arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*";

  private static boolean resourceAllowed(Policy p, Fixtures.RequestBuilder r) {
    return Fixtures.outcome(p, r) == Outcome.ALLOW;
  }

  @Test
  void usernameInResourceFromTheDocs() {
    Policy p = policy(allowResource(resources(HOME)));
    var alice = request().single("aws:username", "alice");
    assertTrue(resourceAllowed(p, alice.resource("arn:aws:s3:::amzn-s3-demo-bucket/alice/notes.txt")));
    assertFalse(resourceAllowed(p, alice.resource("arn:aws:s3:::amzn-s3-demo-bucket/bob/notes.txt")));
  }

  @Test
  void variableKeyLookupIgnoresCase() {
    Policy p = policy(allowResource(resources("arn:aws:s3:::b/${AWS:UserName}")));
    assertTrue(resourceAllowed(p, request().single("aws:username", "alice").resource("arn:aws:s3:::b/alice")));
  }

  @Test
  void substitutedValueIsLiteralNotAWildcard() {
    Policy p = policy(allowResource(resources("arn:aws:s3:::b/${aws:username}")));
    var star = request().single("aws:username", "*");
    assertFalse(resourceAllowed(p, star.resource("arn:aws:s3:::b/alice")));
    assertTrue(resourceAllowed(p, request().single("aws:username", "*").resource("arn:aws:s3:::b/*")));
    var c = cond("StringLike", "s3:prefix", "home/${aws:username}/*");
    assertFalse(holds(request().single("aws:username", "?").single("s3:prefix", "home/x/a"), c));
    assertTrue(holds(request().single("aws:username", "?").single("s3:prefix", "home/?/a"), c));
  }

  @Test
  void variableInStringConditionFromTheS3HomeFolderExample() {
    var c = cond("StringLike", "s3:prefix", "", "home/", "home/${aws:username}/");
    assertTrue(holds(request().single("aws:username", "alice").single("s3:prefix", "home/alice/"), c));
    assertFalse(holds(request().single("aws:username", "alice").single("s3:prefix", "home/bob/"), c));
  }

  @Test
  void defaultValueUsedWhenKeyAbsent() {
    // The page's example: ${aws:PrincipalTag/team, 'company-wide'}
    var c = cond("StringEquals", "s3:prefix", "${aws:PrincipalTag/team, 'company-wide'}");
    assertTrue(holds(request().single("s3:prefix", "company-wide"), c));
    assertFalse(holds(request().single("s3:prefix", "company-wide").single("aws:PrincipalTag/team", "red"), c));
    assertTrue(holds(request().single("s3:prefix", "red").single("aws:PrincipalTag/team", "red"), c));
  }

  @Test
  void defaultSyntaxAllowsSpacesAroundTheComma() {
    var c = cond("StringEquals", "k", "${missing,'d1'}|${missing ,  'd2'}");
    assertTrue(holds(request().single("k", "d1|d2"), c));
  }

  @Test
  void spacesAroundKeyAndQuotedDefaultAreIgnored() {
    var r = request().single("aws:username", "alice");
    assertTrue(holds(r.single("k", "alice"), cond("StringEquals", "k", "${ aws:username }")));
    assertTrue(holds(request().single("k", "dflt"), cond("StringEquals", "k", "${ missing , 'dflt' }")));
    // spaces inside the quotes are part of the default
    assertTrue(holds(request().single("k", " d "), cond("StringEquals", "k", "${missing, ' d '}")));
  }

  @Test
  void defaultUsedForMultivaluedOrEmptyKey() {
    var c = cond("StringEquals", "k", "${aws:TagKeys, 'none'}");
    assertTrue(holds(request().single("k", "none").multi("aws:TagKeys", "a"), c));
    assertTrue(holds(request().single("k", "none").multi("aws:TagKeys"), c));
    assertFalse(holds(request().single("k", "a").multi("aws:TagKeys", "a"), c));
  }

  @Test
  void specialCharacterVariablesAreLiterals() {
    var c = cond("StringLike", "k", "a${*}b${?}c${$}");
    assertTrue(holds(request().single("k", "a*b?c$"), c));
    assertFalse(holds(request().single("k", "axxbyc$"), c));
    Policy p = policy(allowResource(resources("arn:aws:s3:::b/${*}")));
    assertFalse(resourceAllowed(p, request().resource("arn:aws:s3:::b/key")));
    assertTrue(resourceAllowed(p, request().resource("arn:aws:s3:::b/*")));
  }

  @Test
  void absentKeyWithoutDefaultMatchesNothing() {
    assertFalse(holds(request().single("k", "${aws:username}"), cond("StringEquals", "k", "${aws:username}")));
    assertFalse(holds(request().single("k", "x"), cond("StringLike", "k", "*${aws:username}*")));
    assertTrue(holds(request().single("k", "x"), cond("StringLike", "k", "*${aws:username}*", "x")));
    Policy p = policy(allowResource(resources(HOME)));
    assertFalse(resourceAllowed(p, request().resource("arn:aws:s3:::amzn-s3-demo-bucket/x/y")));
  }

  @Test
  void absentKeyWithoutDefaultCountsAsNotMatchedUnderNegation() {
    // The value never matches, so StringNotEquals with only that value is true ...
    assertTrue(holds(request().single("k", "x"), cond("StringNotEquals", "k", "${aws:username}")));
    // ... and NotResource with only that pattern applies to every resource.
    Policy p = policy(allowResource(notResources(HOME)));
    assertTrue(resourceAllowed(p, request().resource("arn:aws:s3:::amzn-s3-demo-bucket/x/y")));
  }

  @Test
  void variablesInArnConditionValues() {
    var c = cond("ArnLike", "aws:SourceArn", "arn:aws:sns:*:${aws:PrincipalAccount}:*");
    var r = request().single("aws:PrincipalAccount", "123456789012");
    assertTrue(holds(r.single("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:t"), c));
    assertFalse(holds(request().single("aws:PrincipalAccount", "123456789012")
        .single("aws:SourceArn", "arn:aws:sns:us-east-1:444455556666:t"), c));
  }

  @Test
  void variablesDoNotApplyToOtherOperatorFamilies() {
    var r = request().single("limit", "5").single("n", "5");
    assertFalse(holds(r, cond("NumericEquals", "n", "${limit}")));
    var ip = request().single("net", "10.0.0.0/8").single("aws:SourceIp", "10.1.1.1");
    assertFalse(holds(ip, cond("IpAddress", "aws:SourceIp", "${net}")));
  }

  @Test
  void disabledUnder2008VersionOrWithoutVersion() {
    var c = cond("StringEquals", "k", "${aws:username}");
    var literal = request().single("aws:username", "alice").single("k", "${aws:username}");
    var substituted = request().single("aws:username", "alice").single("k", "alice");
    assertTrue(holdsWithVersion(Policy.VERSION_2008, literal, c));
    assertFalse(holdsWithVersion(Policy.VERSION_2008, substituted, c));
    assertTrue(holdsWithVersion(null, literal, c));
    assertTrue(holdsWithVersion(Policy.VERSION_2012, substituted, c));
  }

  @Test
  void disabledVariablesKeepWildcardsInside() {
    // Under 2008-10-17, "${*}" is the text "${", a wildcard *, and "}".
    var c = cond("StringLike", "k", "${*}");
    assertTrue(holdsWithVersion(Policy.VERSION_2008, request().single("k", "${anything}"), c));
    assertFalse(holdsWithVersion(Policy.VERSION_2008, request().single("k", "*"), c));
    Policy p = policyWithVersion(Policy.VERSION_2008, allowResource(resources(HOME)));
    assertTrue(resourceAllowed(p, request().resource("arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/x")));
    assertFalse(resourceAllowed(p, request().single("aws:username", "alice")
        .resource("arn:aws:s3:::amzn-s3-demo-bucket/alice/x")));
  }

  @Test
  void unclosedOrMalformedVariableIsOrdinaryText() {
    var r = request().single("aws:username", "alice");
    assertTrue(holds(request().single("k", "a${aws:username"), cond("StringEquals", "k", "a${aws:username")));
    assertTrue(holds(r.single("k", "${x, d}"), cond("StringEquals", "k", "${x, d}")));
    assertTrue(holds(request().single("k", "${ab"), cond("StringLike", "k", "${a?")));
  }

  @Test
  void substitutionHappensBeforeArnFieldSplitting() {
    // "${aws:username}" itself contains ':'; it must not split the resource field.
    Policy p = policy(allowResource(resources("arn:aws:iam::123456789012:user/${aws:username}")));
    var r = request().single("aws:username", "alice").resource("arn:aws:iam::123456789012:user/alice");
    assertEquals(Outcome.ALLOW, Fixtures.outcome(p, r));
  }
}
