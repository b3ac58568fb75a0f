package dev.hornbeam.audit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hornbeam.audit.Finding;
import dev.hornbeam.audit.RunInfo;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code findings.sarif}: SARIF 2.1.0, one run, one result per PUBLIC or INVALID resource, written as the
 * journal streams past (results are never held).
 */
final class SarifWriter implements AutoCloseable {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  /** The rules, in {@code ruleIndex} order. */
  enum Rule {
    HB001("PublicResourcePolicy", "error", "Resource policy grants public access",
        "The resource policy allows a request from a principal outside every trusted account (proved by an SMT"
            + " solver, with a witness request)."),
    HB002("InvalidResourcePolicy", "warning", "Resource policy is invalid",
        "The resource policy could not be checked because it is not a valid policy (or the resource type is"
            + " unknown); AWS would reject or misread it."),
    HB003("UndecidedResourcePolicy", "warning", "Public access could not be decided (treated as public)",
        "No solver proved the policy public or not public (timeout, unknown, error or saturation); the audit"
            + " fails closed and reports the resource as public."),
    HB004("ResourceSharedOutsideZoneOfTrust", "warning", "Resource policy grants access outside the zone of trust",
        "The policy is not public, but principals outside the resource's zone of trust (its account, or the audit's"
            + " organization) can call it: each finding names who, which actions and under which conditions, and the"
            + " findings are proved to cover all such access (or the search was undecided: fail closed).");

    final String name;
    final String level;
    final String shortText;
    final String fullText;

    Rule(String name, String level, String shortText, String fullText) {
      this.name = name;
      this.level = level;
      this.shortText = shortText;
      this.fullText = fullText;
    }

    /** The rule a finding breaks, or null (NOT_PUBLIC). */
    static Rule of(Finding f) {
      return switch (f.result()) {
        case "PUBLIC" -> Tally.isUndecided(f) ? HB003 : HB001;
        case "INVALID" -> HB002;
        default -> f.outsideAccess() ? HB004 : null;
      };
    }
  }

  private final JsonGenerator json;

  private SarifWriter(JsonGenerator json) {
    this.json = json;
  }

  static SarifWriter open(OutputStream out, RunInfo info) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.useDefaultPrettyPrinter();
    g.writeStartObject();
    g.writeStringField("$schema", SCHEMA);
    g.writeStringField("version", "2.1.0");
    g.writeArrayFieldStart("runs");
    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "Hornbeam");
    if (info.hornbeam() != null && !info.hornbeam().isEmpty()) {
      g.writeStringField("version", info.hornbeam());
    }
    g.writeArrayFieldStart("rules");
    for (Rule r : Rule.values()) {
      g.writeStartObject();
      g.writeStringField("id", r.name());
      g.writeStringField("name", r.name);
      g.writeObjectFieldStart("shortDescription");
      g.writeStringField("text", r.shortText);
      g.writeEndObject();
      g.writeObjectFieldStart("fullDescription");
      g.writeStringField("text", r.fullText);
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", r.level);
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject(); // driver
    g.writeEndObject(); // tool
    g.writeFieldName("properties");
    Summary.runInfo(g, info);
    g.writeArrayFieldStart("results");
    return new SarifWriter(g);
  }

  /** Writes the finding's result, if it has one (PUBLIC, INVALID, or shared outside the zone of trust). */
  void add(Finding f) throws IOException {
    Rule rule = Rule.of(f);
    if (rule == null) {
      return;
    }
    JsonGenerator g = json;
    g.writeStartObject();
    g.writeStringField("ruleId", rule.name());
    g.writeNumberField("ruleIndex", rule.ordinal());
    g.writeStringField("level", rule.level);
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f, rule));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    Source src = Source.parse(f.source());
    if (src != null) {
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      g.writeStringField("uri", src.uri());
      g.writeEndObject();
      if (src.line() > 0) {
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", src.line());
        if (src.column() > 0) {
          g.writeNumberField("startColumn", src.column());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", f.arn());
    g.writeStringField("fullyQualifiedName", f.accountId() + "/" + f.arn());
    g.writeStringField("kind", "resource");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray(); // locations
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("hornbeamResource/v1", f.accountId() + "/" + f.arn());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("accountId", f.accountId());
    g.writeStringField("resourceType", f.resourceType());
    g.writeStringField("result", f.result());
    g.writeStringField("reason", f.reason());
    if (f.solver() != null) {
      g.writeStringField("solver", f.solver());
    }
    g.writeBooleanField("deduplicated", f.deduplicated());
    g.writeStringField("policySha256", f.policySha256());
    g.writeEndObject();
    g.writeEndObject();
  }

  /** The result's message: the witness in words and the granting statements, or the problems. */
  static String message(Finding f, Rule rule) {
    String what = f.arn() + " (" + f.resourceType() + ", account " + f.accountId() + ")";
    switch (rule) {
      case HB001 -> {
        StringBuilder s = new StringBuilder(what).append(" is public: ");
        PublicAccessResponse.Witness w = f.witness();
        s.append(w == null ? "a request from outside the account is allowed" : w.description()).append('.');
        List<String> statements = new ArrayList<>();
        for (PublicAccessResponse.Finding r : f.reasons()) {
          statements.add(Text.statement(r));
        }
        if (!statements.isEmpty()) {
          s.append(" Granted by ").append(String.join("; ", statements)).append('.');
        }
        return s.toString();
      }
      case HB002 -> {
        List<String> problems = new ArrayList<>();
        for (PolicyProblem p : f.problems()) {
          if ("error".equals(p.severity())) {
            problems.add(Text.problem(p));
          }
        }
        if (problems.isEmpty()) {
          for (PolicyProblem p : f.problems()) {
            problems.add(Text.problem(p));
          }
        }
        String reason = "UNKNOWN_TYPE".equals(f.reason()) ? "has a resource type Hornbeam does not know" : "has an invalid policy";
        return what + " " + reason + (problems.isEmpty() ? "." : ": " + String.join("; ", problems) + ".");
      }
      case HB004 -> {
        return what + " is shared outside its zone of trust" + ("UNDECIDED".equals(f.outsideCoverage()) ? " (not all decided)" : "")
            + ": " + String.join("; ", f.outside()) + ".";
      }
      default -> {
        return what + ": " + Text.undecided(f);
      }
    }
  }

  /** Where a resource was read ({@code file:line}, or {@code file:line:column} in a template) as a SARIF artifact URI, line and column. */
  record Source(String uri, int line, int column) {
    static Source parse(String source) {
      if (source == null || source.isBlank()) {
        return null;
      }
      java.util.regex.Matcher withColumn = java.util.regex.Pattern.compile("(.+):([0-9]{1,9}):([0-9]{1,9})").matcher(source);
      if (withColumn.matches()) {
        Source s = parse(withColumn.group(1) + ":" + withColumn.group(2));
        return s == null ? null : new Source(s.uri(), s.line(), Integer.parseInt(withColumn.group(3)));
      }
      String file = source;
      int line = 0;
      int colon = source.lastIndexOf(':');
      if (colon > 0 && colon < source.length() - 1 && source.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        file = source.substring(0, colon);
        try {
          line = Integer.parseInt(source.substring(colon + 1));
        } catch (NumberFormatException e) {
          line = 0;
        }
      }
      try {
        String relative = file.split("/", 2)[0].contains(":") ? "./" + file : file;
        String uri = file.startsWith("/") ? Path.of(file).toUri().toASCIIString() : new URI(null, null, relative, null).toASCIIString();
        return new Source(uri, line, 0);
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null;
      }
    }
  }

  @Override
  public void close() throws IOException {
    json.writeEndArray(); // results
    json.writeEndObject(); // run
    json.writeEndArray(); // runs
    json.writeEndObject();
    json.close();
  }
}
