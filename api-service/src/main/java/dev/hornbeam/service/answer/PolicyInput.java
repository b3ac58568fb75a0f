package dev.hornbeam.service.answer;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.ParseResult;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy as a request or a command gave it, parsed: read by the HTTP API from {@code policyDocument}
 * (the JSON text as a string, as AWS APIs take it) or {@code policy} (a JSON object), and by the CLI from
 * a file.
 *
 * @param field the member it came from (the name its problems carry)
 * @param policy the parsed policy, or null when invalid
 * @param problems every validation problem, errors and warnings, located
 */
public record PolicyInput(String field, Policy policy, List<PolicyProblem> problems) {
  /**
   * The policy of {@code field} as parsed; {@code embedded}: it was a JSON object inside a request body, so
   * its problems' pointers are into the body ({@code /policy/Statement/0}), else into the document.
   */
  public static PolicyInput of(String field, boolean embedded, ParseResult parsed) {
    List<PolicyProblem> problems = parsed.problems().stream().map(p -> PolicyProblem.of(field, embedded, p)).toList();
    return new PolicyInput(field, parsed.isValid() ? parsed.policy() : null, problems);
  }

  public boolean valid() {
    return policy != null;
  }

  public List<PolicyProblem> warnings() {
    return problems.stream().filter(p -> p.severity().equals("warning")).toList();
  }

  /**
   * The policies of a request, when every one is valid; else a 400 listing the problems of all of them
   * (each problem names its policy's member in {@code field}).
   */
  public static void requireValid(PolicyInput... inputs) {
    List<PolicyInput> invalid = Arrays.stream(inputs).filter(i -> !i.valid()).toList();
    if (invalid.isEmpty()) {
      return;
    }
    List<PolicyProblem> problems = invalid.stream().flatMap(i -> i.problems().stream()).toList();
    long errors = problems.stream().filter(p -> p.severity().equals("error")).count();
    String fields = invalid.stream().map(i -> "\"" + i.field() + "\"").collect(Collectors.joining(" and "));
    throw ApiException.invalidPolicy("the polic" + (invalid.size() == 1 ? "y" : "ies") + " in " + fields + " "
        + (invalid.size() == 1 ? "is" : "are") + " invalid: " + errors + " error" + (errors == 1 ? "" : "s"), problems);
  }
}
