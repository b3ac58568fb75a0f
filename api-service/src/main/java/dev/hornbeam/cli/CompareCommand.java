package dev.hornbeam.cli;

import dev.hornbeam.portfolio.CheckAnswer;
import dev.hornbeam.portfolio.ComparisonAnswer;
import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.Reason;
import dev.hornbeam.service.Json;
import dev.hornbeam.service.answer.CheckResponse;
import dev.hornbeam.service.answer.CompareResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hornbeam compare A B}: how permissive policy A is next to policy B. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "How permissive is policy A next to policy B? Prints EQUIVALENT, LESS_OR_EQUAL (A allows nothing B does not),",
      "MORE (B allows nothing A does not, A allows more) or INCOMPARABLE on the first line (INVALID for an invalid",
      "policy), then each direction's answer with its witness request in plain words. A direction the solvers cannot",
      "decide in time counts as allowing more (fail closed).",
      "Exit status: 0 equivalent or less-or-equal (proved), 1 more, incomparable or undecided, 2 invalid input,",
      "3 internal error."
    })
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "The first policy document; - reads standard input.")
  String first;

  @Parameters(index = "1", paramLabel = "B", description = "The second policy document; - reads standard input.")
  String second;

  @Mixin CheckCommand.QuestionOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (first.equals("-") && second.equals("-")) {
      err.println("hornbeam compare: only one of A and B can be standard input (-)");
      return HornbeamCli.EXIT_INVALID;
    }
    Optional<Duration> deadline = PolicyFile.deadline("compare", options.deadlineMillis, err);
    Optional<PolicyFile> a = deadline.isEmpty() ? Optional.empty() : options.read("compare", "policy1", first, err);
    Optional<PolicyFile> b = a.isEmpty() ? Optional.empty() : options.read("compare", "policy2", second, err);
    if (b.isEmpty() || PolicyFile.invalid(out, options.json, a.get(), b.get())) {
      return HornbeamCli.EXIT_INVALID;
    }
    ComparisonAnswer answer;
    try (PolicyChecker checker = PolicyFile.checker()) {
      answer = checker.compare(a.get().parsed().policy(), b.get().parsed().policy(), options.typeOrNull(), deadline.get());
    }
    if (options.json) {
      out.println(Json.mapper().writeValueAsString(CompareResponse.of(answer, a.get().input().warnings(), b.get().input().warnings())));
    } else {
      out.println(answer.relation().name());
      out.println(String.format("reason: %s in %.1f ms", answer.reason(), answer.totalMicros() / 1000.0));
      direction(out, "first beyond second (A allows, B does not)", answer.firstBeyondSecond(), CheckResponse.Question.FIRST_BEYOND_SECOND);
      direction(out, "second beyond first (B allows, A does not)", answer.secondBeyondFirst(), CheckResponse.Question.SECOND_BEYOND_FIRST);
      PolicyFile.warnings(out, a.get(), b.get());
    }
    out.flush();
    for (CheckAnswer d : new CheckAnswer[] {answer.firstBeyondSecond(), answer.secondBeyondFirst()}) {
      if (d.reason() == Reason.ERROR) {
        err.println("hornbeam compare: internal error, that direction counts as allowing more (fail closed): " + d.detail());
      }
    }
    boolean proved = answer.reason() == Reason.SOLVED;
    return proved && (answer.relation() == ComparisonAnswer.Relation.EQUIVALENT
        || answer.relation() == ComparisonAnswer.Relation.LESS_OR_EQUAL) ? HornbeamCli.EXIT_OK : HornbeamCli.EXIT_FAIL;
  }

  private static void direction(PrintWriter out, String name, CheckAnswer d, CheckResponse.Question question) {
    out.println(name + ": " + d.verdict());
    PolicyFile.print(out, d, question.message(d));
  }
}
