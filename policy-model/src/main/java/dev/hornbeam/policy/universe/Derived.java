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
   * The key is absent or has exactly this single value: a CloudFront origin access identity's
   * aws:PrincipalArn (its own ARN, docs/semantics.md "Who can call").
   */
  record AbsentOr(String value) implements Derived {}

  /**
   * The key is absent or has any single value but a 12-digit account id: the account keys of a caller
   * that belongs to no 12-digit account (a CloudFront origin access identity).
   */
  record NotAccount() implements Derived {}

  /**
   * AWS does not document the value for this kind of caller: any value or none. Leaving it free can
   * only make more requests possible, so answers stay on the safe side (more PUBLIC, more FAIL).
   */
  record Free() implements Derived {}
}
