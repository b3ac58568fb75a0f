package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** IAM User Guide, "Condition operators": Numeric and Date condition operators. */
class NumericDateConditionTest {

  // ---- Numeric ----

  @Test
  void numericLessThanEqualsFromTheDocs() {
    // The page's example: "NumericLessThanEquals": {"s3:max-keys": "10"}
    var c = cond("NumericLessThanEquals", "s3:max-keys", "10");
    assertTrue(holds(request().single("s3:max-keys", "10"), c));
    assertTrue(holds(request().single("s3:max-keys", "9"), c));
    assertFalse(holds(request().single("s3:max-keys", "11"), c));
  }

  @Test
  void numericComparesExactDecimals() {
    assertTrue(holds(request().single("n", "1.20"), cond("NumericEquals", "n", "1.2")));
    assertFalse(holds(request().single("n", "1.20"), cond("NumericNotEquals", "n", "1.2")));
    assertTrue(holds(request().single("n", "+1.2"), cond("NumericEquals", "n", "1.2")));
    assertTrue(holds(request().single("n", "0.30000000000000000001"),
        cond("NumericGreaterThan", "n", "0.3")));
  }

  @Test
  void numericOrderingOperators() {
    var r = request().single("n", "-5");
    assertTrue(holds(r, cond("NumericLessThan", "n", "-4.5")));
    assertFalse(holds(r, cond("NumericLessThan", "n", "-5")));
    assertTrue(holds(r, cond("NumericGreaterThanEquals", "n", "-5")));
    assertFalse(holds(r, cond("NumericGreaterThan", "n", "-5")));
    assertTrue(holds(r, cond("NumericNotEquals", "n", "5")));
  }

  @Test
  void unparseablePolicyNumberMatchesNothing() {
    var r = request().single("n", "10");
    assertFalse(holds(r, cond("NumericEquals", "n", "ten")));
    assertTrue(holds(r, cond("NumericEquals", "n", "ten", "10")));
    assertTrue(holds(r, cond("NumericNotEquals", "n", "ten"))); // 10 matches none of the values
    assertFalse(holds(r, cond("NumericEquals", "n", "1e1"))); // no exponents
  }

  @Test
  void unparseableRequestNumberFailsEveryNumericOperatorNegatedIncluded() {
    var r = request().single("n", "abc");
    assertFalse(holds(r, cond("NumericEquals", "n", "1")));
    assertFalse(holds(r, cond("NumericNotEquals", "n", "1")));
    assertFalse(holds(r, cond("NumericLessThan", "n", "1")));
    assertFalse(holds(request().single("n", "1."), cond("NumericNotEquals", "n", "2")));
  }

  // ---- Date ----

  @Test
  void dateGreaterThanFromTheDocs() {
    // The page's example: "DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}
    var c = cond("DateGreaterThan", "aws:TokenIssueTime", "2020-01-01T00:00:01Z");
    assertTrue(holds(request().single("aws:TokenIssueTime", "2020-01-01T00:00:02Z"), c));
    assertFalse(holds(request().single("aws:TokenIssueTime", "2020-01-01T00:00:01Z"), c));
  }

  @Test
  void isoDateAndEpochSecondsCompareAsInstants() {
    // 2020-01-01T00:00:00Z = 1577836800
    assertTrue(holds(request().single("t", "1577836800"), cond("DateEquals", "t", "2020-01-01T00:00:00Z")));
    assertTrue(holds(request().single("t", "2020-01-01T00:00:00Z"), cond("DateEquals", "t", "1577836800")));
    assertTrue(holds(request().single("t", "1577836799"), cond("DateLessThan", "t", "2020-01-01T00:00:00Z")));
    assertFalse(holds(request().single("t", "1577836800"), cond("DateNotEquals", "t", "2020-01-01T00:00:00Z")));
  }

  @Test
  void dateOnlyAndPartialTimesMeanUtc() {
    var c = cond("DateEquals", "t", "2020-01-01");
    assertTrue(holds(request().single("t", "2020-01-01T00:00:00Z"), c));
    assertTrue(holds(request().single("t", "2020-01-01T00:00"), c));
    assertTrue(holds(request().single("t", "2020-01-01T00:00:00.000"), c));
    assertFalse(holds(request().single("t", "2020-01-01T00:00:00.001Z"), c));
  }

  @Test
  void offsetsAreApplied() {
    var c = cond("DateEquals", "t", "2020-01-01T00:00:00Z");
    assertTrue(holds(request().single("t", "2020-01-01T02:00:00+02:00"), c));
    assertTrue(holds(request().single("t", "2019-12-31T19:00-05:00"), c));
    assertTrue(holds(request().single("t", "2020-01-01T01:00:00+02:00"),
        cond("DateLessThanEquals", "t", "2020-01-01T00:00:00Z")));
    assertFalse(holds(request().single("t", "2020-01-01T01:00:00+02:00"),
        cond("DateGreaterThanEquals", "t", "2020-01-01T00:00:00Z")));
  }

  @Test
  void unparseableDatesNeverMatch() {
    assertFalse(holds(request().single("t", "yesterday"), cond("DateNotEquals", "t", "2020-01-01")));
    assertFalse(holds(request().single("t", "2020-02-30"), cond("DateLessThan", "t", "2030-01-01")));
    assertTrue(holds(request().single("t", "2020-01-01"), cond("DateNotEquals", "t", "soon")));
    assertFalse(holds(request().single("t", "2020-01-01"), cond("DateEquals", "t", "soon")));
    assertFalse(holds(request().single("t", "99999999999999999999"), cond("DateGreaterThan", "t", "0")));
  }
}
