package dev.hornbeam.bench;

/** RFC 4180 fields. */
final class Csv {
  private Csv() {}

  static String field(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
