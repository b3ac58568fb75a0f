package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** IAM User Guide, "IAM JSON policy elements: Condition operators", String condition operators. */
class StringConditionTest {
  private static final String TAG = "aws:PrincipalTag/job-category";

  @Test
  void stringEqualsIsExactAndCaseSensitive() {
    // The page's example: "StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}
    var c = cond("StringEquals", TAG, "iamuser-admin");
    assertTrue(holds(request().single(TAG, "iamuser-admin"), c));
    assertFalse(holds(request().single(TAG, "IAMUser-Admin"), c));
    assertFalse(holds(request().single(TAG, "iamuser-admin "), c));
  }

  @Test
  void stringEqualsHasNoWildcards() {
    var c = cond("StringEquals", "k", "a*");
    assertTrue(holds(request().single("k", "a*"), c));
    assertFalse(holds(request().single("k", "abc"), c));
  }

  @Test
  void stringNotEqualsIsTheNorOfTheValues() {
    var c = cond("StringNotEquals", "k", "a", "b");
    assertTrue(holds(request().single("k", "c"), c));
    assertFalse(holds(request().single("k", "a"), c));
    assertFalse(holds(request().single("k", "b"), c));
  }

  @Test
  void stringEqualsIgnoreCaseFoldsAsciiLetters() {
    var c = cond("StringEqualsIgnoreCase", "aws:PrincipalTag/department", "HR");
    assertTrue(holds(request().single("aws:PrincipalTag/department", "hr"), c));
    assertFalse(holds(request().single("aws:PrincipalTag/department", "h"), c));
    assertFalse(holds(request().single("k", "\u00E9"), cond("StringEqualsIgnoreCase", "k", "\u00C9")));
  }

  @Test
  void stringNotEqualsIgnoreCase() {
    var c = cond("StringNotEqualsIgnoreCase", "k", "Prod");
    assertFalse(holds(request().single("k", "PROD"), c));
    assertTrue(holds(request().single("k", "dev"), c));
  }

  @Test
  void stringLikeTakesWildcardsAndIsCaseSensitive() {
    var c = cond("StringLike", "s3:prefix", "home/*", "public/?.txt");
    assertTrue(holds(request().single("s3:prefix", "home/alice/notes"), c));
    assertTrue(holds(request().single("s3:prefix", "public/a.txt"), c));
    assertFalse(holds(request().single("s3:prefix", "public/ab.txt"), c));
    assertFalse(holds(request().single("s3:prefix", "Home/alice"), c));
  }

  @Test
  void stringLikeEmptyValueMatchesOnlyTheEmptyString() {
    // S3 "home folder" example lists "" among the allowed s3:prefix values.
    var c = cond("StringLike", "s3:prefix", "", "home/");
    assertTrue(holds(request().single("s3:prefix", ""), c));
    assertTrue(holds(request().single("s3:prefix", "home/"), c));
    assertFalse(holds(request().single("s3:prefix", "other/"), c));
  }

  @Test
  void stringNotLike() {
    var c = cond("StringNotLike", "k", "tmp-*");
    assertTrue(holds(request().single("k", "prod-1"), c));
    assertFalse(holds(request().single("k", "tmp-1"), c));
  }

  @Test
  void conditionKeyNamesIgnoreCase() {
    var c = cond("StringEquals", "AWS:PrincipalTag/Job-Category", "x");
    assertTrue(holds(request().single("aws:principaltag/job-category", "x"), c));
  }

  @Test
  void stringsNeverHaveATypeMismatch() {
    assertTrue(holds(request().single("k", "\uD800"), cond("StringNotEquals", "k", "x")));
    assertTrue(holds(request().single("k", ""), cond("StringEquals", "k", "")));
  }
}
