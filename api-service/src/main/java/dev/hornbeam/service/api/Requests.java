package dev.hornbeam.service.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.service.answer.AccessInput;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.PolicyInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading the members every check request shares, from a request's {@link Envelope}: what they hold is
 * validated by the classes the CLI and the audit use too ({@link PolicyInput}, {@link AccessInput}).
 */
final class Requests {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Requests() {}

  /** {@code resourceType}: a CloudFormation name of the registry ({@link ResourceType}). */
  static ResourceType resourceType(Envelope body) {
    return type(body.text("resourceType"));
  }

  /** An optional {@code resourceType}: null (any action of any service) when absent. */
  static ResourceType optionalResourceType(Envelope body) {
    return body.optionalText("resourceType").map(Requests::type).orElse(null);
  }

  private static ResourceType type(String name) {
    return ResourceType.ofCloudFormationName(name).orElseThrow(() -> ApiException.badRequest("\"resourceType\" must be one of "
        + ResourceType.cloudFormationNames() + ", not \"" + name + "\"", "/resourceType"));
  }

  /**
   * {@code policyType}, as IAM Access Analyzer takes it: {@code RESOURCE_POLICY} (the default; policies
   * attached to a resource, which name a Principal) or {@code IDENTITY_POLICY} (no Principal).
   */
  static PolicyKind policyKind(Envelope body) {
    String name = body.optionalText("policyType").orElse("RESOURCE_POLICY");
    return switch (name) {
      case "RESOURCE_POLICY" -> PolicyKind.RESOURCE;
      case "IDENTITY_POLICY" -> PolicyKind.IDENTITY;
      default -> throw ApiException.badRequest("\"policyType\" must be RESOURCE_POLICY or IDENTITY_POLICY, not \"" + name + "\"",
          "/policyType");
    };
  }

  /**
   * The size quota of a policy of {@code kind}: a resource policy's type's quota; otherwise (identity
   * policies, or no type given) the parser's general one.
   */
  static Limits limits(PolicyKind kind, ResourceType typeOrNull) {
    return kind == PolicyKind.RESOURCE && typeOrNull != null ? typeOrNull.limits() : Limits.DEFAULT;
  }

  /** Why {@code resourceArn}, when present, is not the ARN of a resource of {@code type}; empty when it is or is absent. */
  static Optional<String> resourceArnProblem(Envelope body, ResourceType type) {
    return body.optionalText("resourceArn").flatMap(type::arnProblem).map(p -> "\"resourceArn\" is not the ARN of an "
        + type.cloudFormationName() + ": " + p);
  }

  /**
   * {@code resourceArn}, when present: the ARN of a resource of {@code type}, as given (nothing trimmed or
   * case-folded), else a 400 naming the rule.
   */
  static Optional<String> resourceArn(Envelope body, ResourceType type) {
    Optional<String> problem = resourceArnProblem(body, type);
    if (problem.isPresent()) {
      throw ApiException.badRequest(problem.get(), "/resourceArn");
    }
    return body.optionalText("resourceArn");
  }

  /** The scope of a resource policy: its type and, when given, its ARN (validated). */
  static ResourceScope scope(Envelope body, ResourceType type) {
    return new ResourceScope(type, resourceArn(body, type).orElse(null));
  }

  /** {@code deadlineMillis}, at most {@code max}; {@code fallback} when absent. */
  static Duration deadline(Envelope body, Duration fallback, Duration max) {
    return body.optionalLong("deadlineMillis", 1, max.toMillis()).map(Duration::ofMillis).orElse(fallback);
  }

  /**
   * The resource policy of {@code documentField} (the JSON text as a string, as AWS APIs take it) /
   * {@code objectField} (a JSON object), exactly one of the two, attached to what {@code scope} names (its
   * type's quota; Resource entries that can match the resource; an action of the type); empty when neither
   * is present and {@code required} is false; a 400 when both are, or the member has the wrong JSON type.
   */
  static Optional<PolicyInput> policy(Envelope body, String documentField, String objectField, ResourceScope scope, boolean required) {
    return policy(body, documentField, objectField, bytes -> PolicyParser.parse(bytes, scope), required);
  }

  /** Reads a policy of {@code kind} within {@code limits} (see above). */
  static Optional<PolicyInput> policy(Envelope body, String documentField, String objectField, PolicyKind kind, Limits limits,
      boolean required) {
    return policy(body, documentField, objectField, bytes -> PolicyParser.parse(bytes, kind, limits), required);
  }

  private static Optional<PolicyInput> policy(Envelope body, String documentField, String objectField,
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
    if (document) {
      return Optional.of(PolicyInput.of(documentField, false, parser.apply(body.text(documentField).getBytes(StandardCharsets.UTF_8))));
    }
    Envelope.Value v = body.get(objectField).orElseThrow();
    if (!(v instanceof Envelope.Raw raw) || !raw.object()) {
      throw ApiException.badRequest("\"" + objectField + "\" must be a JSON object, not " + v.kind()
          + " (to send the policy as text, use \"" + documentField + "\")", Envelope.pointer(objectField));
    }
    return Optional.of(PolicyInput.of(objectField, true, parser.apply(raw.bytes())));
  }

  /**
   * The {@code access} member of a CheckAccessNotGranted request, in IAM Access Analyzer's shape: exactly
   * one object {@code {"actions": [...], "resources": [...]}}, validated by {@link AccessInput#of}; a 400
   * naming the place (e.g. {@code /access/0/actions/3}) otherwise.
   */
  static AccessInput access(Envelope body) {
    Envelope.Value v = body.get("access").orElse(new Envelope.Null());
    if (v instanceof Envelope.Null) {
      throw ApiException.badRequest("\"access\" is required: [{\"actions\": [...], \"resources\": [...]}]", "/access");
    }
    if (!(v instanceof Envelope.Raw raw) || raw.object()) {
      throw ApiException.badRequest("\"access\" must be an array holding one object, not " + v.kind(), "/access");
    }
    List<String> actions = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(raw.bytes())) {
      p.nextToken(); // [
      int count = 0;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), count++) {
        String at = "/access/" + count;
        if (count > 0) {
          throw ApiException.badRequest("\"access\" takes exactly one object (as Access Analyzer's CheckAccessNotGranted)", at);
        }
        if (t != JsonToken.START_OBJECT) {
          throw ApiException.badRequest(at + " must be an object {\"actions\": [...], \"resources\": [...]}", at);
        }
        boolean seenActions = false;
        boolean seenResources = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String where = at + Envelope.pointer(name);
          boolean isActions = name.equals("actions");
          if (!isActions && !name.equals("resources")) {
            throw ApiException.badRequest("unknown member \"" + name + "\": an access object has \"actions\" and \"resources\"", where);
          }
          if (isActions ? seenActions : seenResources) {
            throw ApiException.badRequest("member \"" + name + "\" appears twice", where);
          }
          if (isActions) {
            seenActions = true;
          } else {
            seenResources = true;
          }
          strings(p, where, isActions ? actions : resources);
        }
      }
      if (count == 0) {
        throw ApiException.badRequest("\"access\" must hold one object {\"actions\": [...], \"resources\": [...]}", "/access");
      }
    } catch (IOException e) {
      // The envelope has read these bytes as JSON already.
      throw ApiException.badRequest("\"access\" could not be read: " + e.getMessage(), "/access");
    }
    return AccessInput.of(actions, resources);
  }

  /** An optional member holding an array of strings; null when absent. */
  static List<String> optionalStrings(Envelope body, String name) {
    Envelope.Value v = body.get(name).orElse(new Envelope.Null());
    if (v instanceof Envelope.Null) {
      return null;
    }
    if (!(v instanceof Envelope.Raw raw) || raw.object()) {
      throw ApiException.badRequest("\"" + name + "\" must be an array of strings, not " + v.kind(), Envelope.pointer(name));
    }
    List<String> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(raw.bytes())) {
      p.nextToken(); // [
      JsonToken t;
      for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
        if (t != JsonToken.VALUE_STRING) {
          throw ApiException.badRequest(Envelope.pointer(name) + "/" + i + " must be a string", Envelope.pointer(name) + "/" + i);
        }
        out.add(p.getText());
      }
    } catch (IOException e) {
      throw ApiException.badRequest("\"" + name + "\" could not be read: " + e.getMessage(), Envelope.pointer(name));
    }
    return out;
  }

  /** An array of strings (null: none), into {@code into}. */
  private static void strings(JsonParser p, String where, List<String> into) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw ApiException.badRequest(where + " must be an array of strings", where);
    }
    for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
      if (t != JsonToken.VALUE_STRING) {
        throw ApiException.badRequest(where + "/" + i + " must be a string", where + "/" + i);
      }
      into.add(p.getText());
    }
  }
}
