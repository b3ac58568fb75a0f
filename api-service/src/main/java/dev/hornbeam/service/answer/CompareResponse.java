package dev.hornbeam.service.answer;

import dev.hornbeam.portfolio.ComparisonAnswer;
import dev.hornbeam.portfolio.Reason;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The answer of {@code POST /v1/compare}: how permissive the first policy is next to the second
 * ({@code relation} EQUIVALENT, LESS_OR_EQUAL, MORE or INCOMPARABLE), from two checks that run at once.
 * {@code firstBeyondSecond} FAILs with a witness when the first policy allows a request the second does
 * not (its {@code reasons} are statements of the first policy, its {@code warnings} the first policy's),
 * and {@code secondBeyondFirst} the reverse. Fail closed: a direction without a definite answer counts
 * as "allows more" and {@code reason} is then its reason.
 */
@Serdeable
public record CompareResponse(String relation, String reason, String message, CheckResponse firstBeyondSecond,
    CheckResponse secondBeyondFirst, Total timings) {

  /** Wall time of the comparison, in milliseconds (the directions' own timings are in each). */
  @Serdeable
  public record Total(double total) {}

  public static CompareResponse of(ComparisonAnswer a, List<PolicyProblem> firstWarnings, List<PolicyProblem> secondWarnings) {
    return new CompareResponse(a.relation().name(), a.reason().name(), message(a),
        CheckResponse.of(a.firstBeyondSecond(), CheckResponse.Question.FIRST_BEYOND_SECOND, firstWarnings),
        CheckResponse.of(a.secondBeyondFirst(), CheckResponse.Question.SECOND_BEYOND_FIRST, secondWarnings),
        new Total(Math.round(a.totalMicros() / 10.0) / 100.0));
  }

  /** The relation in one sentence. */
  static String message(ComparisonAnswer a) {
    String relation = switch (a.relation()) {
      case EQUIVALENT -> "The two policies grant exactly the same access (proved).";
      case LESS_OR_EQUAL -> "The first policy grants nothing that the second does not (proved); the second grants more.";
      case MORE -> "The first policy grants more than the second; the second grants nothing that the first does not (proved).";
      case INCOMPARABLE -> "Each policy grants something that the other does not.";
    };
    return a.reason() == Reason.SOLVED ? relation
        : relation + " Fail closed: a direction without a definite answer counts as granting more ("
            + a.reason() + ").";
  }
}
