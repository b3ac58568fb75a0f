package dev.hornbeam.smt;

import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts every real AWS request has, asserted by the questions so that a witness is a request AWS could
 * send and not an artefact of free variables.
 */
final class Realism {
  private Realism() {}

  /**
   * AWS sends typed keys with values of their type: a key read by Numeric/Date/Bool/Binary/IpAddress
   * operators holds a well-formed value, and one read by Arn operators holds an ARN. (Without this, a
   * garbage value would dodge a Deny such as NotIpAddress and make every such policy look public.)
   */
  static void typedValues(List<Policy> policies, KeyVars k, Problem.Builder goal) {
    boolean arn = false;
    for (Policy policy : policies) {
      for (Statement s : policy.statements()) {
        for (Condition c : s.conditions()) {
          if (c.key().equalsIgnoreCase(k.name()) && c.operator().base().family() == OperatorFamily.ARN) {
            arn = true;
          }
        }
      }
    }
    List<BoolFormula> all = new ArrayList<>();
    for (int e = 0; e < k.elements(); e++) {
      List<BoolFormula> typed = new ArrayList<>();
      for (View v : k.views()) {
        switch (v) {
          case NUM -> typed.add(k.numOkVar(e));
          case DATE -> typed.add(k.dateOkVar(e));
          case BOOL -> typed.add(k.boolOkVar(e));
          case BIN -> typed.add(k.binOkVar(e));
          case IP -> typed.add(BoolFormula.not(Terms.eq(k.ipFamilyVar(e), 0)));
          case STR -> {
            if (arn) {
              typed.add(PolicyEncoder.isArn(k.strVar(e)));
            }
          }
        }
      }
      all.add(BoolFormula.implies(k.active(e), BoolFormula.and(typed)));
    }
    goal.assertThat(BoolFormula.and(all));
  }

  /**
   * An action is {@code service:Name}: a service prefix of letters, digits and '-', and a non-empty
   * alphanumeric name (Service Authorization Reference; lowercased here, see {@link RequestVars#ACTION}).
   * Without it a witness could be the action {@code "s3:"}, which no caller can send.
   */
  static void actionName(Problem.Builder goal) {
    RegexFormula letters = Terms.union(Terms.range('a', 'z'), Terms.range('0', '9'));
    goal.assertThat(Terms.in(RequestVars.ACTION_VAR, Terms.seq(Terms.plus(Terms.union(Terms.range('a', 'z'), Terms.range('0', '9'),
        Terms.lit("-"))), Terms.lit(":"), Terms.plus(letters))));
  }

  /**
   * Outside account {@code owner}: anonymous; an AWS principal of another account; a federated user whose
   * provider is not an identity provider of {@code owner}; or a canonical user (whose account cannot be
   * told from the id, so counted as outside: fail closed); or a CloudFront origin access identity (of no
   * 12-digit account). Service principals act for AWS itself and are
   * not counted (IAM Access Analyzer does not report them either).
   */
  static BoolFormula outside(String owner) {
    RegexFormula noColon = Terms.star(Terms.NOT_COLON);
    BoolFormula providerOfOwner = Terms.in(RequestVars.NAME_VAR, Terms.seq(Terms.lit("arn:"), noColon, Terms.lit(":"), noColon,
        Terms.lit(":"), noColon, Terms.lit(":" + owner + ":"), Terms.ALL));
    return BoolFormula.or(
        RequestVars.kind(RequestVars.ANONYMOUS),
        BoolFormula.and(RequestVars.kind(RequestVars.AWS), BoolFormula.not(Terms.eq(RequestVars.ACCOUNT_VAR, owner))),
        BoolFormula.and(RequestVars.kind(RequestVars.FEDERATED), BoolFormula.not(providerOfOwner)),
        RequestVars.kind(RequestVars.CANONICAL_USER),
        RequestVars.kind(RequestVars.CLOUDFRONT_OAI));
  }
}
