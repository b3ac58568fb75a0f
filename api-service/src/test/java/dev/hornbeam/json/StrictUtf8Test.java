package dev.hornbeam.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link StrictUtf8#checking}: the same verdicts as {@link StrictUtf8#check} however the bytes are split into reads. */
class StrictUtf8Test {
  /** A stream that gives at most {@code n} bytes per read, so multi-byte sequences are split across reads. */
  private static InputStream trickle(byte[] b, int n) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        return super.read(buffer, off, Math.min(n, len));
      }
    };
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[7];
    for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void validTextPassesUnchangedWhateverTheReadSizes() throws Exception {
    byte[] text = ("\uFEFF{\"a\": \"é€😀\",\n \"b\": [\"ü\"]}\n").getBytes(StandardCharsets.UTF_8);
    for (int n = 1; n <= 8; n++) {
      assertArrayEquals(text, readAll(StrictUtf8.checking(trickle(text, n))), "reads of " + n);
    }
  }

  @Test
  void aViolationIsReportedAtTheSameOffsetAsCheckWithItsLine() throws Exception {
    byte[][] cases = {
        bytes("{\"a\":\n\"x", new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}"),              // a lead byte without its continuation
        bytes("{\"a\":\n\n\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"), // an encoded surrogate
        bytes("{\"a\":\"", new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, ""),        // cut off by the end
        bytes("{\"a\":\"\n", new byte[] {0}, "\"}"),                                        // a NUL byte
        "{}".getBytes(StandardCharsets.UTF_16),                                            // a UTF-16 byte order mark
        "{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE)};
    for (byte[] c : cases) {
      StrictUtf8.Violation expected = StrictUtf8.check(c).orElseThrow();
      for (int n = 1; n <= 8; n++) {
        int size = n;
        StrictUtf8.NotUtf8 e = assertThrows(StrictUtf8.NotUtf8.class, () -> readAll(StrictUtf8.checking(trickle(c, size))));
        assertEquals(expected, e.violation(), "reads of " + n);
        assertEquals(StrictUtf8.line(c, 0, expected.offset()), e.line(), "reads of " + n);
      }
    }
    assertEquals(Optional.empty(), StrictUtf8.check("{}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(StrictUtf8.check("{\"a\": 1}".getBytes(StandardCharsets.UTF_16BE)).orElseThrow().rule().contains("starts like UTF-16BE"));
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
