package dev.hornbeam.policy.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A resource policy as the AWS CLI prints it, which is JSON text inside a JSON string:
 * {@code aws s3api get-bucket-policy} and {@code aws kms get-key-policy} print {@code {"Policy": "…"}}
 * (KMS adds {@code "PolicyName"}), {@code aws sqs get-queue-attributes} and {@code aws sns
 * get-topic-attributes} print {@code {"Attributes": {"Policy": "…", …}}} (AWS CLI Command Reference,
 * get-bucket-policy, get-key-policy, get-queue-attributes, get-topic-attributes: "Output"). A document
 * with a {@code Statement} or {@code Version} member is a policy itself and is never unwrapped, nor is an output with
 * a member given twice (which of the two it holds is not known).
 */
public final class CliOutput {
  private CliOutput() {}

  /** Members get-bucket-policy and get-key-policy print beside "Policy". */
  private static final Set<String> BESIDE_POLICY = Set.of("Policy", "PolicyName");

  /**
   * The policy inside an AWS CLI output.
   *
   * @param policy the policy document's UTF-8 text
   * @param pointer where the output holds it ({@code /Policy}, {@code /Attributes/Policy})
   */
  public record Unwrapped(byte[] policy, String pointer) {}

  /** The policy in {@code utf8} when it is such an output; empty for anything else (a policy, not JSON, …). */
  public static Optional<Unwrapped> unwrap(byte[] utf8) {
    List<Problem> problems = new ArrayList<>();
    Json root = JsonReader.read(utf8, problems::add);
    if (problems.stream().anyMatch(Problem::isError)) {
      return Optional.empty(); // a member given twice: which policy the output holds is not known; read as a document, INVALID
    }
    if (!(root instanceof Json.JObject o) || o.members().containsKey("Statement") || o.members().containsKey("Version")) {
      return Optional.empty();
    }
    if (o.members().get("Policy") instanceof Json.JString s && BESIDE_POLICY.containsAll(o.members().keySet())) {
      return Optional.of(new Unwrapped(s.value().getBytes(StandardCharsets.UTF_8), "/Policy"));
    }
    if (o.members().size() == 1 && o.members().get("Attributes") instanceof Json.JObject a
        && a.members().get("Policy") instanceof Json.JString s) {
      return Optional.of(new Unwrapped(s.value().getBytes(StandardCharsets.UTF_8), "/Attributes/Policy"));
    }
    return Optional.empty();
  }
}
