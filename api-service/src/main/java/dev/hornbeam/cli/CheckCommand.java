package dev.hornbeam.cli;

import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.Json;
import dev.hornbeam.service.answer.AccessInput;
import dev.hornbeam.service.answer.ApiException;
import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.PublicAccessResponse;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hornbeam check QUESTION}: answers one question about one policy (or two) and exits. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Answers a question about a policy: the answer alone on the first line of stdout, then the reasons.",
    subcommands = {CheckCommand.Public.class, CheckCommand.NoNewAccess.class, CheckCommand.AccessNotGranted.class,
        CheckCommand.CrossAccount.class})
final class CheckCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing question (public, no-new-access, access-not-granted, cross-account)");
  }

  @Command(
      name = "public",
      mixinStandardHelpOptions = true,
      description = {
        "Is this resource policy public? Prints PUBLIC, NOT_PUBLIC or INVALID on the first line, then the reasons",
        "and a witness request in plain words. A question the solvers cannot decide in time is PUBLIC (fail closed).",
        "Several files, or a directory (its *.json, *.yaml, *.yml, *.template and *.tf files, recursively; links not followed),",
        "are checked in one run:",
        "one line per file, FILE: RESULT and why; the exit status is the worst of them.",
        "Exit status: 0 not public, 1 public, 2 invalid input, 3 internal error."
      })
  static final class Public implements Callable<Integer> {
    @Option(names = "--type", converter = TypeName.Converter.class, completionCandidates = TypeName.Names.class,
        description = "Resource type of policy documents (the registry's names): ${COMPLETION-CANDIDATES}. CloudFormation"
            + " templates, Terraform plans and configuration files (*.tf) and aws iam get-role outputs say their own types.")
    TypeName type;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE", description = "The value of a CloudFormation template's parameter or"
        + " pseudo parameter (AWS::AccountId=111122223333; repeatable). A value not given is not known: it may be anything.")
    java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

    @Option(names = "--arn", description = "The resource's ARN (default: any resource of the type).")
    String arn;

    @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000", description = "Time for the solvers, in ms (default 10000).")
    long deadlineMillis;

    @Option(names = "--json", description = "Print the HTTP API's JSON answer instead of text.")
    boolean json;

    @Option(names = "--format", defaultValue = "text",
        description = "text (default) or sarif: SARIF 2.1.0 on stdout, one result per public, undecided or invalid file, at the line"
            + " of its first granting statement or problem (for GitHub code scanning).")
    String format;

    @Parameters(paramLabel = "FILE|DIR|-", arity = "1..*",
        description = "The policy documents (files, directories of *.json files); - reads standard input.")
    java.util.List<String> files;

    String file;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!format.equals("text") && !format.equals("sarif")) {
        err.println("hornbeam check public: --format is text or sarif, not " + format);
        return HornbeamCli.EXIT_INVALID;
      }
      if (format.equals("sarif") && json) {
        err.println("hornbeam check public: --json and --format sarif are two outputs: choose one");
        return HornbeamCli.EXIT_INVALID;
      }
      if (PolicyFile.many(files) || format.equals("sarif") || (!files.get(0).equals("-")
          && SourceChecks.read(files.get(0), readQuietly(files.get(0)), parameters, null) != null)) {
        return many(out, err);
      }
      file = files.get(0);
      if (type == null) {
        err.println("hornbeam check public: a policy document needs --type (one of " + ResourceType.cliNames() + ")");
        return HornbeamCli.EXIT_INVALID;
      }
      Optional<Duration> deadline = PolicyFile.deadline("check public", deadlineMillis, err);
      Optional<String> arnProblem = arn == null ? Optional.empty() : type.type.arnProblem(arn);
      if (arnProblem.isPresent()) {
        err.println("hornbeam check public: --arn is not the ARN of an " + type.type.cloudFormationName() + ": " + arnProblem.get());
        return HornbeamCli.EXIT_INVALID;
      }
      Optional<PolicyFile> policy = deadline.isEmpty() ? Optional.empty()
          : PolicyFile.read("check public", "policy", file, new ResourceScope(type.type, arn), err);
      if (policy.isEmpty() || PolicyFile.invalid(out, json, policy.get())) {
        return HornbeamCli.EXIT_INVALID;
      }
      PublicAccessAnswer answer;
      try (PolicyChecker checker = PolicyFile.checker()) {
        answer = checker.isPublic(policy.get().parsed().policy(), type.type, arn, deadline.get());
      }
      if (json) {
        out.println(Json.mapper().writeValueAsString(PublicAccessResponse.of(answer, policy.get().input().warnings())));
      } else {
        print(out, answer);
        PolicyFile.warnings(out, policy.get());
      }
      out.flush();
      if (answer.reason() == Reason.ERROR) {
        err.println("hornbeam check public: internal error, answered PUBLIC (fail closed): " + answer.detail());
      }
      return answer.isPublic() ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
    }

    /**
     * Many files in one JVM and one checker (a JVM start costs 1–2.5 s a file otherwise): one line per file,
     * in the order given (a directory's files sorted), and the worst exit status.
     */
    private int many(PrintWriter out, PrintWriter err) throws IOException {
      if (arn != null) {
        err.println("hornbeam check public: --arn names one resource: give one file with it");
        return HornbeamCli.EXIT_INVALID;
      }
      if (files.contains("-")) {
        err.println("hornbeam check public: standard input (-) can only be checked alone");
        return HornbeamCli.EXIT_INVALID;
      }
      Optional<Duration> deadline = PolicyFile.deadline("check public", deadlineMillis, err);
      if (deadline.isEmpty()) {
        return HornbeamCli.EXIT_INVALID;
      }
      java.util.List<String> expanded = PolicyFile.expand(files);
      if (expanded.isEmpty()) {
        err.println("hornbeam check public: no *.json, *.yaml, *.yml, *.template or *.tf file in " + String.join(", ", files));
        return HornbeamCli.EXIT_INVALID;
      }
      int worst = HornbeamCli.EXIT_OK;
      boolean sarif = format.equals("sarif");
      java.util.List<dev.hornbeam.audit.Finding> findings = new java.util.ArrayList<>();
      String started = java.time.Instant.now().toString();
      java.util.Map<String, String> versions = new java.util.LinkedHashMap<>();
      try (PolicyChecker checker = PolicyFile.checker()) {
        checker.portfolio().versions().forEach((id, v) -> versions.put(id.key(), v));
        for (String f : expanded) {
          byte[] raw = readQuietly(f);
          dev.hornbeam.policy.source.Inputs.Read in = raw.length == 0 ? null
              : SourceChecks.read(f, raw, parameters, type == null ? null : type.type);
          if (in != null || type == null) {
            java.util.List<SourceChecks.Outcome> outcomes = new java.util.ArrayList<>();
            if (in == null || (in.format() == dev.hornbeam.policy.source.Inputs.Format.POLICY && in.found().isEmpty())) {
              outcomes.add(SourceChecks.noType(f));
            } else if (in.found().isEmpty()) {
              outcomes.add(new SourceChecks.Outcome(java.util.List.of(f + " - - NONE no resource policy in the file"), HornbeamCli.EXIT_OK,
                  null));
            }
            for (dev.hornbeam.policy.source.Found x : in == null ? java.util.List.<dev.hornbeam.policy.source.Found>of() : in.found()) {
              outcomes.add(SourceChecks.checkPublic(x, checker, deadline.get()));
            }
            for (SourceChecks.Outcome o : outcomes) {
              if (!sarif) {
                o.lines().forEach(out::println);
                out.flush();
              }
              if (o.finding() != null) {
                findings.add(o.finding());
              }
              worst = Math.max(worst, o.code());
            }
            continue;
          }
          java.io.StringWriter quiet = new java.io.StringWriter();
          Optional<PolicyFile> policy = PolicyFile.read("check public", "policy", f, new ResourceScope(type.type, null),
              new PrintWriter(quiet));
          int code;
          String line;
          byte[] text = sarif ? readQuietly(f) : new byte[0];
          String cf = type.type.cloudFormationName();
          if (policy.isEmpty()) {
            String why = quiet.toString().strip().replaceFirst("^hornbeam check public: ", "");
            line = f + ": INVALID " + why;
            code = HornbeamCli.EXIT_INVALID;
            findings.add(new dev.hornbeam.audit.Finding(f, "", f, cf, "INVALID", "INVALID_POLICY", java.util.List.of(), null,
                java.util.List.of(new dev.hornbeam.service.answer.PolicyProblem("policy", "", "UNREADABLE", "error", why)), null, 0,
                false, "", f));
          } else if (!policy.get().parsed().isValid()) {
            java.util.List<dev.hornbeam.policy.parse.Problem> errors = policy.get().parsed().errors();
            line = f + ": INVALID " + errors.get(0).toLine() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
            code = HornbeamCli.EXIT_INVALID;
            int at = JsonLines.line(text, errors.get(0).pointer());
            findings.add(new dev.hornbeam.audit.Finding(f, "", f, cf, "INVALID", "INVALID_POLICY", java.util.List.of(), null,
                policy.get().input().problems(), null, 0, false, "", f + (at > 0 ? ":" + at : "")));
          } else {
            PublicAccessAnswer a = checker.isPublic(policy.get().parsed().policy(), type.type, null, deadline.get());
            String why = a.reason() == Reason.SOLVED
                ? (a.isPublic() ? "witness: " + a.witnessText() : "proved") + a.solver().map(x -> " (" + x.key() + ")").orElse("")
                : a.reason() + ", treated as public (fail closed)" + (a.detail().isEmpty() ? "" : ": " + a.detail());
            line = f + ": " + a.result().name() + " " + why;
            code = a.reason() == Reason.ERROR ? HornbeamCli.EXIT_INTERNAL : a.isPublic() ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
            PublicAccessResponse r = PublicAccessResponse.of(a, policy.get().input().warnings());
            int at = r.reasons().isEmpty() ? 0 : JsonLines.line(text, "/Statement/" + r.reasons().get(0).statementIndex());
            if (at == 0 && !r.reasons().isEmpty() && r.reasons().get(0).statementIndex() == 0) {
              at = JsonLines.line(text, "/Statement"); // a single statement object
            }
            findings.add(new dev.hornbeam.audit.Finding(f, "", f, cf, r.result(), r.reason(), r.reasons(), r.witness(),
                policy.get().input().warnings(), r.solver(), a.timings().total() / 1000.0, false, "", f + (at > 0 ? ":" + at : "")));
          }
          if (!sarif) {
            out.println(line);
            out.flush();
          }
          worst = Math.max(worst, code);
        }
      }
      if (sarif) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        dev.hornbeam.audit.report.Reports.sarif(bytes, new dev.hornbeam.audit.RunInfo(files, started, java.time.Instant.now().toString(),
            new HornbeamCli.Version().getVersion()[0], versions, 0), findings);
        out.print(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        out.println();
        out.flush();
      }
      return worst;
    }

    private static byte[] readQuietly(String file) {
      try {
        return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
      } catch (IOException | RuntimeException e) {
        return new byte[0];
      }
    }

    static void print(PrintWriter out, PublicAccessAnswer a) {
      out.println(a.result().name());
      out.println(PolicyFile.reason(a.reason(), a.solver(), a.timings(), a.cached(), a.detail(), "treated as public"));
      PolicyFile.grants(out, a.grants(), a.witnessText());
      if (a.reason() == Reason.SOLVED && !a.isPublic()) {
        out.println("no request from outside the policy's named accounts, principals and networks is allowed (proved)");
      }
    }
  }

  /** The options of the questions on two request sets (no-new-access, access-not-granted, cross-account, compare). */
  static final class QuestionOptions {
    @Option(names = "--identity", description = "The policies are identity policies (no Principal); default: resource policies.")
    boolean identity;

    @Option(names = "--type", converter = TypeName.Converter.class, completionCandidates = TypeName.Names.class,
        description = "Only actions of this resource type's service count (default: every action); resource policies get"
        + " its size quota: ${COMPLETION-CANDIDATES}.")
    TypeName type;

    @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000", description = "Time for the solvers, in ms (default 10000).")
    long deadlineMillis;

    @Option(names = "--json", description = "Print the HTTP API's JSON answer instead of text.")
    boolean json;

    ResourceType typeOrNull() {
      return type == null ? null : type.type;
    }

    Optional<PolicyFile> read(String command, String field, String file, PrintWriter err) {
      PolicyKind kind = identity ? PolicyKind.IDENTITY : PolicyKind.RESOURCE;
      Limits limits = kind == PolicyKind.RESOURCE && type != null ? type.type.limits() : Limits.DEFAULT;
      return PolicyFile.read(command, field, file, kind == PolicyKind.RESOURCE ? typeOrNull() : null, kind, limits, err);
    }
  }

  /**
   * Answers a check on policies read already (none empty) and prints it: {@code PASS} / {@code FAIL} /
   * {@code INVALID} first. {@code granting} is the policy whose statements the answer's grants name.
   */
  static int answer(CommandLine.Model.CommandSpec spec, String command, QuestionOptions o, CheckResponse.Question question,
      List<Optional<PolicyFile>> files, BiFunction<PolicyChecker, Duration, CheckAnswer> ask) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Duration> deadline = PolicyFile.deadline(command, o.deadlineMillis, err);
    if (deadline.isEmpty() || files.stream().anyMatch(Optional::isEmpty)) {
      return HornbeamCli.EXIT_INVALID;
    }
    PolicyFile[] policies = files.stream().map(Optional::get).toArray(PolicyFile[]::new);
    if (PolicyFile.invalid(out, o.json, policies)) {
      return HornbeamCli.EXIT_INVALID;
    }
    CheckAnswer a;
    try (PolicyChecker checker = PolicyFile.checker()) {
      a = ask.apply(checker, deadline.get());
    }
    PolicyFile granting = policies[policies.length - 1];
    if (o.json) {
      out.println(Json.mapper().writeValueAsString(CheckResponse.of(a, question, granting.input().warnings())));
    } else {
      out.println(a.verdict().name());
      PolicyFile.print(out, a, question.message(a));
      PolicyFile.warnings(out, policies);
    }
    out.flush();
    if (a.reason() == Reason.ERROR) {
      err.println("hornbeam " + command + ": internal error, answered FAIL (fail closed): " + a.detail());
    }
    return a.passed() ? HornbeamCli.EXIT_OK : HornbeamCli.EXIT_FAIL;
  }

  @Command(
      name = "no-new-access",
      mixinStandardHelpOptions = true,
      description = {
        "Does the new policy allow any request the existing one does not (IAM Access Analyzer's CheckNoNewAccess)?",
        "Prints PASS, FAIL or INVALID on the first line, then the reason and, for FAIL, the statements of the new",
        "policy that grant the new access and a witness request in plain words. Undecided in time is FAIL (fail closed).",
        "Exit status: 0 pass, 1 fail, 2 invalid input, 3 internal error."
      })
  static final class NoNewAccess implements Callable<Integer> {
    @Option(names = "--existing", required = true, paramLabel = "FILE|-", description = "The policy in force; - reads standard input.")
    String existing;

    @Option(names = "--new", required = true, paramLabel = "FILE|-", description = "The proposed policy; - reads standard input.")
    String proposed;

    @Mixin QuestionOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String command = "check no-new-access";
      if (existing.equals("-") && proposed.equals("-")) {
        spec.commandLine().getErr().println("hornbeam " + command + ": only one of --existing and --new can be standard input (-)");
        return HornbeamCli.EXIT_INVALID;
      }
      Optional<PolicyFile> before = options.read(command, "existingPolicy", existing, spec.commandLine().getErr());
      Optional<PolicyFile> after = before.isEmpty() ? Optional.empty()
          : options.read(command, "newPolicy", proposed, spec.commandLine().getErr());
      return answer(spec, command, options, CheckResponse.Question.NO_NEW_ACCESS, List.of(before, after),
          (checker, deadline) -> checker.noNewAccess(before.get().parsed().policy(), after.get().parsed().policy(),
              options.typeOrNull(), deadline));
    }
  }

  @Command(
      name = "access-not-granted",
      mixinStandardHelpOptions = true,
      description = {
        "Does the policy grant none of the given access (IAM Access Analyzer's CheckAccessNotGranted)? Actions and",
        "resources may hold IAM wildcards; without --action any action counts, without --resource any resource.",
        "Prints PASS, FAIL or INVALID on the first line, then the reason and, for FAIL, the granting statements and",
        "a witness request. Undecided in time is FAIL (fail closed).",
        "Exit status: 0 pass, 1 fail, 2 invalid input, 3 internal error."
      })
  static final class AccessNotGranted extends OnePolicy {
    @Option(names = "--action", paramLabel = "ACTION", description = "An action that must not be granted, e.g. s3:PutBucketPolicy "
        + "(repeatable, at most 100).")
    List<String> actions = List.of();

    @Option(names = "--resource", paramLabel = "ARN", description = "A resource no access to which may be granted (repeatable, at most 100).")
    List<String> resources = List.of();

    AccessNotGranted() {
      super("check access-not-granted", CheckResponse.Question.ACCESS_NOT_GRANTED);
    }

    @Override
    String wrong() {
      try {
        AccessInput.of(actions, resources);
        return null;
      } catch (ApiException e) {
        return e.getMessage();
      }
    }

    @Override
    CheckAnswer ask(PolicyChecker checker, Policy policy, Duration deadline) {
      return checker.accessNotGranted(policy, options.typeOrNull(), actions, resources, deadline);
    }
  }

  @Command(
      name = "cross-account",
      mixinStandardHelpOptions = true,
      description = {
        "Can the policy allow anything to a principal outside the owner account (anonymous callers, other",
        "accounts' identities, other providers' federated users; AWS service principals do not count)?",
        "Prints PASS, FAIL or INVALID on the first line, then the reason and, for FAIL, the granting statements and",
        "a witness request naming the outside principal. Undecided in time is FAIL (fail closed).",
        "Exit status: 0 pass, 1 fail, 2 invalid input, 3 internal error."
      })
  static final class CrossAccount extends OnePolicy {
    @Option(names = "--owner", required = true, paramLabel = "ACCOUNT", description = "The owner's 12-digit account id.")
    String owner;

    CrossAccount() {
      super("check cross-account", CheckResponse.Question.CROSS_ACCOUNT);
    }

    @Override
    String wrong() {
      return owner.matches("\\d{12}") ? null : "--owner must be a 12-digit account id, not " + owner;
    }

    @Override
    CheckAnswer ask(PolicyChecker checker, Policy policy, Duration deadline) {
      return checker.crossAccount(policy, options.typeOrNull(), owner, deadline);
    }
  }

  /** A check on one policy file: its {@code FILE|-} parameter, the shared options, and the flow. */
  abstract static class OnePolicy implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|-", description = "The policy document; - reads standard input.")
    String file;

    @Mixin QuestionOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final String command;
    private final CheckResponse.Question question;

    OnePolicy(String command, CheckResponse.Question question) {
      this.command = command;
      this.question = question;
    }

    /** What is wrong with the command's own options, or null. */
    abstract String wrong();

    abstract CheckAnswer ask(PolicyChecker checker, Policy policy, Duration deadline);

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      String wrong = wrong();
      if (wrong != null) {
        err.println("hornbeam " + command + ": " + wrong);
        return HornbeamCli.EXIT_INVALID;
      }
      Optional<PolicyFile> policy = options.read(command, "policy", file, err);
      return answer(spec, command, options, question, List.of(policy),
          (checker, deadline) -> ask(checker, policy.get().parsed().policy(), deadline));
    }
  }
}
