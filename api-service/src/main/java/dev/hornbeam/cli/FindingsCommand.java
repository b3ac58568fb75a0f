package dev.hornbeam.cli;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import dev.hornbeam.service.Json;
import dev.hornbeam.service.answer.FindingsResponse;
import dev.hornbeam.service.answer.ZoneInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hornbeam findings FILE}: who outside a zone of trust has access under a resource policy. */
@Command(
    name = "findings",
    mixinStandardHelpOptions = true,
    description = {
      "Who outside a zone of trust has access under a resource policy, as IAM Access Analyzer's findings: each a",
      "principal, actions, resources and condition values, in plain words, with a witness request. The findings are",
      "proved to cover all access from outside the zone; what cannot be decided in time is one UNDECIDED finding.",
      "Prints NONE, FINDINGS, UNDECIDED or INVALID on the first line, then the findings.",
      "Exit status: 0 nobody outside has access, 1 findings (or undecided: fail closed), 2 invalid input, 3 internal error."
    })
final class FindingsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE|-", description = "The resource policy; - reads standard input.")
  String file;

  @Option(names = "--type", required = true, converter = TypeName.Converter.class, completionCandidates = TypeName.Names.class,
      description = "The resource type: ${COMPLETION-CANDIDATES}.")
  TypeName type;

  @Option(names = "--arn", description = "The resource's ARN (default: any resource of the type).")
  String arn;

  @Option(names = "--zone", defaultValue = "account", description = "The zone of trust: account (default), org or public.")
  String zone;

  @Option(names = "--account", paramLabel = "ID", description = "The trusted account (default: the account in --arn).")
  String account;

  @Option(names = "--org-id", paramLabel = "o-…", description = "The organization's id (--zone org).")
  String orgId;

  @Option(names = "--org-accounts", paramLabel = "FILE", description = "The organization's accounts, one per line (--zone org).")
  String orgAccounts;

  @Option(names = "--deadline", paramLabel = "MS", defaultValue = "30000", description = "Time for the whole search, in ms (default 30000).")
  long deadlineMillis;

  @Option(names = "--json", description = "Print the HTTP API's JSON answer (POST /v1/findings) instead of text.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> arnProblem = arn == null ? Optional.empty() : type.type.arnProblem(arn);
    if (arnProblem.isPresent()) {
      err.println("hornbeam findings: --arn is not the ARN of an " + type.type.cloudFormationName() + ": " + arnProblem.get());
      return HornbeamCli.EXIT_INVALID;
    }
    List<String> accounts = null;
    if (orgAccounts != null) {
      try {
        accounts = dev.hornbeam.audit.ZoneOptions.accounts(Path.of(orgAccounts));
      } catch (IOException e) {
        err.println("hornbeam findings: cannot read --org-accounts " + orgAccounts + ": " + e.getMessage());
        return HornbeamCli.EXIT_INVALID;
      }
    }
    Zone z;
    try {
      z = ZoneInput.of(zone, account, orgId, accounts, arn);
    } catch (ZoneInput.Problem p) {
      err.println("hornbeam findings: " + p.getMessage() + " (--" + option(p.field()) + ")");
      return HornbeamCli.EXIT_INVALID;
    }
    Optional<Duration> deadline = PolicyFile.deadline("findings", deadlineMillis, err);
    Optional<PolicyFile> policy = deadline.isEmpty() ? Optional.empty()
        : PolicyFile.read("findings", "policy", file, new ResourceScope(type.type, arn), err);
    if (policy.isEmpty() || PolicyFile.invalid(out, json, policy.get())) {
      return HornbeamCli.EXIT_INVALID;
    }
    FindingsAnswer answer;
    try (PolicyChecker checker = PolicyFile.checker()) {
      answer = checker.findings(policy.get().parsed().policy(), type.type, arn, z, deadline.get());
    }
    FindingsResponse response = FindingsResponse.of(answer, policy.get().input().warnings());
    if (json) {
      out.println(Json.mapper().writeValueAsString(response));
    } else {
      print(out, answer, response);
      PolicyFile.warnings(out, policy.get());
    }
    out.flush();
    return answer.hasAccess() ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
  }

  private static void print(PrintWriter out, FindingsAnswer a, FindingsResponse r) {
    out.println(a.coverage() == FindingsAnswer.Coverage.UNDECIDED ? "UNDECIDED" : a.findings().isEmpty() ? "NONE" : "FINDINGS");
    out.println(r.message() + " " + a.queries() + " solver questions, " + a.micros() / 1_000 + " ms.");
    int n = 1;
    for (Finding f : a.findings()) {
      out.println(n++ + ". " + f.words());
      if (f.undecided()) {
        continue;
      }
      out.println("   " + (f.exact() ? "exact: the policy allows all of it" : "not exact: the policy allows some of it")
          + "; granted by statement" + (f.statements().size() == 1 ? " " : "s ") + f.statements());
      out.println("   e.g. " + f.witnessText());
    }
  }

  private static String option(String field) {
    return switch (field) {
      case "organizationId" -> "org-id";
      case "organizationAccounts" -> "org-accounts";
      default -> field;
    };
  }
}
