package dev.hornbeam.policy.catalog;

import java.util.Optional;

/** What the catalogue knows about a condition key of a policy ({@link Catalog#resolveConditionKey(String)}). */
public sealed interface KeyMatch {

  /** A catalogued key, or a member of a catalogued family such as {@code aws:RequestTag/${TagKey}}. */
  record Known(ConditionKey key) implements KeyMatch {}

  /**
   * The key's prefix is {@code aws} or a catalogued service, yet the catalogue has no such key;
   * {@code suggestion} is a catalogued key of that prefix spelled alike.
   */
  record Unknown(String key, Optional<ConditionKey> suggestion) implements KeyMatch {}

  /**
   * The prefix is neither {@code aws} nor a catalogued service (an identity provider's keys such as
   * {@code token.actions.githubusercontent.com:sub}, or a typo in the prefix): the catalogue cannot
   * say.
   */
  record Uncatalogued(String key) implements KeyMatch {}
}
