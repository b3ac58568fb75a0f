package dev.hornbeam.smt;

/** How a question lets a condition key appear in a request. */
public sealed interface KeyShape {
  /** At most one value: a presence flag and one value. */
  record Single() implements KeyShape {}

  /**
   * A set of 0..bound values (an empty set is treated as an absent key, as in the reference
   * evaluator). The question picks the bound and says why it loses no answer.
   */
  record Multi(int bound) implements KeyShape {
    public Multi {
      if (bound < 1) {
        throw new IllegalArgumentException("bound must be at least 1");
      }
    }
  }

  KeyShape SINGLE = new Single();

  /**
   * The shapes for a question over {@code policies}. Bound for multi-valued keys: whether a request is
   * allowed depends on a set-valued key only through the condition entries on it; each entry is an "any
   * value satisfies X" or an "every value satisfies X" test. If some set S makes the policies' combination
   * true, keep one witness value for each "any" test that S passes and one counterexample for each "every"
   * test that S fails: every test then has the same truth value on that subset (an "any" test S fails, or
   * an "every" test S passes, keeps its value on every non-empty subset). So a set of at most (number of
   * entries on the key, over all the policies) values loses no answer.
   */
  static java.util.function.Function<String, KeyShape> bounded(java.util.List<dev.hornbeam.policy.model.Policy> policies) {
    java.util.Map<String, Integer> mentions = new java.util.HashMap<>();
    for (dev.hornbeam.policy.model.Policy p : policies) {
      for (dev.hornbeam.policy.model.Statement s : p.statements()) {
        for (dev.hornbeam.policy.model.Condition c : s.conditions()) {
          mentions.merge(c.key().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        }
      }
    }
    return key -> dev.hornbeam.policy.model.ContextKeys.isMultiValued(key)
        ? new Multi(Math.max(1, mentions.getOrDefault(key, 1))) : SINGLE;
  }

  /** Asserts that the request is for {@code resourceArn} and, for a type with children (a bucket's objects), its children. */
  static void resource(dev.hornbeam.smt.api.Problem.Builder goal, dev.hornbeam.policy.resource.ResourceType type, String resourceArn) {
    dev.hornbeam.smt.api.BoolFormula r = Terms.eq(RequestVars.RESOURCE_VAR, resourceArn);
    java.util.Optional<String> children = type.childPrefix(resourceArn);
    if (children.isPresent()) {
      r = dev.hornbeam.smt.api.BoolFormula.or(r, Terms.prefixOf(children.get(), RequestVars.RESOURCE_VAR));
    }
    goal.comment("the resource and, for a bucket, its objects");
    goal.assertThat(r);
  }
}
