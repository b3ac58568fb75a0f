package dev.hornbeam.policy.catalog;

import java.util.List;
import java.util.Optional;

/** What the catalogue knows about an action pattern of a policy ({@link Catalog#resolve(String)}). */
public sealed interface ActionMatch {

  /** {@code *}: every action of every service, catalogued or not. */
  record Everything() implements ActionMatch {}

  /** The catalogued actions the pattern matches (at least one), in the catalogue's order. */
  record Matched(List<Action> actions) implements ActionMatch {
    public Matched {
      actions = List.copyOf(actions);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("a match names at least one action");
      }
    }
  }

  /** The service prefix is not in the catalogue; {@code suggestion} is a catalogued prefix spelled alike. */
  record UnknownService(String prefix, Optional<String> suggestion) implements ActionMatch {}

  /** A wildcard-free action of a catalogued service that the service does not have. */
  record UnknownAction(String action, Optional<Action> suggestion) implements ActionMatch {}

  /** A wildcard pattern of a catalogued service that matches none of its actions. */
  record MatchesNothing(String pattern) implements ActionMatch {}

  /** Not {@code service:action} at all (the parser reports those as INVALID_ACTION). */
  record NotAnAction(String text) implements ActionMatch {}
}
