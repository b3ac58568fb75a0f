package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** IAM User Guide, "Condition operators": Boolean, Binary and ARN condition operators. */
class BoolBinaryArnConditionTest {

  // ---- Bool ----

  @Test
  void boolFromTheDocs() {
    // The page's example: "Bool": {"aws:SecureTransport": "true"}
    var c = cond("Bool", "aws:SecureTransport", "true");
    assertTrue(holds(request().single("aws:SecureTransport", "true"), c));
    assertTrue(holds(request().single("aws:SecureTransport", "TRUE"), c));
    assertFalse(holds(request().single("aws:SecureTransport", "false"), c));
    assertFalse(holds(request(), c));
  }

  @Test
  void boolValuesOtherThanTrueOrFalseNeverMatch() {
    assertFalse(holds(request().single("b", "yes"), cond("Bool", "b", "true")));
    assertFalse(holds(request().single("b", "true"), cond("Bool", "b", "yes")));
    assertFalse(holds(request().single("b", "1"), cond("Bool", "b", "1")));
    assertTrue(holds(request().single("b", "False"), cond("Bool", "b", "maybe", "false")));
  }

  // ---- BinaryEquals ----

  @Test
  void binaryEqualsComparesDecodedBytes() {
    // The page's example value: "QmluYXJ5VmFsdWVJbkJhc2U2NA==" ("BinaryValueInBase64")
    var c = cond("BinaryEquals", "key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==");
    assertTrue(holds(request().single("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="), c));
    assertFalse(holds(request().single("key", "QmluYXJ5VmFsdWVJbkJhc2U2NQ=="), c));
  }

  @Test
  void binaryEqualsIgnoresUnusedTrailingBits() {
    // "QR==" and "QQ==" both decode to the single byte 'A'.
    assertTrue(holds(request().single("key", "QR=="), cond("BinaryEquals", "key", "QQ==")));
  }

  @Test
  void invalidBase64NeverMatches() {
    assertFalse(holds(request().single("key", "QQ"), cond("BinaryEquals", "key", "QQ==")));
    assertFalse(holds(request().single("key", "QQ=="), cond("BinaryEquals", "key", "QQ")));
    assertFalse(holds(request().single("key", "Q Q="), cond("BinaryEquals", "key", "Q Q=")));
    assertTrue(holds(request().single("key", ""), cond("BinaryEquals", "key", "")));
  }

  // ---- ARN operators ----

  @Test
  void arnEqualsFromTheDocs() {
    // The page's example: "ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}
    var c = cond("ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:my-topic");
    assertTrue(holds(request().single("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:my-topic"), c));
    assertFalse(holds(request().single("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:My-Topic"), c));
  }

  @Test
  void arnEqualsAndArnLikeBothTakeWildcards() {
    var r = request().single("aws:PrincipalArn", "arn:aws:iam::123456789012:role/AdminRole");
    assertTrue(holds(r, cond("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/*")));
    assertTrue(holds(r, cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/Admin????")));
    assertFalse(holds(r, cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:user/*")));
  }

  @Test
  void arnWildcardStaysWithinItsField() {
    var r = request().single("a", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s");
    // Whole-string, the second * could swallow "123456789012:log-group:g"; field-wise the resource
    // field "log-group:g:log-stream:s" does not match "log-stream:*".
    assertFalse(holds(r, cond("ArnLike", "a", "arn:aws:logs:*:*:log-stream:*")));
    assertTrue(holds(r, cond("ArnLike", "a", "arn:aws:logs:*:*:log-group:*")));
  }

  @Test
  void arnNegatedOperators() {
    var r = request().single("a", "arn:aws:iam::123456789012:role/x");
    assertTrue(holds(r, cond("ArnNotEquals", "a", "arn:aws:iam::*:user/*")));
    assertFalse(holds(r, cond("ArnNotLike", "a", "arn:aws:iam::*:user/*", "arn:aws:iam::*:role/*")));
  }

  @Test
  void requestValueThatIsNotAnArnFailsAllArnOperators() {
    var r = request().single("a", "not-an-arn");
    assertFalse(holds(r, cond("ArnLike", "a", "*")));
    assertFalse(holds(r, cond("ArnEquals", "a", "*")));
    assertFalse(holds(r, cond("ArnNotLike", "a", "arn:aws:iam::*:user/*")));
    assertFalse(holds(r, cond("ArnNotEquals", "a", "arn:aws:iam::*:user/*")));
  }

  @Test
  void shortArnPatternFallsBackToWholeStringMatching() {
    var r = request().single("a", "arn:aws:iam::123456789012:role/x");
    assertTrue(holds(r, cond("ArnLike", "a", "arn:aws:iam::*")));
    assertFalse(holds(r, cond("ArnLike", "a", "arn:aws:s3::*")));
  }
}
