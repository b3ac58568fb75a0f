package dev.hornbeam.policy.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/** Syntax of typed condition values. Each method returns {@code null} for text of the wrong shape. */
final class ValueSyntax {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern EPOCH = Pattern.compile("-?\\d{1,12}");

  private ValueSyntax() {}

  static BigDecimal decimal(String s) {
    return s.length() <= 100 && DECIMAL.matcher(s).matches() ? new BigDecimal(s) : null;
  }

  /** ISO 8601 (with or without zone; date only = midnight UTC) or integer epoch seconds. */
  static Instant date(String s) {
    if (EPOCH.matcher(s).matches()) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // not this form; try the next
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not this form; try the next
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** An IPv4 or IPv6 block; {@code bits} 32 or 128. */
  record Cidr(BigInteger address, int prefix, int bits) {
    boolean hostBitsSet() {
      return !address.equals(network());
    }

    BigInteger network() {
      BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
          .shiftRight(prefix).not();
      return address.and(mask).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    String canonical() {
      return (bits == 32 ? v4Text(network()) : network().toString(16) + " (hex)") + "/" + prefix;
    }

    private static String v4Text(BigInteger a) {
      long v = a.longValue();
      return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
  }

  /** A CIDR block; a bare address is /32 or /128. */
  static Cidr cidr(String s) {
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    BigInteger v4 = ipv4(addr);
    BigInteger v6 = v4 == null ? ipv6(addr) : null;
    if (v4 == null && v6 == null) {
      return null;
    }
    int bits = v4 != null ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        return null;
      }
      prefix = Integer.parseInt(p);
    }
    return new Cidr(v4 != null ? v4 : v6, prefix, bits);
  }

  static BigInteger ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    long v = 0;
    for (String part : parts) {
      if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
        return null;
      }
      v = v * 256 + Integer.parseInt(part);
    }
    return BigInteger.valueOf(v);
  }

  /** RFC 4291 section 2.2 text forms, including {@code ::} and a trailing dotted IPv4 part. */
  static BigInteger ipv6(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    java.util.List<Integer> h = groups(head, dbl < 0);
    java.util.List<Integer> t = dbl >= 0 ? groups(tail, true) : java.util.List.of();
    if (h == null || t == null) {
      return null;
    }
    int count = h.size() + t.size();
    if (dbl < 0 ? count != 8 : count > 7) {
      return null;
    }
    BigInteger v = BigInteger.ZERO;
    for (int g : h) {
      v = v.shiftLeft(16).add(BigInteger.valueOf(g));
    }
    v = v.shiftLeft(16 * (8 - count));
    for (int g : t) {
      v = v.shiftLeft(16).add(BigInteger.valueOf(g));
    }
    return v;
  }

  /** 16-bit groups of one side of {@code ::}; the last group may be dotted IPv4 (two groups). */
  private static java.util.List<Integer> groups(String side, boolean mayEndWithV4) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    if (side.isEmpty()) {
      return out;
    }
    String[] parts = side.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && mayEndWithV4 && part.contains(".")) {
        BigInteger v4 = ipv4(part);
        if (v4 == null) {
          return null;
        }
        out.add(v4.intValue() >>> 16);
        out.add(v4.intValue() & 0xffff);
      } else if (part.matches("[0-9A-Fa-f]{1,4}")) {
        out.add(Integer.parseInt(part, 16));
      } else {
        return null;
      }
    }
    return out;
  }
}
