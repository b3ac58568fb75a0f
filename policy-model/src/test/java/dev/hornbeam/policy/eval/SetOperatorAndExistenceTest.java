package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * IAM User Guide: "Condition operators" (...IfExists, Null), "Single-valued vs. multivalued context
 * keys" (ForAllValues, ForAnyValue), "Multivalued context key examples", "Creating a condition with
 * multiple context keys or values".
 */
class SetOperatorAndExistenceTest {
  private static final String TAGS = "aws:TagKeys";

  // ---- absent keys ----

  @Test
  void absentKeyFailsPositiveAndPassesNegatedOperators() {
    assertFalse(holds(request(), cond("StringEquals", "k", "x")));
    assertFalse(holds(request(), cond("NumericLessThan", "k", "1")));
    assertTrue(holds(request(), cond("StringNotEquals", "k", "x")));
    assertTrue(holds(request(), cond("NotIpAddress", "k", "10.0.0.0/8")));
    assertTrue(holds(request(), cond("ArnNotLike", "k", "arn:*:*:*:*:*")));
  }

  @Test
  void ifExistsOnAnAbsentKeyIsTrue() {
    // The page's example: "StringEqualsIfExists": {"ec2:InstanceType": ["t1.*", ...]} lets requests
    // without ec2:InstanceType through.
    assertTrue(holds(request(), cond("StringLikeIfExists", "ec2:InstanceType", "t1.*", "t2.*")));
    assertTrue(holds(request(), cond("NumericEqualsIfExists", "k", "1")));
    assertTrue(holds(request(), cond("ForAnyValue:StringEqualsIfExists", "k", "1")));
  }

  @Test
  void ifExistsOnAPresentKeyChangesNothing() {
    var c = cond("StringLikeIfExists", "ec2:InstanceType", "t1.*", "t2.*");
    assertTrue(holds(request().single("ec2:InstanceType", "t2.micro"), c));
    assertFalse(holds(request().single("ec2:InstanceType", "m5.large"), c));
    assertFalse(holds(request().single("n", "x"), cond("NumericNotEqualsIfExists", "n", "1")));
  }

  // ---- Null ----

  @Test
  void nullTrueMeansAbsent() {
    // The page's example: "Null": {"aws:TokenIssueTime": "true"} (no temporary credentials)
    var c = cond("Null", "aws:TokenIssueTime", "true");
    assertTrue(holds(request(), c));
    assertFalse(holds(request().single("aws:TokenIssueTime", "2020-01-01T00:00:00Z"), c));
  }

  @Test
  void nullFalseMeansPresentAndNonEmpty() {
    var c = cond("Null", TAGS, "false");
    assertTrue(holds(request().multi(TAGS, "a"), c));
    assertFalse(holds(request(), c));
    assertFalse(holds(request().multi(TAGS), c)); // an empty set counts as absent
    assertTrue(holds(request().multi(TAGS), cond("Null", TAGS, "true")));
  }

  @Test
  void nullValuesAreOredAndOtherValuesMatchNothing() {
    assertTrue(holds(request(), cond("Null", "k", "false", "TRUE")));
    assertTrue(holds(request().single("k", "v"), cond("Null", "k", "false", "true")));
    assertFalse(holds(request(), cond("Null", "k", "yes")));
    assertFalse(holds(request().single("k", "v"), cond("Null", "k", "no")));
  }

  @Test
  void nullIgnoresSetQualifierAndIfExists() {
    assertTrue(holds(request(), cond("ForAnyValue:Null", "k", "true")));
    assertFalse(holds(request(), cond("ForAllValues:Null", "k", "false")));
    assertFalse(holds(request(), cond("NullIfExists", "k", "false")));
  }

  // ---- ForAllValues ----

  @Test
  void forAllValuesWithAbsentOrEmptyKeyIsTrue() {
    var c = cond("ForAllValues:StringEquals", TAGS, "environment", "cost-center");
    assertTrue(holds(request(), c));
    assertTrue(holds(request().multi(TAGS), c));
  }

  @Test
  void forAllValuesNeedsEveryRequestValueToMatchSomePolicyValue() {
    // Multivalued context key examples: the request's tag keys must be a subset of the policy's.
    var c = cond("ForAllValues:StringEquals", TAGS, "environment", "cost-center");
    assertTrue(holds(request().multi(TAGS, "environment"), c));
    assertTrue(holds(request().multi(TAGS, "environment", "cost-center"), c));
    assertFalse(holds(request().multi(TAGS, "environment", "dept"), c));
  }

  @Test
  void forAllValuesStringLikeWithPrefixes() {
    var c = cond("ForAllValues:StringLike", TAGS, "key1*");
    assertTrue(holds(request().multi(TAGS, "key1", "key1-a"), c));
    assertFalse(holds(request().multi(TAGS, "key1", "key2"), c));
  }

  @Test
  void forAllValuesWithNegatedOperatorNeedsEveryValueToMatchNone() {
    var c = cond("ForAllValues:StringNotLike", TAGS, "aws:*", "internal-*");
    assertTrue(holds(request().multi(TAGS, "team", "owner"), c));
    assertFalse(holds(request().multi(TAGS, "team", "internal-x"), c));
    assertTrue(holds(request(), c));
  }

  // ---- ForAnyValue ----

  @Test
  void forAnyValueNeedsSomeRequestValueToMatch() {
    // "ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}
    var c = cond("ForAnyValue:StringEquals", "aws:CalledVia", "cloudformation.amazonaws.com");
    assertTrue(holds(request().multi("aws:CalledVia", "athena.amazonaws.com", "cloudformation.amazonaws.com"), c));
    assertFalse(holds(request().multi("aws:CalledVia", "athena.amazonaws.com"), c));
  }

  @Test
  void forAnyValueWithAbsentOrEmptyKeyIsFalse() {
    var c = cond("ForAnyValue:StringEquals", "aws:CalledVia", "cloudformation.amazonaws.com");
    assertFalse(holds(request(), c));
    assertFalse(holds(request().multi("aws:CalledVia"), c));
    assertFalse(holds(request(), cond("ForAnyValue:StringNotEquals", "k", "x")));
  }

  @Test
  void forAnyValueWithNegatedOperatorNeedsSomeValueMatchingNone() {
    var c = cond("ForAnyValue:StringNotEquals", TAGS, "a", "b");
    assertTrue(holds(request().multi(TAGS, "a", "c"), c));
    assertFalse(holds(request().multi(TAGS, "a", "b"), c));
  }

  @Test
  void setOperatorOnSingleValuedKeyTreatsItAsASetOfOne() {
    var r = request().single("k", "x");
    assertTrue(holds(r, cond("ForAllValues:StringEquals", "k", "x", "y")));
    assertFalse(holds(r, cond("ForAllValues:StringEquals", "k", "y")));
    assertTrue(holds(r, cond("ForAnyValue:StringLike", "k", "?")));
    assertFalse(holds(r, cond("ForAnyValue:StringLike", "k", "??")));
  }

  @Test
  void setOperatorsWithTypedFamilies() {
    var ports = request().multi("ports", "80", "443");
    assertTrue(holds(ports, cond("ForAllValues:NumericLessThan", "ports", "1024")));
    assertFalse(holds(ports, cond("ForAllValues:NumericLessThan", "ports", "100")));
    assertTrue(holds(ports, cond("ForAnyValue:NumericEquals", "ports", "443")));
    // one ill-typed value: ForAllValues fails, ForAnyValue can still hold through another value
    var mixed = request().multi("ports", "80", "http");
    assertFalse(holds(mixed, cond("ForAllValues:NumericNotEquals", "ports", "22")));
    assertTrue(holds(mixed, cond("ForAnyValue:NumericNotEquals", "ports", "22")));
  }

  // ---- plain operator on a multivalued key ----

  @Test
  void plainPositiveOperatorOnMultivaluedKeyNeedsSomeValue() {
    var c = cond("StringEquals", TAGS, "env");
    assertTrue(holds(request().multi(TAGS, "owner", "env"), c));
    assertFalse(holds(request().multi(TAGS, "owner", "team"), c));
  }

  @Test
  void plainNegatedOperatorOnMultivaluedKeyNeedsEveryValueToMatchNone() {
    var c = cond("StringNotEquals", TAGS, "env");
    assertFalse(holds(request().multi(TAGS, "owner", "env"), c));
    assertTrue(holds(request().multi(TAGS, "owner", "team"), c));
  }

  @Test
  void multivaluedSetOfOneBehavesLikeSingleValuedKey() {
    for (String op : new String[] {"StringEquals", "StringNotEquals", "StringLike", "StringNotLike"}) {
      for (String v : new String[] {"a", "b", "ab"}) {
        var c = cond(op, "k", "a", "a*");
        assertEquals(holds(request().single("k", v), c), holds(request().multi("k", v), c), op + " " + v);
      }
    }
  }

  // ---- AND / OR ----

  @Test
  void conditionEntriesAreAndedAndValuesOred() {
    var tagOk = cond("StringEquals", "aws:PrincipalTag/team", "red", "blue");
    var ipOk = cond("IpAddress", "aws:SourceIp", "203.0.113.0/24");
    var r = request().single("aws:PrincipalTag/team", "blue").single("aws:SourceIp", "203.0.113.9");
    assertTrue(holds(r, tagOk, ipOk));
    var wrongIp = request().single("aws:PrincipalTag/team", "blue").single("aws:SourceIp", "198.51.100.1");
    assertFalse(holds(wrongIp, tagOk, ipOk));
    var wrongTeam = request().single("aws:PrincipalTag/team", "green").single("aws:SourceIp", "203.0.113.9");
    assertFalse(holds(wrongTeam, tagOk, ipOk));
  }

  @Test
  void sameKeyUnderTwoOperatorsIsAnded() {
    var atLeast = cond("NumericGreaterThanEquals", "n", "10");
    var atMost = cond("NumericLessThanEquals", "n", "20");
    assertTrue(holds(request().single("n", "15"), atLeast, atMost));
    assertFalse(holds(request().single("n", "25"), atLeast, atMost));
    assertFalse(holds(request().single("n", "5"), atLeast, atMost));
  }
}
