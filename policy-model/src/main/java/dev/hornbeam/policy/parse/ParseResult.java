package dev.hornbeam.policy.parse;

import dev.hornbeam.policy.model.Policy;
import java.util.List;

/**
 * The outcome of parsing and validating a document.
 *
 * @param policy the model, or {@code null} when there is at least one ERROR
 * @param problems all errors and warnings, in document order
 */
public record ParseResult(Policy policy, List<Problem> problems) {
  public ParseResult {
    problems = List.copyOf(problems);
    if ((policy == null) != problems.stream().anyMatch(Problem::isError)) {
      throw new IllegalArgumentException("a policy is returned exactly when there is no error");
    }
  }

  public boolean isValid() {
    return policy != null;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
