package dev.hornbeam.cli;

import dev.hornbeam.audit.Finding;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.source.Deployment;
import dev.hornbeam.policy.source.Found;
import dev.hornbeam.policy.source.Inputs;
import dev.hornbeam.policy.source.Loc;
import dev.hornbeam.policy.source.SourceReader;
import dev.hornbeam.policy.source.Widening;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.answer.PolicyInput;
import dev.hornbeam.service.answer.PolicyProblem;
import dev.hornbeam.service.answer.PublicAccessResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code check public} and {@code validate} on files that hold policies in other shapes than a policy
 * document in JSON: CloudFormation templates, Terraform plans and configuration files ({@code .tf}), CLI outputs that name their type, YAML policy
 * documents ({@link Inputs}). One verdict line per policy, {@code FILE:LINE NAME TYPE VERDICT …}, then an
 * indented {@code unknown:} line for each value not known before deployment and what the widening did with
 * it ({@link Widening}). A policy of a type Hornbeam does not know is UNSUPPORTED (exit 2), never skipped.
 */
final class SourceChecks {
  private SourceChecks() {}

  /** One policy's verdict: its lines, exit status and (for SARIF) finding, if any. */
  record Outcome(List<String> lines, int code, Finding finding) {}

  /**
   * What {@code bytes} hold, or null when they are a JSON policy document or a CLI output whose shape several
   * types' commands print ({@code {"Policy": "…"}}), which the commands read as a policy document (with the type
   * given; PolicyFile unwraps it).
   */
  static Inputs.Read read(String file, byte[] bytes, Map<String, String> given, ResourceType type) {
    boolean json = SourceReader.isJson(bytes);
    Inputs.Read r = Inputs.read(file, bytes, given, type == null ? null : type.cloudFormationName());
    return r.format() == Inputs.Format.POLICY && json ? null : r;
  }

  /** The line for a YAML policy document given without a type. */
  static Outcome noType(String file) {
    return new Outcome(List.of(file + " - policy INVALID a policy document needs --type (its resource type)"), HornbeamCli.EXIT_INVALID,
        finding(file, Loc.NONE, "-", "-", "INVALID", "INVALID_POLICY", problem("UNREADABLE", "a policy document needs --type")));
  }

  private static String head(Found f, String type) {
    return f.place() + " " + f.name() + " " + type;
  }

  private static String source(Found f, Loc at) {
    Loc l = at.line() > 0 ? at : f.loc();
    return f.file() + (l.line() > 0 ? ":" + l.line() + (l.column() > 0 ? ":" + l.column() : "") : "");
  }

  private static List<PolicyProblem> problem(String code, String message) {
    return List.of(new PolicyProblem("policy", "", code, "error", message));
  }

  private static Finding finding(String file, Loc at, String name, String type, String result, String reason, List<PolicyProblem> problems) {
    String src = file + (at.line() > 0 ? ":" + at.line() + (at.column() > 0 ? ":" + at.column() : "") : "");
    return new Finding(src, "", name, type, result, reason, List.of(), null, problems, null, 0, false, "", src);
  }

  /** Whether {@code f} is answered by {@code check public} or {@code validate} as a resource policy of a type Hornbeam knows. */
  static Optional<ResourceType> type(Found.Policy p) {
    return p.identity() ? Optional.empty() : ResourceType.fromName(p.policyType());
  }

  /** {@code check public} on one policy found in a file. */
  static Outcome checkPublic(Found f, PolicyChecker checker, Duration deadline) {
    if (f instanceof Found.Broken b) {
      return new Outcome(List.of(head(f, b.sourceType()) + " INVALID " + b.reason()), HornbeamCli.EXIT_INVALID,
          finding(f.file(), f.loc(), f.name(), b.sourceType(), "INVALID", "INVALID_POLICY", problem("UNREADABLE", b.reason())));
    }
    if (f instanceof Found.Unsupported u) {
      return unsupported(f, u.sourceType(), u.reason());
    }
    Found.Policy p = (Found.Policy) f;
    if (p.identity()) {
      return new Outcome(List.of(head(f, p.sourceType()) + " SKIPPED an identity policy (" + p.where()
          + "): check public asks about resource policies"), HornbeamCli.EXIT_OK, null);
    }
    Optional<ResourceType> type = type(p);
    if (type.isEmpty()) {
      return unsupported(f, p.policyType(), "Hornbeam does not know the resource type " + p.policyType() + " (the policy in "
          + p.sourceType() + " " + p.where() + ")");
    }
    String t = p.policyType();
    Deployment.Variants variants = p.variants();
    List<String> assumed = new ArrayList<>();
    variants.notes().forEach(n -> assumed.add("  assumed: " + n));
    List<ParseResult> parsedAll = new ArrayList<>();
    for (Deployment.Variant v : variants.variants()) {
      Widening.Widened w = v.widened();
      String as = v.label().isEmpty() ? "" : " (with " + v.label() + ")";
      if (w.refusal().isPresent()) {
        return new Outcome(List.of(head(f, t) + " INVALID " + w.refusal().get() + as), HornbeamCli.EXIT_INVALID,
            finding(f.file(), f.loc(), f.name(), t, "INVALID", "INVALID_POLICY", problem("UNKNOWN_VALUE", w.refusal().get())));
      }
      ParseResult parsed = PolicyParser.parse(w.json(), new ResourceScope(type.get(), null));
      if (!parsed.isValid()) {
        Problem e = parsed.errors().get(0);
        List<String> lines = new ArrayList<>();
        lines.add(head(f, t) + " INVALID " + e.toLine() + (parsed.errors().size() > 1 ? " (and " + (parsed.errors().size() - 1) + " more)" : "")
            + as);
        lines.addAll(unknowns(p, w));
        lines.addAll(assumed);
        return new Outcome(lines, HornbeamCli.EXIT_INVALID, finding(f.file(), statementLoc(w, e.pointer(), f.loc()), f.name(), t, "INVALID",
            "INVALID_POLICY", PolicyInput.of("policy", false, parsed).problems()));
      }
      parsedAll.add(parsed);
    }
    List<PublicAccessAnswer> answers = new ArrayList<>();
    long micros = 0;
    for (ParseResult parsed : parsedAll) {
      PublicAccessAnswer one = checker.isPublic(parsed.policy(), type.get(), null, deadline);
      micros += one.timings().total();
      answers.add(one);
    }
    int worst = PublicAccessAnswer.worst(answers);
    PublicAccessAnswer a = answers.get(worst);
    Deployment.Variant chosen = variants.variants().get(worst);
    Widening.Widened w = chosen.widened();
    ParseResult parsed = parsedAll.get(worst);
    String why = a.reason() == Reason.SOLVED
        ? (a.isPublic() ? "witness: " + a.witnessText() : "proved") + a.solver().map(x -> " (" + x.key() + ")").orElse("")
        : a.reason() + ", treated as public (fail closed)" + (a.detail().isEmpty() ? "" : ": " + a.detail());
    if (variants.variants().size() > 1) {
      why += a.isPublic() ? " — with " + chosen.label() : " — in each of the " + variants.variants().size() + " cases checked";
    } else if (!chosen.label().isEmpty()) {
      why += " — with " + chosen.label();
    }
    if (w.hasUnknowns()) {
      why += " — with " + w.notes().size() + " value" + (w.notes().size() == 1 ? "" : "s") + " not known before deployment widened";
    }
    int code = a.reason() == Reason.ERROR ? HornbeamCli.EXIT_INTERNAL : a.isPublic() ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
    PublicAccessResponse r = PublicAccessResponse.of(a, PolicyInput.of("policy", false, parsed).warnings());
    Loc at = r.reasons().isEmpty() ? f.loc() : statementLoc(w, "/Statement/" + r.reasons().get(0).statementIndex(), f.loc());
    String src = source(f, at);
    Finding finding = new Finding(src, "", f.name(), t, r.result(), r.reason(), r.reasons(), r.witness(),
        PolicyInput.of("policy", false, parsed).warnings(), r.solver(), micros / 1000.0, false, "", src);
    List<String> lines = new ArrayList<>();
    lines.add(head(f, t) + " " + a.result().name() + " " + why);
    lines.addAll(unknowns(p, w));
    lines.addAll(assumed);
    p.notes().forEach(n -> lines.add("  note: " + n));
    return new Outcome(lines, code, finding);
  }

  private static List<String> unknowns(Found.Policy p, Widening.Widened w) {
    List<String> out = new ArrayList<>();
    for (Widening.Note n : w.notes()) {
      out.add("  unknown: " + (p.where().isEmpty() ? "" : p.where()) + n.toLine() + " (" + p.file() + ":" + n.loc().line() + ")");
    }
    return out;
  }

  private static Outcome unsupported(Found f, String type, String reason) {
    return new Outcome(List.of(head(f, type) + " UNSUPPORTED " + reason), HornbeamCli.EXIT_INVALID,
        finding(f.file(), f.loc(), f.name(), type, "INVALID", "UNKNOWN_TYPE", problem("UNSUPPORTED", reason)));
  }

  /** Where the statement a pointer names starts in the file, or {@code fallback}. */
  static Loc statementLoc(Widening.Widened w, String pointer, Loc fallback) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("/Statement/([0-9]+).*").matcher(pointer);
    if (m.matches()) {
      int i = Integer.parseInt(m.group(1));
      if (i < w.statementLocs().size() && w.statementLocs().get(i).line() > 0) {
        return w.statementLocs().get(i);
      }
    }
    return fallback;
  }

  /** {@code validate} on one policy found in a file: its verdict line, then its problems. */
  static Outcome validate(Found f) {
    if (f instanceof Found.Broken b) {
      return new Outcome(List.of(head(f, b.sourceType()) + ": invalid: " + b.reason()), HornbeamCli.EXIT_INVALID, null);
    }
    if (f instanceof Found.Unsupported u) {
      return new Outcome(List.of(head(f, u.sourceType()) + ": UNSUPPORTED " + u.reason()), HornbeamCli.EXIT_INVALID, null);
    }
    Found.Policy p = (Found.Policy) f;
    Optional<ResourceType> type = type(p);
    String t = p.identity() ? "identity-policy" : p.policyType();
    if (!p.identity() && type.isEmpty()) {
      return new Outcome(List.of(head(f, t) + ": UNSUPPORTED Hornbeam does not know the resource type " + p.policyType()),
          HornbeamCli.EXIT_INVALID, null);
    }
    Widening.Widened w = p.widened();
    if (w.refusal().isPresent()) {
      return new Outcome(List.of(head(f, t) + ": invalid: " + w.refusal().get()), HornbeamCli.EXIT_INVALID, null);
    }
    ParseResult parsed = type.isPresent() ? PolicyParser.parse(w.json(), new ResourceScope(type.get(), null))
        : PolicyParser.parse(w.json(), PolicyKind.IDENTITY, Limits.DEFAULT);
    int errors = parsed.errors().size();
    List<String> lines = new ArrayList<>();
    lines.add(head(f, t) + ": " + (parsed.isValid() ? "valid" : "invalid: " + errors + " error" + (errors == 1 ? "" : "s")));
    for (Problem pr : parsed.problems()) {
      Loc at = statementLoc(w, pr.pointer(), f.loc());
      lines.add(f.file() + ":" + at.line() + ": " + pr.toLine());
    }
    for (Widening.Note n : w.notes()) {
      lines.add("  unknown: " + p.where() + n.toLine() + " (" + p.file() + ":" + n.loc().line() + ")");
    }
    p.notes().forEach(n -> lines.add("  note: " + n));
    return new Outcome(lines, parsed.isValid() ? HornbeamCli.EXIT_OK : HornbeamCli.EXIT_INVALID, null);
  }
}
