package dev.hornbeam.policy.universe;

/** What AWS puts in a request for a key derived from the caller. */
public sealed interface Derived {
  /** The key is not in the request. */
  record Absent() implements Derived {}

  /**
   * The key is in the request with a value AWS does not fix: a provider's claim such as {@code HOST:sub}
   * in a request from that provider ({@link IdentityProviders#sets}).
   */
  record Present() implements Derived {}

  /** The key has this single value. */
  record Value(String value) implements Derived {}

  /**
   * AWS does not document the value for this kind of caller: any value or none. Leaving it free can
   * only make more requests possible, so answers stay on the safe side (more PUBLIC, more FAIL).
   */
  record Free() implements Derived {}
}
