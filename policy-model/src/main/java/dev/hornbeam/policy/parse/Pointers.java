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

  /** Whether {@code pointer} names a value inside {@code tree} (used by tests and diagnostics). */
  static boolean resolves(Json tree, String pointer) {
    if (pointer.isEmpty()) {
      return true;
    }
    if (!pointer.startsWith("/")) {
      return false;
    }
    Json at = tree;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (at instanceof Json.JObject o && o.members().containsKey(token)) {
        at = o.members().get(token);
      } else if (at instanceof Json.JArray a && token.matches("\\d+") && Integer.parseInt(token) < a.items().size()) {
        at = a.items().get(Integer.parseInt(token));
      } else {
        return false;
      }
    }
    return true;
  }
}
