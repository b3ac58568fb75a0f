package dev.hornbeam.service.api;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.policy.resource.ResourceScope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A policy carried in a request, as AWS APIs take it ({@code policyDocument}: the JSON text as a
 * string) or inline ({@code policy}: a JSON object). Exactly one of the two.
 *
 * @param field the member it came from
 * @param policy the parsed policy, or null when invalid
 * @param problems every validation problem, errors and warnings, located
 */
public record PolicyInput(String field, Policy policy, List<PolicyProblem> problems) {
  public boolean valid() {
    return policy != null;
  }

  public List<PolicyProblem> warnings() {
    return problems.stream().filter(p -> p.severity().equals("warning")).toList();
  }

  /**
   * Reads the resource policy of {@code documentField} / {@code objectField}, attached to what
   * {@code scope} names (its type's quota; Resource entries that can match the resource; an action of
   * the type); empty when neither is present and {@code required} is false; a 400 when both are, or the
   * member has the wrong JSON type.
   */
  public static Optional<PolicyInput> read(Envelope body, String documentField, String objectField, ResourceScope scope, boolean required) {
    return read(body, documentField, objectField, bytes -> PolicyParser.parse(bytes, scope), required);
  }

  /** Reads a policy of {@code kind} within {@code limits} (see above). */
  public static Optional<PolicyInput> read(Envelope body, String documentField, String objectField, PolicyKind kind, Limits limits,
      boolean required) {
    return read(body, documentField, objectField, bytes -> PolicyParser.parse(bytes, kind, limits), required);
  }

  private static Optional<PolicyInput> read(Envelope body, String documentField, String objectField,
      Function<byte[], ParseResult> parser, boolean required) {
    boolean document = body.has(documentField);
    boolean object = body.has(objectField);
    if (document && object) {
      throw ApiException.badRequest("give the policy either as \"" + documentField + "\" (a string) or as \"" + objectField
          + "\" (an object), not both", Envelope.pointer(objectField));
    }
    if (!document && !object) {
      if (required) {
        throw ApiException.badRequest("the policy is missing: give \"" + documentField + "\" (the policy JSON as a string) or \""
            + objectField + "\" (the policy as a JSON object)", Envelope.pointer(objectField));
      }
      return Optional.empty();
    }
    ParseResult result;
    String field;
    if (document) {
      field = documentField;
      result = parser.apply(body.text(documentField).getBytes(StandardCharsets.UTF_8));
    } else {
      field = objectField;
      Envelope.Value v = body.get(objectField).orElseThrow();
      if (!(v instanceof Envelope.Raw raw) || !raw.object()) {
        throw ApiException.badRequest("\"" + objectField + "\" must be a JSON object, not " + v.kind()
            + " (to send the policy as text, use \"" + documentField + "\")", Envelope.pointer(objectField));
      }
      result = parser.apply(raw.bytes());
    }
    boolean embedded = object;
    List<PolicyProblem> problems = result.problems().stream().map((Problem p) -> PolicyProblem.of(field, embedded, p)).toList();
    return Optional.of(new PolicyInput(field, result.isValid() ? result.policy() : null, problems));
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
