package dev.hornbeam.smt.api;

import java.util.regex.Pattern;

/**
 * Variable names: SMT-LIB simple symbols of the characters the encoder uses ({@code st0.matches},
 * {@code k3.str0}, {@code p.partition}). No policy text ever becomes a name, so a name needs no quoting.
 */
final class Names {
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.!-]*");

  private Names() {}

  static void check(String name) {
    if (name == null || !SIMPLE.matcher(name).matches()) {
      throw new IllegalArgumentException("not a simple symbol: " + name);
    }
  }
}
