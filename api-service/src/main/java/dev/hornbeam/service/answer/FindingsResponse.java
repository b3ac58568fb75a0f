package dev.hornbeam.service.answer;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.portfolio.findings.Described;
import dev.hornbeam.portfolio.findings.Finding;
import dev.hornbeam.portfolio.findings.FindingsAnswer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who outside the zone of trust has access ({@code POST /v1/findings}, {@code hornbeam findings --json}):
 * {@code coverage} PROVED (the findings cover every allowed request from outside, proved) or UNDECIDED
 * (the last finding stands for what could not be decided: fail closed); each finding by part, as IAM Access
 * Analyzer shows one, in plain words, with a witness request and the statements that allow it.
 */
@Serdeable
public record FindingsResponse(String zone, String coverage, String message, List<FindingView> findings, int queries,
    long millis, String detail, List<PolicyProblem> warnings) {

  /**
   * @param exact proved: the policy allows every request of the finding from outside the zone
   * @param undecided not proved to exist: what the search could not decide
   * @param statements the granting statements of the witness, by index
   */
  @Serdeable
  public record FindingView(String words, List<String> principals, List<String> exceptPrincipals, List<String> actions,
      List<String> exceptActions, List<String> catalogueActions, Map<String, Integer> accessLevels, List<String> resources,
      List<String> exceptResources, List<String> conditions, List<String> unless, boolean exact, boolean undecided,
      List<Integer> statements, @Nullable PublicAccessResponse.Witness witness) {}

  public static FindingsResponse of(FindingsAnswer a, List<PolicyProblem> warnings) {
    List<FindingView> views = new ArrayList<>();
    for (Finding f : a.findings()) {
      Described d = f.described();
      views.add(new FindingView(f.words(), d.principals(), d.exceptPrincipals(), d.actions(), d.exceptActions(),
          d.catalogueActions(), d.accessLevels(), d.resources(), d.exceptResources(), d.conditions(), d.unless(), f.exact(),
          f.undecided(), f.statements(), f.witness().map(w -> PublicAccessResponse.witness(w, f.witnessText())).orElse(null)));
    }
    return new FindingsResponse(Zone.describe(a.zone()), a.coverage().name(), message(a), views, a.queries(),
        a.micros() / 1_000, a.detail(), warnings);
  }

  static String message(FindingsAnswer a) {
    String zone = Zone.describe(a.zone());
    if (a.coverage() == FindingsAnswer.Coverage.UNDECIDED) {
      return "Not every access from outside " + zone + " could be decided: the last finding stands for it (fail closed).";
    }
    if (a.findings().isEmpty()) {
      return "Nobody outside " + zone + " has access (proved).";
    }
    return a.findings().size() + (a.findings().size() == 1 ? " finding covers" : " findings cover")
        + " all access from outside " + zone + " (proved).";
  }
}
