package dev.hornbeam.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hornbeam.policy.resource.PolicyLocation;
import dev.hornbeam.policy.resource.PolicyLocation.Encoding;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A resource policy as the AWS CLI prints it, at the place the resource-type registry names for each type
 * ({@link ResourceType#cliLocation}): {@code aws s3api get-bucket-policy} prints {@code {"Policy": "…"}},
 * {@code aws glacier get-vault-access-policy} {@code {"policy": {"Policy": "…"}}}, {@code aws ecr
 * get-repository-policy} {@code {"registryId": …, "repositoryName": …, "policyText": "…"}}, and so on. An output
 * is recognised only when it has exactly a command's shape: the path's members lead to the policy in the
 * location's encoding, and every other member, at every level, is one the command prints
 * ({@link PolicyLocation#printed}). Anything else is not unwrapped and is read as a policy document, where the
 * members that are not a policy's are errors naming their place (fail closed): a document with a
 * {@code Statement} or {@code Version} member, an unknown member beside the policy, a member given twice (which
 * of the two the output holds is not known), a path holding another kind of value, or an output that two
 * commands would print at different places. {@code aws iam get-role} (URL-encoded or an object) is read by
 * {@code Inputs}.
 */
public final class CliOutput {
  private CliOutput() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * The policy inside an AWS CLI output.
   *
   * @param policy the policy document's UTF-8 text
   * @param pointer where the output holds it ({@code /Policy}, {@code /Attributes/Policy}, {@code /policy/Policy})
   * @param types the registry's types whose command prints this shape, in the registry's order: one when the
   *     shape tells the type ({@code policyText}: ECR), several when it does not ({@code {"Policy": …}})
   */
  public record Unwrapped(byte[] policy, String pointer, List<ResourceType> types) {
    public Unwrapped {
      types = List.copyOf(types);
    }

    /** The commands that print it, for messages: {@code aws ecr get-repository-policy}. */
    public String commands() {
      return types.stream().map(t -> t.cliLocation().orElseThrow().source()).distinct().collect(Collectors.joining(", "));
    }

    /** The types' {@code --type} names, comma-separated, for messages. */
    public String typeNames() {
      return types.stream().map(ResourceType::cliName).collect(Collectors.joining(", "));
    }

    /**
     * Why {@code type} (given with {@code --type}) is not the type of this output's policy, or empty when it
     * may be: its command must print this shape.
     */
    public Optional<String> mismatch(ResourceType type) {
      if (types.contains(type)) {
        return Optional.empty();
      }
      String at = type.cliLocation().map(l -> "/" + String.join("/", l.path())).filter(p -> !p.equals(pointer))
          .map(p -> " (" + type.cliLocation().get().source() + " prints it in " + p + ")").orElse("");
      return Optional.of("the AWS CLI output (" + commands() + ", the policy in " + pointer + ") is the policy of "
          + types.stream().map(ResourceType::cloudFormationName).collect(Collectors.joining(" or ")) + " (--type " + typeNames()
          + "), not of " + type.cloudFormationName() + " (--type " + type.cliName() + ")" + at);
    }
  }

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
    String pointer = null;
    String policy = null;
    List<ResourceType> types = new ArrayList<>();
    for (ResourceType t : ResourceType.values()) {
      Optional<PolicyLocation> l = t.cliLocation();
      if (l.isEmpty() || l.get().printed().isEmpty() || l.get().encoding() == Encoding.URL_ENCODED_JSON_TEXT) {
        continue;
      }
      Optional<String> text = policyAt(o, l.get());
      if (text.isEmpty()) {
        continue;
      }
      String at = "/" + String.join("/", l.get().path());
      if (pointer != null && !pointer.equals(at)) {
        return Optional.empty(); // two commands' shapes at two places: which one holds the policy is not known
      }
      pointer = at;
      policy = text.get();
      types.add(t);
    }
    return pointer == null ? Optional.empty()
        : Optional.of(new Unwrapped(policy.getBytes(StandardCharsets.UTF_8), pointer, types));
  }

  /** The policy's text where {@code l} says, when {@code root} has exactly its command's shape. */
  private static Optional<String> policyAt(Json.JObject root, PolicyLocation l) {
    Json at = root;
    for (int i = 0; i < l.path().size(); i++) {
      if (!(at instanceof Json.JObject o) || !o.members().containsKey(l.path().get(i))) {
        return Optional.empty();
      }
      if (!l.printed().get(i).equals(PolicyLocation.ANY_MEMBER) && !l.printed().get(i).containsAll(o.members().keySet())) {
        return Optional.empty();
      }
      at = o.members().get(l.path().get(i));
    }
    Json value = at;
    return switch (l.encoding()) {
      case JSON_TEXT -> value instanceof Json.JString s ? Optional.of(s.value()) : Optional.empty();
      case JSON_OBJECT_OR_TEXT -> value instanceof Json.JObject obj ? Optional.of(write(obj))
          : value instanceof Json.JString s ? Optional.of(s.value()) : Optional.empty();
      case ESCAPED_JSON_TEXT -> unescaped(value);
      case URL_ENCODED_JSON_TEXT -> Optional.empty(); // aws iam get-role: read by Inputs
    };
  }

  /** The body of a JSON string literal, read as one (quotes put around it); anything else is not this shape. */
  private static Optional<String> unescaped(Json value) {
    if (!(value instanceof Json.JString s)) {
      return Optional.empty();
    }
    List<Problem> problems = new ArrayList<>();
    Json literal = JsonReader.read(("\"" + s.value() + "\"").getBytes(StandardCharsets.UTF_8), problems::add);
    return literal instanceof Json.JString inner && problems.isEmpty() ? Optional.of(inner.value()) : Optional.empty();
  }

  /** An object written back as JSON text, its members in their order and its numbers as written. */
  private static String write(Json value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does no I/O
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, Json v) throws IOException {
    if (v instanceof Json.JObject o) {
      g.writeStartObject();
      for (Map.Entry<String, Json> e : o.members().entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Json.JArray a) {
      g.writeStartArray();
      for (Json x : a.items()) {
        write(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof Json.JString s) {
      g.writeString(s.value());
    } else if (v instanceof Json.JNumber n) {
      g.writeNumber(n.text());
    } else if (v instanceof Json.JBool b) {
      g.writeBoolean(b.value());
    } else {
      g.writeNull();
    }
  }
}
