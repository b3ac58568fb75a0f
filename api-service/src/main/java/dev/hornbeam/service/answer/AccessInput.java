package dev.hornbeam.service.answer;

import com.fasterxml.jackson.core.JsonFactory;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.policy.parse.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The access a CheckAccessNotGranted question is about (the {@code access} member of
 * {@code POST /v1/checks/access-not-granted} and of the AWS-compatible endpoint, the options of
 * {@code hornbeam check access-not-granted}): at least one of the two lists not empty, at most {@value #MAX}
 * entries each. An empty or absent list means "any". The patterns are
 * checked by the policy parser's own rules for Action and Resource (IAM wildcards allowed), so a pattern
 * the check accepts is one a policy could hold.
 */
public record AccessInput(List<String> actions, List<String> resources) {
  /** Entries per list (Access Analyzer's quota). */
  public static final int MAX = 100;
  /** Characters per entry (the longest ARN IAM takes). */
  public static final int MAX_LENGTH = 2048;

  private static final JsonFactory FACTORY = new JsonFactory();

  public AccessInput {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
  }

  /**
   * Validates the lists (at least one not empty; at most {@value #MAX} entries each; each entry a
   * non-empty pattern of at most {@value #MAX_LENGTH} characters that a policy's Action / Resource could
   * hold); a 400 naming the entry at fault otherwise. Shared with {@code hornbeam check access-not-granted}.
   */
  public static AccessInput of(List<String> actions, List<String> resources) {
    if (actions.isEmpty() && resources.isEmpty()) {
      throw ApiException.badRequest("give at least one action or resource to check", "/access/0");
    }
    entries("actions", actions);
    entries("resources", resources);
    patterns(actions, resources);
    return new AccessInput(actions, resources);
  }

  private static void entries(String name, List<String> list) {
    for (int i = 0; i < list.size(); i++) {
      String item = "/access/0/" + name + "/" + i;
      String what = name + "[" + i + "]";
      String s = list.get(i);
      if (i == MAX) {
        throw ApiException.badRequest("at most " + MAX + " " + name + " are allowed", item);
      }
      if (s.isBlank()) {
        throw ApiException.badRequest(what + " must not be empty", item);
      }
      if (s.length() > MAX_LENGTH) {
        throw ApiException.badRequest(what + " is longer than " + MAX_LENGTH + " characters", item);
      }
      if (s.chars().anyMatch(Character::isISOControl) || !s.equals(s.strip())) {
        throw ApiException.badRequest(what + " must not hold control characters or surrounding white space", item);
      }
    }
  }

  /**
   * The patterns as one statement's Action and Resource, validated by the policy parser; its first error
   * is reported at the list entry it is about ({@code /Statement/0/Action/3} → {@code /access/0/actions/3}).
   */
  private static void patterns(List<String> actions, List<String> resources) {
    StringWriter w = new StringWriter();
    try (var g = FACTORY.createGenerator(w)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Statement");
      g.writeStartObject();
      g.writeStringField("Effect", "Allow");
      g.writeArrayFieldStart("Action");
      for (String a : actions.isEmpty() ? List.of("*") : actions) {
        g.writeString(a);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("Resource");
      for (String r : resources.isEmpty() ? List.of("*") : resources) {
        g.writeString(r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ParseResult r = PolicyParser.parse(w.toString(), PolicyKind.IDENTITY, Limits.DEFAULT);
    for (Problem problem : r.problems()) {
      if (problem.severity() == Severity.ERROR) {
        String pointer = problem.pointer().replaceFirst("^/Statement/0/Action", "/access/0/actions")
            .replaceFirst("^/Statement/0/Resource", "/access/0/resources");
        throw ApiException.badRequest(problem.message(), pointer.startsWith("/access/") ? pointer : "/access/0");
      }
    }
  }
}
