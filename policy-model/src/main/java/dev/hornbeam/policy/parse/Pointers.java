package dev.hornbeam.policy.parse;

/** RFC 6901 JSON pointer helpers. */
public final class Pointers {
  private Pointers() {}

  /** Escapes one reference token: {@code ~} → {@code ~0}, {@code /} → {@code ~1}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** {@code base + "/" + escape(token)}. */
  public static String child(String base, String token) {
    return base + "/" + escape(token);
  }

  public static String child(String base, int index) {
    return base + "/" + index;
  }
}
