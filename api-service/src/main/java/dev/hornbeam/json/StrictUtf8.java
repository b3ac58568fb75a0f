package dev.hornbeam.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    Optional<String> bom = foreignBom(b, from, to);
    if (bom.isPresent()) {
      return Optional.of(new Violation(0, bom.get()));
    }
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return Optional.of(new Violation(i - from, nulRule(b, from, to)));
      }
    }
    CharsetDecoder decoder = decoder();
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

  private static CharsetDecoder decoder() {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The rule a UTF-16 or UTF-32 byte order mark at {@code b[from]} breaks; empty when there is none. */
  private static Optional<String> foreignBom(byte[] b, int from, int to) {
    int n = to - from;
    if (n >= 4 && b[from] == 0 && b[from + 1] == 0 && (b[from + 2] & 0xFF) == 0xFE && (b[from + 3] & 0xFF) == 0xFF
        || n >= 4 && (b[from] & 0xFF) == 0xFF && (b[from + 1] & 0xFF) == 0xFE && b[from + 2] == 0 && b[from + 3] == 0) {
      return Optional.of("a UTF-32 byte order mark; " + RFC);
    }
    if (n >= 2 && ((b[from] & 0xFF) == 0xFE && (b[from + 1] & 0xFF) == 0xFF || (b[from] & 0xFF) == 0xFF && (b[from + 1] & 0xFF) == 0xFE)) {
      return Optional.of("a UTF-16 byte order mark; " + RFC);
    }
    return Optional.empty();
  }

  /**
   * The rule a NUL byte breaks, naming the encoding the text looks like when its first four bytes have the
   * NUL pattern of UTF-16 or UTF-32 JSON text (RFC 4627 section 3: the first two characters are ASCII).
   */
  private static String nulRule(byte[] b, int from, int to) {
    String looks = "";
    if (to - from >= 4) {
      boolean z0 = b[from] == 0;
      boolean z1 = b[from + 1] == 0;
      boolean z2 = b[from + 2] == 0;
      boolean z3 = b[from + 3] == 0;
      looks = z0 && z1 && z2 && !z3 ? "UTF-32BE" : !z0 && z1 && z2 && z3 ? "UTF-32LE"
          : z0 && !z1 && z2 && !z3 ? "UTF-16BE" : !z0 && z1 && !z2 && z3 ? "UTF-16LE" : "";
    }
    return "a NUL byte: JSON text never holds an unescaped U+0000 (RFC 8259 section 7), and NUL bytes are how UTF-16 or UTF-32 "
        + "text looks" + (looks.isEmpty() ? "" : " (this text starts like " + looks + ")") + "; " + RFC;
  }

  /** The line (from 1) that byte {@code offset} of {@code b[from..]} is on: one more than the {@code \n} bytes before it. */
  public static long line(byte[] b, int from, long offset) {
    long line = 1;
    for (int i = from; i < from + offset && i < b.length; i++) {
      if (b[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Text read through {@link #checking} was refused: where (byte offset and line) and by which rule. */
  public static final class NotUtf8 extends IOException {
    private final Violation violation;
    private final long line;

    NotUtf8(Violation violation, long line) {
      super("line " + line + ", " + violation.describe(), null);
      this.violation = violation;
      this.line = line;
    }

    public Violation violation() {
      return violation;
    }

    /** The line (from 1) of the offending byte. */
    public long line() {
      return line;
    }
  }

  /**
   * A stream that passes bytes on only once they are known to be strict UTF-8 JSON text, by the rules of
   * {@link #check}: a stream that breaks one throws {@link NotUtf8} from {@code read} before any byte of the
   * chunk holding the offence is passed on, so that a parser reading it (which would guess UTF-16 or UTF-32,
   * or decode invalid UTF-8 leniently) never sees text that is not UTF-8. A UTF-8 byte order mark at the
   * start is passed on (parsers skip it).
   */
  public static InputStream checking(InputStream in) {
    return new Checking(in);
  }

  private static final class Checking extends FilterInputStream {
    private final CharsetDecoder decoder = decoder();
    private final CharBuffer chars = CharBuffer.allocate(8192);
    /** The start of a multi-byte sequence that the last chunk ended inside, checked with the next. */
    private byte[] carry = new byte[0];
    /** The offset and line of {@code carry[0]} (of the next byte, when there is no carry). */
    private long offset;
    private long line = 1;
    /** The first four bytes (fewer in a shorter stream), read and checked before anything is passed on. */
    private byte[] head;
    private int headGiven;

    Checking(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n;
      while ((n = read(one, 0, 1)) == 0) {
        // a stream that reads nothing blocks; ask again
      }
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (head == null) {
        // The first four bytes are checked together, however the stream splits them: they tell a byte
        // order mark and the NUL pattern of UTF-16 and UTF-32 text.
        head = in.readNBytes(4);
        check(head, 0, head.length);
      }
      if (headGiven < head.length) {
        int n = Math.min(len, head.length - headGiven);
        System.arraycopy(head, headGiven, b, off, n);
        headGiven += n;
        return n;
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        if (carry.length > 0) {
          throw new NotUtf8(new Violation(offset, rule(carry, 0, carry.length)), line);
        }
        return n;
      }
      check(b, off, n);
      return n;
    }

    /** Checks the next {@code n} bytes of the stream, {@code b[off..off+n)}, after the carry. */
    private void check(byte[] b, int off, int n) throws NotUtf8 {
      byte[] chunk = new byte[carry.length + n];
      System.arraycopy(carry, 0, chunk, 0, carry.length);
      System.arraycopy(b, off, chunk, carry.length, n);
      boolean start = offset == 0;
      if (start) {
        Optional<String> bom = foreignBom(chunk, 0, chunk.length);
        if (bom.isPresent()) {
          throw new NotUtf8(new Violation(0, bom.get()), 1);
        }
      }
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] == 0) {
          throw fail(chunk, i, nulRule(chunk, 0, start ? chunk.length : 0)); // the encoding's name only from the start
        }
      }
      ByteBuffer bytes = ByteBuffer.wrap(chunk);
      while (true) {
        CoderResult r = decoder.decode(bytes, chars, false);
        chars.clear();
        if (r.isError()) {
          throw fail(chunk, bytes.position(), rule(chunk, bytes.position(), chunk.length));
        }
        if (r.isUnderflow()) {
          break;
        }
      }
      int done = bytes.position();
      line += line(chunk, 0, done) - 1;
      offset += done;
      carry = java.util.Arrays.copyOfRange(chunk, done, chunk.length);
    }

    private NotUtf8 fail(byte[] chunk, int at, String rule) {
      return new NotUtf8(new Violation(offset + at, rule), line(chunk, 0, at) - 1 + line);
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
      int read = buffer.length == 0 ? 0 : read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public synchronized void mark(int limit) {
      // not supported: every byte is checked once, in order
    }

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("mark/reset not supported");
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
