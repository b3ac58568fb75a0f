package dev.hornbeam.smt;

import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.PrincipalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who can call, symbolically: the mirror of {@code dev.hornbeam.policy.universe} ({@code PrincipalKind},
 * {@code DerivedKeys}). Every question asserts it, so the request variables range over exactly the
 * callers AWS has — anonymous; an account root user, IAM user, role session or STS federated user of a
 * 12-digit account; a service principal; a web-identity or SAML provider; a canonical user — and every
 * derived key the policy reads has the value AWS gives it for that caller. docs/semantics.md, "Who can
 * call", has the table.
 */
final class Callers {
  static final String PARTITION = "p.partition";
  static final String SERVICE = "p.service";
  static final String RESOURCE = "p.resource";
  /** aws:PrincipalArn of an AWS identity: its ARN, or for a role session the role's ARN. */
  static final String PRINCIPAL_ARN = "p.parn";
  static final String ROLE_PATH = "p.rolepath";
  static final String ROLE_NAME = "p.rolename";
  static final String SESSION = "p.session";
  /** The IAM unique id of a user (AIDA…) or of a session's role (AROA…). */
  static final String UNIQUE_ID = "p.uid";
  static final String USER_PATH = "p.userpath";
  static final String USER_NAME = "p.username";
  /** A role session's identity provider, "" for AssumeRole. */
  static final String PROVIDER = "p.provider";
  /** The name of an STS federated user. */
  static final String FEDERATED_NAME = "p.fedname";

  private static final String DIGITS12 = "((_ re.loop 12 12) (re.range \"0\" \"9\"))";
  private static final String UPPER_DIGITS = "(re.+ (re.union (re.range \"A\" \"Z\") (re.range \"0\" \"9\")))";

  private Callers() {}

  static String isKind(int kind) {
    return "(= " + RequestVars.KIND + " " + kind + ")";
  }

  static String isRoot() {
    return Smt.and(isKind(RequestVars.AWS), Smt.eq(RESOURCE, Smt.str("root")));
  }

  static String isUser() {
    return Smt.and(isKind(RequestVars.AWS), "(str.prefixof \"user/\" " + RESOURCE + ")");
  }

  static String isSession() {
    return Smt.and(isKind(RequestVars.AWS), "(str.prefixof \"assumed-role/\" " + RESOURCE + ")");
  }

  static String isFederatedUser() {
    return Smt.and(isKind(RequestVars.AWS), "(str.prefixof \"federated-user/\" " + RESOURCE + ")");
  }

  /**
   * Declares the caller's parts and asserts that the caller is one AWS has, with every derived key of
   * {@code vars} consistent with it. A derived key read through a non-string view is a gap.
   */
  static void assertAll(RequestVars vars, List<String> goal, List<String> gaps) {
    boolean principalArn = false;
    boolean userId = false;
    boolean userName = false;
    boolean provider = false;
    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      principalArn |= lower.equals(DerivedKeys.PRINCIPAL_ARN);
      userId |= lower.equals(DerivedKeys.USER_ID);
      userName |= lower.equals(DerivedKeys.USERNAME);
      provider |= lower.equals(DerivedKeys.FEDERATED_PROVIDER);
    }
    // Sessions and federated users are always taken apart into named parts: simple word equations are
    // far easier for both solvers than substr/indexof terms or regular expressions with complements.
    for (String v : List.of(PARTITION, SERVICE, RESOURCE, PRINCIPAL_ARN, ROLE_PATH, ROLE_NAME, SESSION)) {
      goal.add("(declare-const " + v + " String)");
    }
    goal.add("(declare-const " + FEDERATED_NAME + " String)");
    if (userId) {
      goal.add("(declare-const " + UNIQUE_ID + " String)");
    }
    if (userName) {
      goal.add("(declare-const " + USER_PATH + " String)");
      goal.add("(declare-const " + USER_NAME + " String)");
    }
    if (provider) {
      goal.add("(declare-const " + PROVIDER + " String)");
    }

    // IAM User Guide, "IAM identifiers" (ARNs): arn:PARTITION:iam::ACCOUNT:root | user/PATH/NAME and
    // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION | federated-user/NAME. Roles never call:
    // their sessions do, and a session's aws:PrincipalArn is arn:PARTITION:iam::ACCOUNT:role/PATH/ROLE-NAME.
    String arn = Smt.eq(RequestVars.ARN, "(str.++ \"arn:\" " + PARTITION + " \":\" " + SERVICE + " \"::\" "
        + RequestVars.ACCOUNT + " \":\" " + RESOURCE + ")");
    // Built from prefix, suffix, contains and length tests rather than regular expressions with
    // complements, which Z3's string solver finds much harder (FACTS.md; measured on generated policies).
    String root = Smt.and(Smt.eq(SERVICE, Smt.str("iam")), Smt.eq(RESOURCE, Smt.str("root")));
    String user = Smt.and(Smt.eq(SERVICE, Smt.str("iam")), userName
        ? Smt.and(Smt.eq(RESOURCE, "(str.++ \"user/\" " + USER_PATH + " " + USER_NAME + ")"),
            path(USER_PATH), nonEmptyNoSlash(USER_NAME))
        : Smt.and("(str.prefixof \"user/\" " + RESOURCE + ")", "(not (str.suffixof \"/\" " + RESOURCE + "))",
            "(> (str.len " + RESOURCE + ") 5)"));
    String session = Smt.and(Smt.eq(SERVICE, Smt.str("sts")),
        Smt.eq(RESOURCE, "(str.++ \"assumed-role/\" " + ROLE_NAME + " \"/\" " + SESSION + ")"),
        nonEmptyNoSlash(ROLE_NAME), "(not (= " + SESSION + " \"\"))", path(ROLE_PATH),
        Smt.eq(PRINCIPAL_ARN, "(str.++ \"arn:\" " + PARTITION + " \":iam::\" " + RequestVars.ACCOUNT + " \":role/\" "
            + ROLE_PATH + " " + ROLE_NAME + ")"));
    String federatedUser = Smt.and(Smt.eq(SERVICE, Smt.str("sts")),
        Smt.eq(RESOURCE, "(str.++ \"federated-user/\" " + FEDERATED_NAME + ")"), nonEmptyNoSlash(FEDERATED_NAME));
    goal.add(Smt.comment("an AWS identity: a root user, IAM user, role session or STS federated user of a 12-digit account"));
    goal.add("(assert " + Smt.implies(isKind(RequestVars.AWS), Smt.and(
        "(str.in_re " + RequestVars.ACCOUNT + " " + DIGITS12 + ")",
        Smt.or(PrincipalKind.PARTITIONS.stream().map(x -> Smt.eq(PARTITION, Smt.str(x))).toList()),
        arn,
        Smt.or(root, user, session, federatedUser),
        Smt.implies(Smt.not("(str.prefixof \"assumed-role/\" " + RESOURCE + ")"), Smt.eq(PRINCIPAL_ARN, RequestVars.ARN))))
        + ")");
    if (userId) {
      goal.add("(assert " + Smt.and(
          Smt.implies(isUser(), "(str.in_re " + UNIQUE_ID + " (re.++ (str.to_re \"AIDA\") " + UPPER_DIGITS + "))"),
          Smt.implies(isSession(), "(str.in_re " + UNIQUE_ID + " (re.++ (str.to_re \"AROA\") " + UPPER_DIGITS + "))"))
          + ")");
    }
    if (provider) {
      goal.add("(assert " + Smt.implies(Smt.not(isSession()), Smt.eq(PROVIDER, "\"\"")) + ")");
    }

    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      if (!DerivedKeys.isDerived(lower)) {
        continue;
      }
      if (lower.startsWith(DerivedKeys.PRINCIPAL_TAG_PREFIX)) {
        goal.add(Smt.comment(k.prefix() + ": an anonymous caller has no principal tags"));
        goal.add("(assert " + Smt.implies(isKind(RequestVars.ANONYMOUS), Smt.not(k.present())) + ")");
        continue;
      }
      boolean bool = lower.equals(DerivedKeys.IS_AWS_SERVICE) && k.views().equals(Set.of(View.BOOL));
      if (k.multi() || !(k.views().equals(Set.of(View.STR)) || bool)) {
        // Found by PublicAccessProperties: a policy read aws:PrincipalArn with BinaryEquals, and the key
        // was left free. Its value is text AWS fills in; any other reading is not modelled.
        gaps.add("the principal-derived key " + k.name() + " is read as a non-string type");
        continue;
      }
      goal.add(Smt.comment(k.prefix() + " is derived from the caller"));
      goal.add("(assert " + derived(k, lower, bool) + ")");
    }
  }

  /** The table of DerivedKeys, kind by kind (same cells, same order). */
  private static String derived(KeyVars k, String key, boolean bool) {
    List<String> rules = new ArrayList<>();
    String absent = Smt.not(k.present());
    String free = Smt.TRUE;
    // anonymous
    rules.add(Smt.implies(isKind(RequestVars.ANONYMOUS), switch (key) {
      case DerivedKeys.PRINCIPAL_TYPE -> value(k, Smt.str("Anonymous"));
      case DerivedKeys.USER_ID -> value(k, Smt.str("anonymous"));
      default -> absent;
    }));
    // AWS identities
    rules.add(Smt.implies(isKind(RequestVars.AWS), switch (key) {
      case DerivedKeys.PRINCIPAL_ARN -> value(k, PRINCIPAL_ARN);
      case DerivedKeys.PRINCIPAL_ACCOUNT, DerivedKeys.CALLER_ACCOUNT -> value(k, RequestVars.ACCOUNT);
      // One implication per kind of AWS identity (no ite over strings: both solvers handle case splits
      // on the caller far better than string-valued ite terms).
      case DerivedKeys.PRINCIPAL_TYPE -> Smt.and(
          Smt.implies(isRoot(), value(k, Smt.str("Account"))),
          Smt.implies(isUser(), value(k, Smt.str("User"))),
          Smt.implies(isFederatedUser(), value(k, Smt.str("FederatedUser"))),
          Smt.implies(isSession(), value(k, Smt.str("AssumedRole"))));
      case DerivedKeys.USER_ID -> Smt.and(
          Smt.implies(isRoot(), value(k, RequestVars.ACCOUNT)),
          Smt.implies(isUser(), value(k, UNIQUE_ID)),
          Smt.implies(isFederatedUser(), value(k, "(str.++ " + RequestVars.ACCOUNT + " \":\" " + FEDERATED_NAME + ")")),
          Smt.implies(isSession(), value(k, "(str.++ " + UNIQUE_ID + " \":\" " + SESSION + ")")));
      case DerivedKeys.USERNAME -> Smt.and(Smt.implies(isUser(), value(k, USER_NAME)), Smt.implies(Smt.not(isUser()), absent));
      case DerivedKeys.IS_AWS_SERVICE -> bool ? boolValue(k, false) : value(k, Smt.str("false"));
      case DerivedKeys.FEDERATED_PROVIDER -> Smt.and(Smt.implies(Smt.eq(PROVIDER, "\"\""), absent),
          Smt.implies(Smt.not(Smt.eq(PROVIDER, "\"\"")), value(k, PROVIDER)));
      default -> absent;
    }));
    // service principals
    rules.add(Smt.implies(isKind(RequestVars.SERVICE), switch (key) {
      case DerivedKeys.IS_AWS_SERVICE -> bool ? boolValue(k, true) : value(k, Smt.str("true"));
      case DerivedKeys.SERVICE_NAME -> value(k, RequestVars.NAME);
      case DerivedKeys.PRINCIPAL_TYPE, DerivedKeys.USER_ID -> free;
      default -> absent;
    }));
    // web-identity / SAML providers and canonical users
    for (int kind : new int[] {RequestVars.FEDERATED, RequestVars.CANONICAL_USER}) {
      rules.add(Smt.implies(isKind(kind), switch (key) {
        case DerivedKeys.PRINCIPAL_TYPE, DerivedKeys.USER_ID, DerivedKeys.IS_AWS_SERVICE -> free;
        case DerivedKeys.FEDERATED_PROVIDER -> kind == RequestVars.FEDERATED ? free : absent;
        default -> absent;
      }));
    }
    return Smt.and(rules);
  }

  /** A non-empty text without '/'. */
  private static String nonEmptyNoSlash(String term) {
    return Smt.and("(not (= " + term + " \"\"))", "(not (str.contains " + term + " \"/\"))");
  }

  /** An IAM path inside an ARN: empty, or ending in '/'. */
  private static String path(String term) {
    return Smt.or(Smt.eq(term, "\"\""), "(str.suffixof \"/\" " + term + ")");
  }

  private static String value(KeyVars k, String term) {
    return Smt.and(k.present(), Smt.eq(k.str(0), term));
  }

  private static String boolValue(KeyVars k, boolean b) {
    return Smt.and(k.present(), k.boolOk(0), Smt.eq(k.bool(0), Boolean.toString(b)));
  }
}
