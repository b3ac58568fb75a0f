package dev.hornbeam.json;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * An object or array taken out of JSON text as its exact bytes, so that a policy given as a JSON object
 * reaches the policy parser as it was written (duplicate keys and number text stay the parser's business).
 * Shared by the HTTP request envelope and the audit's NDJSON reader.
 */
public final class JsonBytes {
  private JsonBytes() {}

  /** Walks a parser from a value's start token to its end token. */
  @FunctionalInterface
  public interface Walk {
    void over(JsonParser p) throws IOException;
  }

  /**
   * The exact bytes of the object or array whose start token {@code p} (created over {@code source}) is on,
   * leaving {@code p} on its end token.
   */
  public static byte[] value(JsonParser p, byte[] source) throws IOException {
    return value(p, source, JsonParser::skipChildren);
  }

  /** As {@link #value(JsonParser, byte[])}, {@code walk} taking the parser to the value's end token (checking what it passes). */
  public static byte[] value(JsonParser p, byte[] source, Walk walk) throws IOException {
    long from = p.currentTokenLocation().getByteOffset();
    walk.over(p);
    long to = p.currentLocation().getByteOffset();
    if (from < 0 || to < from || to > source.length) {
      // Only a parser over the bytes themselves (UTF-8, checked by StrictUtf8 first) has byte offsets.
      throw new IOException("the text is not UTF-8 JSON");
    }
    return Arrays.copyOfRange(source, (int) from, (int) to);
  }
}
