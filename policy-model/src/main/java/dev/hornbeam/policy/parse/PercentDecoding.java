package dev.hornbeam.policy.parse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986 section 2.1) of a policy IAM returns URL-encoded: IAM API Reference,
 * "Role" data type, AssumeRolePolicyDocument, "URL-encoded compliant with RFC 3986". As Python's
 * {@code urllib.parse.unquote}, which AWS's own AWS Config rule uses on it, and unlike
 * {@code java.net.URLDecoder}, {@code +} stays {@code +} (form encoding is not RFC 3986). Unlike
 * {@code unquote}, nothing is guessed: a {@code %} without two hexadecimal digits, bytes that are not UTF-8,
 * a character that is not printable ASCII, or a literal <code>{</code> (JSON text that was never encoded, which
 * decoding could change wherever it holds a {@code %}) is refused.
 */
public final class PercentDecoding {
  private PercentDecoding() {}

  /** Why a text cannot be decoded. */
  public static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  public static String decode(String s) throws Malformed {
    if (s.indexOf('{') >= 0) {
      throw new Malformed("it holds a literal '{' at character " + s.indexOf('{') + ": JSON text that is not URL-encoded");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new Malformed("'%' at character " + i + " is not followed by two hexadecimal digits");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7F) {
        bytes.write(c);
      } else {
        // RFC 3986 text is printable ASCII; anything else (a space, a control or non-ASCII character, an
        // unpaired surrogate that would silently become '?') was never encoded as IAM encodes.
        throw new Malformed(String.format("character %d (U+%04X) is not printable ASCII, which URL-encoded text is", i, (int) c));
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new Malformed("the decoded bytes are not UTF-8");
    }
  }
}
