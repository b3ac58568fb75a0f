package dev.hornbeam.policy.eval;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Base64;
import java.util.Optional;

/**
 * Parsers for the typed condition values: numbers, dates, booleans and base64. The validator uses
 * them too, so that what it accepts is exactly what the evaluator can read. Each returns
 * {@link Optional#empty()} for text it does not accept; none throws.
 */
public final class TypedValues {
  private TypedValues() {}

  /**
   * A decimal number: optional {@code +}/{@code -}, one or more ASCII digits, optionally {@code .} and
   * one or more ASCII digits. No exponent, no spaces, no {@code .5} or {@code 5.}. Exact (no rounding),
   * so {@code 1.2} equals {@code 1.20} under {@link BigDecimal#compareTo}.
   */
  public static Optional<BigDecimal> parseDecimal(String text) {
    int i = 0;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int digits = countDigits(text, i);
    if (digits == 0) {
      return Optional.empty();
    }
    i += digits;
    if (i < text.length() && text.charAt(i) == '.') {
      int fraction = countDigits(text, i + 1);
      if (fraction == 0) {
        return Optional.empty();
      }
      i += 1 + fraction;
    }
    if (i != text.length()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text)); // cannot fail: the syntax was checked above
  }

  private static int countDigits(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  /** {@code 2020-01-01}, optionally {@code T12:00}, {@code :30}, {@code .123}, then optionally Z/offset. */
  private static final DateTimeFormatter ISO_DATE_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  /**
   * A point in time (IAM User Guide, "Condition operators", date condition operators: W3C ISO 8601 date
   * formats, or epoch (UNIX) time in seconds). Accepted: an optionally signed integer of epoch seconds;
   * or {@code YYYY-MM-DD} (midnight UTC), optionally followed by {@code Thh:mm}, optional {@code :ss}
   * and fraction, then optionally {@code Z} or an offset {@code +hh:mm}; no offset means UTC.
   */
  public static Optional<Instant> parseDate(String text) {
    Optional<Instant> epoch = parseEpochSeconds(text);
    if (epoch.isPresent()) {
      return epoch;
    }
    TemporalAccessor parsed;
    try {
      parsed = ISO_DATE_TIME.parse(text);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    LocalTime time = parsed.query(TemporalQueries.localTime());
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
    return Optional.of(local.toInstant(offset == null ? ZoneOffset.UTC : offset));
  }

  private static Optional<Instant> parseEpochSeconds(String text) {
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    if (text.length() == start || countDigits(text, start) != text.length() - start) {
      return Optional.empty();
    }
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Optional.empty(); // more than a long holds
    }
    try {
      return Optional.of(Instant.ofEpochSecond(seconds));
    } catch (DateTimeException e) {
      return Optional.empty(); // beyond Instant.MIN / Instant.MAX
    }
  }

  /** {@code true} or {@code false}, ignoring ASCII case only. */
  public static Optional<Boolean> parseBool(String text) {
    if (Wildcard.equalsIgnoreAsciiCase(text, "true")) {
      return Optional.of(true);
    }
    if (Wildcard.equalsIgnoreAsciiCase(text, "false")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /**
   * Base64 (RFC 4648 section 4, standard alphabet): length a multiple of 4, padding {@code =} only at the
   * end and at most two of it; no whitespace. The empty string is the empty byte array. Bits left over in
   * the last character are ignored (as {@link Base64.Decoder} does), so equality is on decoded bytes.
   */
  public static Optional<byte[]> decodeBase64(String text) {
    if (text.length() % 4 != 0) {
      return Optional.empty();
    }
    int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    for (int i = 0; i < text.length() - padding; i++) {
      if (!isBase64Char(text.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(Base64.getDecoder().decode(text)); // cannot fail: the syntax was checked above
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/';
  }
}
