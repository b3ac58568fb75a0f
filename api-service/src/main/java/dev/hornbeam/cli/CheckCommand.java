package dev.hornbeam.cli;

import dev.hornbeam.service.Json;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.portfolio.Grant;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.PublicAccessAnswer;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.api.ApiException;
import dev.hornbeam.service.api.PolicyInput;
import dev.hornbeam.service.api.PolicyProblem;
import dev.hornbeam.service.api.PublicAccessResponse;
import dev.hornbeam.smt.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hornbeam check QUESTION}: answers one question about one policy and exits. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Answers a question about a policy: the answer alone on the first line of stdout, then the reasons.",
    subcommands = {CheckCommand.Public.class})
final class CheckCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing question (public)");
  }

  /** The resource types of the public-access question. */
  enum Type {
    s3(ResourceType.S3_BUCKET), kms(ResourceType.KMS_KEY), sqs(ResourceType.SQS_QUEUE), sns(ResourceType.SNS_TOPIC);

    final ResourceType type;

    Type(ResourceType type) {
      this.type = type;
    }
  }

  @Command(
      name = "public",
      mixinStandardHelpOptions = true,
      description = {
        "Is this resource policy public? Prints PUBLIC, NOT_PUBLIC or INVALID on the first line, then the reasons",
        "and a witness request in plain words. A question the solvers cannot decide in time is PUBLIC (fail closed).",
        "Exit status: 0 not public, 1 public, 2 invalid input, 3 internal error."
      })
  static final class Public implements Callable<Integer> {
    @Option(names = "--type", required = true, description = "Resource type: s3, kms, sqs or sns.")
    Type type;

    @Option(names = "--arn", description = "The resource's ARN (default: any resource of the type).")
    String arn;

    @Option(names = "--deadline", paramLabel = "MS", defaultValue = "10000", description = "Time for the solvers, in ms (default 10000).")
    long deadlineMillis;

    @Option(names = "--json", description = "Print the HTTP API's JSON answer instead of text.")
    boolean json;

    @Parameters(paramLabel = "FILE|-", description = "The policy document; - reads standard input.")
    String file;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (deadlineMillis < 1 || deadlineMillis > 3_600_000) {
        err.println("hornbeam check public: --deadline must be from 1 to 3600000 ms");
        return HornbeamCli.EXIT_INVALID;
      }
      byte[] bytes;
      try {
        bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      } catch (NoSuchFileException e) {
        err.println("hornbeam check public: no such file: " + file);
        return HornbeamCli.EXIT_INVALID;
      } catch (IOException e) {
        err.println("hornbeam check public: cannot read " + file + ": " + e.getMessage());
        return HornbeamCli.EXIT_INVALID;
      }
      ParseResult parsed = PolicyParser.parse(bytes, PolicyKind.RESOURCE, PolicyInput.limits(type.type));
      List<PolicyProblem> problems = parsed.problems().stream().map(p -> PolicyProblem.of("policy", false, p)).toList();
      if (!parsed.isValid()) {
        if (json) {
          out.println(Json.mapper().writeValueAsString(
              ApiException.invalidPolicy("the policy is invalid: " + parsed.errors().size() + " error(s)", problems).body()));
        } else {
          out.println("INVALID");
          for (Problem p : parsed.problems()) {
            out.println(p.toLine());
          }
        }
        out.flush();
        return HornbeamCli.EXIT_INVALID;
      }
      // In-process: a one-shot check answers faster than a worker pool could start (issue 5: ≤ 3 s cold).
      PortfolioConfig config = PortfolioConfig.defaults().toBuilder().mode(PortfolioConfig.Mode.IN_PROCESS)
          .workersPerSolver(1).cacheEntries(0).build();
      PublicAccessAnswer answer;
      try (PolicyChecker checker = PolicyChecker.start(config, new SimpleMeterRegistry())) {
        answer = checker.isPublic(parsed.policy(), type.type, arn, Duration.ofMillis(deadlineMillis));
      }
      List<PolicyProblem> warnings = problems.stream().filter(p -> p.severity().equals("warning")).toList();
      if (json) {
        out.println(Json.mapper().writeValueAsString(PublicAccessResponse.of(answer, warnings)));
      } else {
        print(out, answer, parsed.warnings());
      }
      out.flush();
      if (answer.reason() == Reason.ERROR) {
        err.println("hornbeam check public: internal error, answered PUBLIC (fail closed): " + answer.detail());
      }
      return answer.isPublic() ? HornbeamCli.EXIT_PUBLIC : HornbeamCli.EXIT_OK;
    }

    static void print(PrintWriter out, PublicAccessAnswer a, List<Problem> warnings) {
      out.println(a.result().name());
      String solver = a.solver().map(s -> " by " + s.key()).orElse("");
      String time = String.format(" in %.1f ms", a.timings().total() / 1000.0);
      if (a.reason() == Reason.SOLVED) {
        out.println("reason: SOLVED" + solver + time + (a.cached() ? " (cached)" : ""));
        if (a.isPublic()) {
          for (Grant g : a.grants()) {
            out.println("grant: " + g.description());
          }
          out.println("witness: " + a.witnessText());
        } else {
          out.println("no request from outside the policy's named accounts, principals and networks is allowed (proved)");
        }
      } else {
        out.println("reason: " + a.reason() + time + ": treated as public (fail closed)" + (a.detail().isEmpty() ? "" : ": " + a.detail()));
      }
      for (Problem w : warnings) {
        out.println("warning: " + w.toLine());
      }
    }
  }
}
