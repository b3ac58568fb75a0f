package dev.hornbeam.service.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 …}) against one secret
 * access key, as AWS's "Create a signed AWS API request" (IAM User Guide) describes it: the canonical
 * request (method, URI path, sorted query, the signed headers, the payload's SHA-256), the string to sign
 * and the key derived from the secret, date, region and service. Hornbeam uses the configured token as
 * the secret (any access key id): the AWS SDKs and CLI sign with it unchanged, and the token never travels.
 * {@code x-amz-date} must be within 15 minutes of now, as AWS requires.
 */
public final class SigV4 {
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*SignedHeaders=([a-z0-9;_.-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration SKEW = Duration.ofMinutes(15);

  private SigV4() {}

  /** Whether {@code authorization} looks like a SigV4 header (then it is verified, never ignored). */
  public static boolean isSigV4(String authorization) {
    return authorization != null && authorization.startsWith("AWS4-HMAC-SHA256");
  }

  /**
   * Why the request's signature is not valid for {@code secret}; empty when it is.
   *
   * @param rawPath the request path as sent (still percent-encoded)
   * @param rawQuery the query as sent, or null
   * @param header a request header's values joined by {@code ,}, or null (name in lower case)
   */
  public static Optional<String> problem(String method, String rawPath, String rawQuery, Function<String, String> header, byte[] body,
      byte[] secret, Instant now) {
    String authorization = header.apply("authorization");
    Matcher m = authorization == null ? null : AUTH.matcher(authorization);
    if (m == null || !m.matches()) {
      return Optional.of("the Authorization header is not an AWS4-HMAC-SHA256 signature");
    }
    String date = m.group(2);
    String region = m.group(3);
    String service = m.group(4);
    List<String> signed = List.of(m.group(5).split(";"));
    String amzDate = header.apply("x-amz-date");
    if (amzDate == null || !amzDate.startsWith(date)) {
      return Optional.of("x-amz-date is missing or does not match the credential's date");
    }
    try {
      Instant at = Instant.from(AMZ_DATE.parse(amzDate));
      if (Duration.between(at, now).abs().compareTo(SKEW) > 0) {
        return Optional.of("the signature's time x-amz-date is more than 15 minutes from the server's time");
      }
    } catch (DateTimeParseException e) {
      return Optional.of("x-amz-date is not a time such as 20150830T123600Z");
    }
    if (!signed.contains("host")) {
      return Optional.of("the signature must sign the host header");
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append(canonicalPath(rawPath)).append('\n')
        .append(query(rawQuery)).append('\n');
    for (String name : signed) {
      String value = header.apply(name);
      if (value == null) {
        return Optional.of("signed header " + name + " is missing");
      }
      canonical.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n');
    }
    String payload = header.apply("x-amz-content-sha256");
    if (payload == null || !payload.matches("[0-9a-f]{64}|UNSIGNED-PAYLOAD")) {
      payload = hex(sha256(body));
    } else if (payload.length() == 64 && !payload.equals(hex(sha256(body)))) {
      return Optional.of("x-amz-content-sha256 is not the SHA-256 of the body");
    }
    canonical.append('\n').append(String.join(";", signed)).append('\n').append(payload);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = ("AWS4" + new String(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(date, region, service, "aws4_request")) {
      key = hmac(key, part);
    }
    byte[] expected = hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("the request signature does not match: sign with the service's token as the secret access key");
    }
    return Optional.empty();
  }

  /** The canonical URI: each segment of the path as sent, URI-encoded again (all services but S3). */
  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> out = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      out.add(encode(segment));
    }
    return String.join("/", out);
  }

  /** The canonical query string: parameters sorted by name then value, each RFC 3986-encoded. */
  static String query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      pairs.add(new String[] {encode(name), encode(value)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> out = new ArrayList<>();
    for (String[] p : pairs) {
      out.add(p[0] + "=" + p[1]);
    }
    return String.join("&", out);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986: unreserved characters as they are, every other byte as %XX (upper case). */
  static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append(c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
