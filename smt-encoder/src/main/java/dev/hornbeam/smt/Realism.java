package dev.hornbeam.smt;

import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
  static void typedValues(List<Policy> policies, KeyVars k, List<String> goal) {
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
    List<String> all = new ArrayList<>();
    for (int e = 0; e < k.elements(); e++) {
      List<String> typed = new ArrayList<>();
      for (View v : k.views()) {
        switch (v) {
          case NUM -> typed.add(k.numOk(e));
          case DATE -> typed.add(k.dateOk(e));
          case BOOL -> typed.add(k.boolOk(e));
          case BIN -> typed.add(k.binOk(e));
          case IP -> typed.add("(not (= " + k.ipFamily(e) + " 0))");
          case STR -> {
            if (arn) {
              typed.add(PolicyEncoder.isArn(k.str(e)));
            }
          }
        }
      }
      all.add(Smt.implies(k.active(e), Smt.and(typed)));
    }
    String t = Smt.and(all);
    if (!t.equals(Smt.TRUE)) {
      goal.add("(assert " + t + ")");
    }
  }

  /**
   * An action is {@code service:Name}: a service prefix of letters, digits and '-', and a non-empty
   * alphanumeric name (Service Authorization Reference; lowercased here, see {@link RequestVars#ACTION}).
   * Without it a witness could be the action {@code "s3:"}, which no caller can send.
   */
  static void actionName(List<String> goal) {
    String letters = "(re.range \"a\" \"z\") (re.range \"0\" \"9\")";
    goal.add("(assert (str.in_re " + RequestVars.ACTION + " (re.++ (re.+ (re.union " + letters + " (str.to_re \"-\")))"
        + " (str.to_re \":\") (re.+ (re.union " + letters + ")))))");
  }

  /**
   * Outside account {@code owner}: anonymous; an AWS principal of another account; a federated user whose
   * provider is not an identity provider of {@code owner}; or a canonical user (whose account cannot be
   * told from the id, so counted as outside: fail closed). Service principals act for AWS itself and are
   * not counted (IAM Access Analyzer does not report them either).
   */
  static String outside(String owner) {
    String noColon = "(re.* (re.diff re.allchar (str.to_re \":\")))";
    String providerOfOwner = "(str.in_re " + RequestVars.NAME + " (re.++ (str.to_re \"arn:\") " + noColon
        + " (str.to_re \":\") " + noColon + " (str.to_re \":\") " + noColon + " (str.to_re " + Smt.str(":" + owner + ":")
        + ") re.all))";
    return Smt.or(
        "(= " + RequestVars.KIND + " " + RequestVars.ANONYMOUS + ")",
        Smt.and("(= " + RequestVars.KIND + " " + RequestVars.AWS + ")", Smt.not(Smt.eq(RequestVars.ACCOUNT, Smt.str(owner)))),
        Smt.and("(= " + RequestVars.KIND + " " + RequestVars.FEDERATED + ")", Smt.not(providerOfOwner)),
        "(= " + RequestVars.KIND + " " + RequestVars.CANONICAL_USER + ")");
  }
}
