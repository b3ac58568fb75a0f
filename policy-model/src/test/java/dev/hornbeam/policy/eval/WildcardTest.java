package dev.hornbeam.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The glob matcher and ARN field splitting on their own. */
class WildcardTest {

  @Test
  void starMatchesEmptyAndAnything() {
    assertTrue(Wildcard.matches("*", "", false));
    assertTrue(Wildcard.matches("a*", "a", false));
    assertTrue(Wildcard.matches("a*c", "abbbc", false));
    assertFalse(Wildcard.matches("a*c", "abbb", false));
    assertTrue(Wildcard.matches("**", "x", false));
  }

  @Test
  void questionMarkMatchesExactlyOneCodePoint() {
    assertFalse(Wildcard.matches("?", "", false));
    assertTrue(Wildcard.matches("?", "x", false));
    assertFalse(Wildcard.matches("?", "xy", false));
    assertTrue(Wildcard.matches("?", "\uD83D\uDE00", false));
    assertTrue(Wildcard.matches("?", "\uD800", false)); // a lone surrogate is one code point
  }

  @Test
  void backtrackingAfterAPartialMatch() {
    assertTrue(Wildcard.matches("*ab", "aab", false));
    assertTrue(Wildcard.matches("a*b?d", "axxbbcd", false));
    assertFalse(Wildcard.matches("a*b?d", "axxbd", false));
  }

  @Test
  void literalSegmentsTreatStarAndQuestionMarkAsCharacters() {
    assertTrue(Wildcard.matches(Wildcard.literal("a*"), "a*", false));
    assertFalse(Wildcard.matches(Wildcard.literal("a*"), "ab", false));
    assertFalse(Wildcard.matches(Wildcard.literal("?"), "x", false));
  }

  @Test
  void asciiCaseFoldingOnly() {
    assertTrue(Wildcard.matches("ABC", "abc", true));
    assertFalse(Wildcard.matches("ABC", "abc", false));
    assertFalse(Wildcard.matches("\u00C9", "\u00E9", true)); // É vs é: not ASCII
    assertTrue(Wildcard.equalsIgnoreAsciiCase("TrUe", "true"));
    assertFalse(Wildcard.equalsIgnoreAsciiCase("fal\u017Fe", "false")); // long s
  }

  @Test
  void pathologicalPatternIsNotExponential() {
    String text = "a".repeat(20_000);
    String pattern = "*a".repeat(30) + "b";
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertFalse(Wildcard.matches(pattern, text, false)));
  }

  @Test
  void arnFieldsSplitOnFirstFiveColons() {
    assertEquals(List.of("arn", "aws", "s3", "", "", "bucket/a:b:c"), Arns.fields("arn:aws:s3:::bucket/a:b:c"));
    assertNull(Arns.fields("arn:aws:s3::bucket"));
    assertEquals(List.of("", "", "", "", "", ""), Arns.fields(":::::"));
  }
}
