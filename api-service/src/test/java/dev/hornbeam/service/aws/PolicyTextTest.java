package dev.hornbeam.service.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths and spans of JSON pointers in a policy's text (ValidatePolicy's Location). */
class PolicyTextTest {
  static String at(String text, String pointer) {
    PolicyText.Place p = PolicyText.locate(text, pointer);
    return text.substring(p.start(), p.end());
  }

  @Test
  void spansCoverTheValueExactly() {
    String t = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\\\"b\",\"Effect\":\"Deny\",\"Action\":[\"s3:Get*\",  \"s3:Put*\"],"
        + "\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":10}},\"Resource\":\"*\",\"a/b~c\":true}]}";
    assertEquals("\"a\\\"b\"", at(t, "/Statement/0/Sid"));
    assertEquals("\"s3:Put*\"", at(t, "/Statement/0/Action/1"));
    assertEquals("[\"s3:Get*\",  \"s3:Put*\"]", at(t, "/Statement/0/Action"));
    assertEquals("10", at(t, "/Statement/0/Condition/NumericLessThan/s3:max-keys"));
    assertEquals("true", at(t, "/Statement/0/a~1b~0c"));
    assertEquals(t, at(t, ""));
    assertEquals(t.substring(t.indexOf("{\"Sid"), t.length() - 2), at(t, "/Statement/0"));
  }

  @Test
  void aMissingMemberIsLocatedAtTheValueThatWouldHoldIt() {
    String t = "{\"Statement\":[{\"Effect\":\"Allow\"}]}";
    PolicyText.Place p = PolicyText.locate(t, "/Statement/0/Principal");
    assertEquals(List.of(new PolicyText.Step(null, "Statement"), new PolicyText.Step(0, null)), p.path());
    assertEquals("{\"Effect\":\"Allow\"}", t.substring(p.start(), p.end()));
    assertEquals("[{\"Effect\":\"Allow\"}]", at(t, "/Statement/7"));
  }

  @Test
  void notJsonIsTheWholeDocument() {
    PolicyText.Place p = PolicyText.locate("{\"Statement\": [", "/Statement/0");
    assertEquals(List.of(), p.path());
    assertEquals(0, p.start());
    assertEquals(15, p.end());
  }

  @Test
  void linesColumnsAndOffsetsCountUtf16UnitsFromLineOneColumnZero() {
    // é is one UTF-16 unit, 😀 two; \r\n and a lone \r each end one line.
    String t = "{\"Sid\":\"é😀\",\r\n\"Effect\":\r\"Allow\"}";
    int effect = t.indexOf("\"Allow\"");
    assertArrayEquals(new int[] {3, 0, effect}, PolicyText.position(t, effect));
    assertArrayEquals(new int[] {1, 8, 8}, PolicyText.position(t, 8));
    assertArrayEquals(new int[] {2, 0, t.indexOf("\"Effect\"")}, PolicyText.position(t, t.indexOf("\"Effect\"")));
    assertEquals("\"é😀\"", at(t, "/Sid"));
    AccessAnalyzerShapes.Location l = AccessAnalyzerShapes.location(t, "/Effect");
    assertEquals(List.of(Map.of("value", "Effect")), l.path());
    assertEquals(new AccessAnalyzerShapes.Position(3, 7, effect + 7), l.span().end());
  }
}
