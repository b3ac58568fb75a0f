package dev.hornbeam.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON text exchanged between systems must be UTF-8 (RFC 8259 section 8.1). Request bodies and NDJSON
 * lines are checked here before any JSON parser sees them, with a strict decoder
 * ({@link CodingErrorAction#REPORT}: the JDK's UTF-8 decoder rejects overlong forms, encoded surrogates
 * and code points above U+10FFFF, RFC 3629 section 3), so that a parser's own, more lenient decoding or
 * its guess at UTF-16 / UTF-32 never decides what a request says.
 *
 * <ul>
 *   <li>A UTF-8 byte order mark at the very start is accepted and skipped ({@link #bomLength}): RFC 8259
 *       section 8.1 lets a parser ignore it, and it carries no meaning. UTF-16 and UTF-32 byte order marks
 *       are refused.
 *   <li>A NUL byte is refused: JSON never holds an unescaped U+0000 (RFC 8259 section 7), and NUL bytes
 *       are what UTF-16 and UTF-32 text looks like when read as bytes.
 *   <li>An escaped lone surrogate ({@code "\ud800"}) is well-formed JSON but no Unicode text (RFC 8259
 *       section 8.2): {@link #unpairedSurrogate} finds it, and the readers refuse it.
 * </ul>
 */
public final class StrictUtf8 {
  private static final String RFC = "JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1)";

  private StrictUtf8() {}

  /** Why the bytes are not accepted, and where (the offset of the first offending byte). */
  public record Violation(long offset, String rule) {
    /** "byte offset 12: an overlong encoding ..." */
    public String describe() {
      return "byte offset " + offset + ": " + rule;
    }
  }

  /** 3 when {@code b[from..]} starts with the UTF-8 byte order mark EF BB BF, else 0. */
  public static int bomLength(byte[] b, int from, int to) {
    return to - from >= 3 && (b[from] & 0xFF) == 0xEF && (b[from + 1] & 0xFF) == 0xBB && (b[from + 2] & 0xFF) == 0xBF ? 3 : 0;
  }

  /** {@link #check(byte[], int, int)} over the whole array. */
  public static Optional<Violation> check(byte[] b) {
    return check(b, 0, b.length);
  }

  /**
   * The first reason {@code b[from..to)} is not strict UTF-8 JSON text, with its offset counted from
   * {@code from}; empty when it is. A leading UTF-8 byte order mark is allowed.
   */
  public static Optional<Violation> check(byte[] b, int from, int to) {
    int n = to - from;
    if (n >= 4 && b[from] == 0 && b[from + 1] == 0 && (b[from + 2] & 0xFF) == 0xFE && (b[from + 3] & 0xFF) == 0xFF
        || n >= 4 && (b[from] & 0xFF) == 0xFF && (b[from + 1] & 0xFF) == 0xFE && b[from + 2] == 0 && b[from + 3] == 0) {
      return Optional.of(new Violation(0, "a UTF-32 byte order mark; " + RFC));
    }
    if (n >= 2 && ((b[from] & 0xFF) == 0xFE && (b[from + 1] & 0xFF) == 0xFF || (b[from] & 0xFF) == 0xFF && (b[from + 1] & 0xFF) == 0xFE)) {
      return Optional.of(new Violation(0, "a UTF-16 byte order mark; " + RFC));
    }
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return Optional.of(new Violation(i - from, "a NUL byte: JSON text never holds an unescaped U+0000 (RFC 8259 section 7), "
            + "and NUL bytes are how UTF-16 or UTF-32 text looks; " + RFC));
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, from, n);
    CharBuffer out = CharBuffer.allocate(Math.min(Math.max(n, 16), 8192));
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      if (r.isError()) {
        return Optional.of(new Violation(in.position() - from, rule(b, in.position(), to)));
      }
      r = decoder.flush(out);
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      return Optional.empty();
    }
  }

  /** Names the rule that the sequence at {@code b[i]} (which the strict decoder refused) breaks. */
  static String rule(byte[] b, int i, int to) {
    int lead = b[i] & 0xFF;
    int next = i + 1 < to ? b[i + 1] & 0xFF : -1;
    String rule;
    if (lead >= 0x80 && lead <= 0xBF) {
      rule = "a continuation byte (0x" + hex(lead) + ") without a lead byte";
    } else if (lead == 0xC0 || lead == 0xC1 || lead == 0xE0 && next >= 0x80 && next <= 0x9F
        || lead == 0xF0 && next >= 0x80 && next <= 0x8F) {
      rule = "an overlong encoding (lead byte 0x" + hex(lead) + "): a character must take its shortest form (RFC 3629 section 3)";
    } else if (lead == 0xED && next >= 0xA0 && next <= 0xBF) {
      rule = "an encoded UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 never holds (RFC 3629 section 3)";
    } else if (lead == 0xF4 && next >= 0x90 && next <= 0xBF || lead >= 0xF5 && lead <= 0xF7) {
      rule = "a code point above U+10FFFF (RFC 3629 section 3)";
    } else if (lead >= 0xF8) {
      rule = "the byte 0x" + hex(lead) + ", which UTF-8 never uses";
    } else {
      int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      boolean atEnd = true;
      for (int k = 1; k < need; k++) {
        if (i + k < to && (b[i + k] & 0xC0) != 0x80) {
          atEnd = false;
          break;
        }
      }
      rule = atEnd && i + need > to ? "a multi-byte sequence cut off by the end of the text"
          : "a lead byte (0x" + hex(lead) + ") not followed by its " + (need - 1) + " continuation byte" + (need == 2 ? "" : "s");
    }
    return "not UTF-8: " + rule + "; " + RFC;
  }

  private static String hex(int b) {
    return String.format("%02X", b);
  }

  /** The index of the first unpaired UTF-16 surrogate in {@code s} (an escaped {@code "\ud800"}), or -1. */
  public static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** The rule an unpaired surrogate at {@code index} of {@code s} breaks, for messages. */
  public static String surrogateRule(String s, int index) {
    return "an unpaired UTF-16 surrogate (\\u" + String.format("%04x", (int) s.charAt(index))
        + ") is no Unicode character and cannot be written as UTF-8 (RFC 8259 section 8.2)";
  }
}
