package dev.hornbeam.policy.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict hand parsers for IP addresses and CIDR blocks (no DNS: never {@code InetAddress.getByName}),
 * for the IpAddress / NotIpAddress operators (IAM User Guide, "IAM JSON policy elements: Condition
 * operators", IP address condition operators: values are in standard CIDR notation, IPv4 or IPv6; an
 * address written without a routing prefix gets the default prefix /32).
 *
 * <p>IPv4: exactly four dot-separated decimal parts, each 1–3 ASCII digits, value at most 255, no
 * leading zero (so {@code 010.0.0.1} is rejected rather than read as octal or decimal). IPv6: RFC 4291
 * section 2.2 text forms: eight groups of 1–4 hex digits, or fewer with exactly one {@code ::} standing
 * for one or more zero groups, optionally ending in an embedded dotted-quad IPv4 address that stands for
 * the last two groups. No zone ids ({@code %eth0}). An address is 4 bytes (IPv4) or 16 bytes (IPv6);
 * the two families never match each other, so {@code ::ffff:1.2.3.4} is an IPv6 address.
 */
public final class Cidrs {
  private Cidrs() {}

  /** A parsed CIDR block; only the first {@code prefixLength} bits of {@code address} matter. */
  public record Cidr(byte[] address, int prefixLength) {}

  /** An address with a prefix ({@code 10.0.0.0/8}) or without one (then /32 or /128). */
  public static Optional<Cidr> parseCidr(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    Optional<byte[]> address = parseAddress(addressText);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    if (slash < 0) {
      return Optional.of(new Cidr(address.get(), bits));
    }
    int prefix = parseSmallDecimal(text.substring(slash + 1), bits);
    return prefix < 0 ? Optional.empty() : Optional.of(new Cidr(address.get(), prefix));
  }

  /** Whether {@code address} lies in the block: same family and the first prefix bits agree. */
  public static boolean contains(Cidr cidr, byte[] address) {
    if (cidr.address().length != address.length) {
      return false; // IPv4 never matches IPv6, nor the other way round
    }
    for (int bit = 0; bit < cidr.prefixLength(); bit++) {
      if (bit(cidr.address(), bit) != bit(address, bit)) {
        return false;
      }
    }
    return true; // host bits (after the prefix) are ignored, i.e. masked off
  }

  private static int bit(byte[] bytes, int index) {
    return (bytes[index / 8] >> (7 - index % 8)) & 1;
  }

  /** A bare address (no prefix): 4 bytes for IPv4, 16 for IPv6. */
  public static Optional<byte[]> parseAddress(String text) {
    byte[] bytes = text.indexOf(':') < 0 ? parseIpv4(text) : parseIpv6(text);
    return Optional.ofNullable(bytes);
  }

  private static byte[] parseIpv4(String text) {
    List<String> parts = split(text, '.');
    if (parts.size() != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = parseSmallDecimal(parts.get(i), 255);
      if (value < 0) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static byte[] parseIpv6(String text) {
    int doubleColon = text.indexOf("::");
    List<Integer> groups;
    if (doubleColon < 0) {
      groups = parseGroups(text, true);
      if (groups == null || groups.size() != 8) {
        return null;
      }
    } else {
      if (text.indexOf("::", doubleColon + 1) >= 0) {
        return null; // "::" at most once (this also rejects ":::")
      }
      String headText = text.substring(0, doubleColon);
      String tailText = text.substring(doubleColon + 2);
      List<Integer> head = headText.isEmpty() ? List.of() : parseGroups(headText, false);
      List<Integer> tail = tailText.isEmpty() ? List.of() : parseGroups(tailText, true);
      if (head == null || tail == null || head.size() + tail.size() > 7) {
        return null; // "::" stands for at least one zero group
      }
      groups = new ArrayList<>(head);
      for (int i = head.size() + tail.size(); i < 8; i++) {
        groups.add(0);
      }
      groups.addAll(tail);
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (groups.get(i) >> 8);
      bytes[2 * i + 1] = (byte) (int) groups.get(i);
    }
    return bytes;
  }

  /**
   * Colon-separated 16-bit groups; when {@code ipv4Last}, the last group may be a dotted quad, which
   * counts as two groups. Null when malformed.
   */
  private static List<Integer> parseGroups(String text, boolean ipv4Last) {
    List<String> parts = split(text, ':');
    List<Integer> groups = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (ipv4Last && i == parts.size() - 1 && part.indexOf('.') >= 0) {
        byte[] v4 = parseIpv4(part);
        if (v4 == null) {
          return null;
        }
        groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
      } else {
        int group = parseHexGroup(part);
        if (group < 0) {
          return null;
        }
        groups.add(group);
      }
    }
    return groups;
  }

  /** 1–4 ASCII hex digits, or -1. */
  private static int parseHexGroup(String text) {
    if (text.isEmpty() || text.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = hexDigit(text.charAt(i));
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** 1–3 ASCII decimal digits without a leading zero (except "0" itself), at most {@code max}; or -1. */
  private static int parseSmallDecimal(String text, int max) {
    if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? value : -1;
  }

  /** Splits on every {@code separator}, keeping empty parts (unlike {@link String#split}). */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
