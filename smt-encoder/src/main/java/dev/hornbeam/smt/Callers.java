package dev.hornbeam.smt;

import dev.hornbeam.policy.universe.DerivedKeys;
import dev.hornbeam.policy.universe.IdentityProviders;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.StringFormula;
import dev.hornbeam.policy.universe.PrincipalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who can call, symbolically: the mirror of {@code dev.hornbeam.policy.universe} ({@code PrincipalKind},
 * {@code DerivedKeys}). Every question asserts it, so the request variables range over exactly the
 * callers AWS has — anonymous; an account root user, IAM user, role session or STS federated user of a
 * 12-digit account; a service principal; a web-identity or SAML provider; a canonical user; a CloudFront
 * origin access identity — and every
 * derived key the policy reads has the value AWS gives it for that caller. docs/semantics.md, "Who can
 * call", has the table.
 */
final class Callers {
  static final String PARTITION = "p.partition";
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

  /** Twelve decimal digits: an account id. */
  private static final RegexFormula DIGITS12 = Terms.times(12, Terms.range('0', '9'));
  private static final RegexFormula UPPER_DIGITS = Terms.plus(Terms.union(Terms.range('A', 'Z'), Terms.range('0', '9')));
  /** {@code PrincipalKind.CLOUDFRONT_OAI_ARN}. */
  private static final RegexFormula OAI_ARN = Terms.seq(Terms.lit("arn:"),
      Terms.union(Terms.lit("aws"), Terms.lit("aws-cn"), Terms.lit("aws-us-gov")),
      Terms.lit(":iam::cloudfront:user/CloudFront Origin Access Identity "), UPPER_DIGITS);

  static final StringFormula.Var PARTITION_VAR = Terms.strVar(PARTITION);
  static final StringFormula.Var RESOURCE_VAR = Terms.strVar(RESOURCE);
  static final StringFormula.Var PRINCIPAL_ARN_VAR = Terms.strVar(PRINCIPAL_ARN);
  static final StringFormula.Var ROLE_PATH_VAR = Terms.strVar(ROLE_PATH);
  static final StringFormula.Var ROLE_NAME_VAR = Terms.strVar(ROLE_NAME);
  static final StringFormula.Var SESSION_VAR = Terms.strVar(SESSION);
  static final StringFormula.Var UNIQUE_ID_VAR = Terms.strVar(UNIQUE_ID);
  static final StringFormula.Var USER_PATH_VAR = Terms.strVar(USER_PATH);
  static final StringFormula.Var USER_NAME_VAR = Terms.strVar(USER_NAME);
  static final StringFormula.Var PROVIDER_VAR = Terms.strVar(PROVIDER);
  static final StringFormula.Var FEDERATED_NAME_VAR = Terms.strVar(FEDERATED_NAME);

  private Callers() {}

  static BoolFormula isKind(int kind) {
    return RequestVars.kind(kind);
  }

  static BoolFormula isRoot() {
    return BoolFormula.and(isKind(RequestVars.AWS), Terms.eq(RESOURCE_VAR, "root"));
  }

  static BoolFormula isUser() {
    return BoolFormula.and(isKind(RequestVars.AWS), Terms.prefixOf("user/", RESOURCE_VAR));
  }

  static BoolFormula isSession() {
    return BoolFormula.and(isKind(RequestVars.AWS), Terms.prefixOf("assumed-role/", RESOURCE_VAR));
  }

  static BoolFormula isFederatedUser() {
    return BoolFormula.and(isKind(RequestVars.AWS), Terms.prefixOf("federated-user/", RESOURCE_VAR));
  }

  /**
   * Declares the caller's parts and asserts that the caller is one AWS has, with every derived key of
   * {@code vars} consistent with it. A derived key read through a non-string view is a gap.
   */
  static void assertAll(RequestVars vars, Problem.Builder goal, List<String> gaps) {
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
    for (StringFormula.Var v : List.of(PARTITION_VAR, RESOURCE_VAR, PRINCIPAL_ARN_VAR, ROLE_PATH_VAR,
        ROLE_NAME_VAR, SESSION_VAR)) {
      goal.declare(v);
    }
    goal.declare(FEDERATED_NAME_VAR);
    if (userId) {
      goal.declare(UNIQUE_ID_VAR);
    }
    if (userName) {
      goal.declare(USER_PATH_VAR).declare(USER_NAME_VAR);
    }
    if (provider) {
      goal.declare(PROVIDER_VAR);
    }

    // IAM User Guide, "IAM identifiers" (ARNs): arn:PARTITION:iam::ACCOUNT:root | user/PATH/NAME and
    // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION | federated-user/NAME. Roles never call:
    // their sessions do, and a session's aws:PrincipalArn is arn:PARTITION:iam::ACCOUNT:role/PATH/ROLE-NAME.
    // Each kind of identity carries its own ARN equation, its service written as text (no service
    // variable), and its own aws:PrincipalArn (no negated prefix test): Z3's string solver decides more of
    // the generated questions it timed out on this way (BENCHMARKS.md, "Z3 on the generated questions";
    // 40 of them: 13 undecided within 10^6 rlimit units with one shared equation, 10 this way).
    // Built from prefix, suffix, contains and length tests rather than regular expressions with
    // complements, which Z3's string solver finds much harder (FACTS.md; measured on generated policies).
    BoolFormula root = BoolFormula.and(Terms.eq(RESOURCE_VAR, "root"), arn("iam"), Terms.eq(PRINCIPAL_ARN_VAR, RequestVars.ARN_VAR));
    BoolFormula user = BoolFormula.and(arn("iam"), userName
        ? BoolFormula.and(Terms.eq(RESOURCE_VAR, Terms.concat(Terms.str("user/"), USER_PATH_VAR, USER_NAME_VAR)),
            path(USER_PATH_VAR), nonEmptyNoSlash(USER_NAME_VAR))
        : BoolFormula.and(Terms.prefixOf("user/", RESOURCE_VAR), BoolFormula.not(Terms.suffixOf("/", RESOURCE_VAR)),
            Terms.in(RESOURCE_VAR, Terms.seq(Terms.times(6, Terms.ANY), Terms.ALL))),
        Terms.eq(PRINCIPAL_ARN_VAR, RequestVars.ARN_VAR));
    BoolFormula session = BoolFormula.and(arn("sts"),
        Terms.eq(RESOURCE_VAR, Terms.concat(Terms.str("assumed-role/"), ROLE_NAME_VAR, Terms.str("/"), SESSION_VAR)),
        nonEmptyNoSlash(ROLE_NAME_VAR), BoolFormula.not(Terms.eq(SESSION_VAR, "")), path(ROLE_PATH_VAR),
        Terms.eq(PRINCIPAL_ARN_VAR, Terms.concat(Terms.str("arn:"), PARTITION_VAR, Terms.str(":iam::"), RequestVars.ACCOUNT_VAR,
            Terms.str(":role/"), ROLE_PATH_VAR, ROLE_NAME_VAR)));
    BoolFormula federatedUser = BoolFormula.and(arn("sts"),
        Terms.eq(RESOURCE_VAR, Terms.concat(Terms.str("federated-user/"), FEDERATED_NAME_VAR)), nonEmptyNoSlash(FEDERATED_NAME_VAR),
        Terms.eq(PRINCIPAL_ARN_VAR, RequestVars.ARN_VAR));
    goal.comment("an AWS identity: a root user, IAM user, role session or STS federated user of a 12-digit account");
    goal.assertThat(BoolFormula.implies(isKind(RequestVars.AWS), BoolFormula.and(
        Terms.in(RequestVars.ACCOUNT_VAR, DIGITS12),
        BoolFormula.or(PrincipalKind.PARTITIONS.stream().map(x -> Terms.eq(PARTITION_VAR, x)).toList()),
        BoolFormula.or(root, user, session, federatedUser))));
    if (userId) {
      goal.assertThat(BoolFormula.and(
          BoolFormula.implies(isUser(), Terms.in(UNIQUE_ID_VAR, Terms.seq(Terms.lit("AIDA"), UPPER_DIGITS))),
          BoolFormula.implies(isSession(), Terms.in(UNIQUE_ID_VAR, Terms.seq(Terms.lit("AROA"), UPPER_DIGITS)))));
    }
    if (provider) {
      goal.assertThat(BoolFormula.implies(BoolFormula.not(isSession()), Terms.eq(PROVIDER_VAR, "")));
    }
    goal.comment("a CloudFront origin access identity: arn:P:iam::cloudfront:user/CloudFront Origin Access Identity ID");
    goal.assertThat(BoolFormula.implies(isKind(RequestVars.CLOUDFRONT_OAI), Terms.in(RequestVars.ARN_VAR, OAI_ARN)));
    goal.comment("a CloudFront origin access identity calls only Amazon S3 (PrincipalKind.OAI_SERVICE)");
    goal.assertThat(BoolFormula.implies(isKind(RequestVars.CLOUDFRONT_OAI),
        Terms.prefixOf(PrincipalKind.OAI_SERVICE + ":", RequestVars.ACTION_VAR)));

    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      if (!DerivedKeys.isDerived(lower)) {
        continue;
      }
      if (lower.startsWith(DerivedKeys.PRINCIPAL_TAG_PREFIX)) {
        goal.comment(k.prefix() + ": an anonymous caller has no principal tags");
        goal.assertThat(BoolFormula.implies(isKind(RequestVars.ANONYMOUS), BoolFormula.not(k.present())));
        continue;
      }
      if (IdentityProviders.isProviderKey(lower)) {
        // Before the string-view check: presence is the same whatever type the key is read as.
        goal.comment(k.prefix() + ": set by its identity provider in every request from it");
        goal.assertThat(BoolFormula.implies(BoolFormula.and(isKind(RequestVars.FEDERATED), setsKey(lower)), k.present()));
        continue;
      }
      if (DerivedKeys.ORGANIZATION_KEYS.contains(lower)) {
        goal.comment(k.prefix() + ": only an AWS identity (or, undocumented, a CloudFront OAI) can be a member of an organization");
        goal.assertThat(BoolFormula.implies(BoolFormula.not(BoolFormula.or(isKind(RequestVars.AWS), isKind(RequestVars.CLOUDFRONT_OAI))),
            BoolFormula.not(k.present())));
        continue;
      }
      boolean bool = lower.equals(DerivedKeys.IS_AWS_SERVICE) && k.views().equals(Set.of(View.BOOL));
      if (k.multi() || !(k.views().equals(Set.of(View.STR)) || bool)) {
        // Found by PublicAccessProperties: a policy read aws:PrincipalArn with BinaryEquals, and the key
        // was left free. Its value is text AWS fills in; any other reading is not modelled.
        gaps.add("the principal-derived key " + k.name() + " is read as a non-string type");
        continue;
      }
      goal.comment(k.prefix() + " is derived from the caller");
      goal.assertThat(derived(k, lower, bool));
    }
  }

  /** The table of DerivedKeys, kind by kind (same cells, same order). */
  private static BoolFormula derived(KeyVars k, String key, boolean bool) {
    List<BoolFormula> rules = new ArrayList<>();
    BoolFormula absent = BoolFormula.not(k.present());
    BoolFormula free = BoolFormula.TRUE;
    // anonymous
    rules.add(BoolFormula.implies(isKind(RequestVars.ANONYMOUS), switch (key) {
      case DerivedKeys.PRINCIPAL_TYPE -> value(k, Terms.str("Anonymous"));
      case DerivedKeys.USER_ID -> value(k, Terms.str("anonymous"));
      default -> absent;
    }));
    // AWS identities
    rules.add(BoolFormula.implies(isKind(RequestVars.AWS), switch (key) {
      case DerivedKeys.PRINCIPAL_ARN -> value(k, PRINCIPAL_ARN_VAR);
      case DerivedKeys.PRINCIPAL_ACCOUNT, DerivedKeys.CALLER_ACCOUNT -> value(k, RequestVars.ACCOUNT_VAR);
      // One implication per kind of AWS identity (no ite over strings: both solvers handle case splits
      // on the caller far better than string-valued ite terms).
      case DerivedKeys.PRINCIPAL_TYPE -> BoolFormula.and(
          BoolFormula.implies(isRoot(), value(k, Terms.str("Account"))),
          BoolFormula.implies(isUser(), value(k, Terms.str("User"))),
          BoolFormula.implies(isFederatedUser(), value(k, Terms.str("FederatedUser"))),
          BoolFormula.implies(isSession(), value(k, Terms.str("AssumedRole"))));
      case DerivedKeys.USER_ID -> BoolFormula.and(
          BoolFormula.implies(isRoot(), value(k, RequestVars.ACCOUNT_VAR)),
          BoolFormula.implies(isUser(), value(k, UNIQUE_ID_VAR)),
          BoolFormula.implies(isFederatedUser(), value(k, Terms.concat(RequestVars.ACCOUNT_VAR, Terms.str(":"), FEDERATED_NAME_VAR))),
          BoolFormula.implies(isSession(), value(k, Terms.concat(UNIQUE_ID_VAR, Terms.str(":"), SESSION_VAR))));
      case DerivedKeys.USERNAME -> BoolFormula.and(BoolFormula.implies(isUser(), value(k, USER_NAME_VAR)),
          BoolFormula.implies(BoolFormula.not(isUser()), absent));
      case DerivedKeys.IS_AWS_SERVICE -> bool ? boolValue(k, false) : value(k, Terms.str("false"));
      case DerivedKeys.FEDERATED_PROVIDER -> BoolFormula.and(BoolFormula.implies(Terms.eq(PROVIDER_VAR, ""), absent),
          BoolFormula.implies(BoolFormula.not(Terms.eq(PROVIDER_VAR, "")), value(k, PROVIDER_VAR)));
      default -> absent;
    }));
    // service principals
    rules.add(BoolFormula.implies(isKind(RequestVars.SERVICE), switch (key) {
      case DerivedKeys.IS_AWS_SERVICE -> bool ? boolValue(k, true) : value(k, Terms.str("true"));
      case DerivedKeys.SERVICE_NAME -> value(k, RequestVars.NAME_VAR);
      case DerivedKeys.PRINCIPAL_TYPE, DerivedKeys.USER_ID -> free;
      default -> absent;
    }));
    // web-identity / SAML providers and canonical users
    for (int kind : new int[] {RequestVars.FEDERATED, RequestVars.CANONICAL_USER}) {
      rules.add(BoolFormula.implies(isKind(kind), switch (key) {
        case DerivedKeys.PRINCIPAL_TYPE, DerivedKeys.USER_ID, DerivedKeys.IS_AWS_SERVICE -> free;
        case DerivedKeys.FEDERATED_PROVIDER -> kind == RequestVars.FEDERATED ? free : absent;
        default -> absent;
      }));
    }
    // CloudFront origin access identities: free but for aws:PrincipalArn (absent or its ARN) and the
    // account keys (never a 12-digit account); DerivedKeys argues each cell.
    rules.add(BoolFormula.implies(isKind(RequestVars.CLOUDFRONT_OAI), switch (key) {
      case DerivedKeys.PRINCIPAL_ARN -> BoolFormula.implies(k.present(), Terms.eq(k.strVar(0), RequestVars.ARN_VAR));
      case DerivedKeys.PRINCIPAL_ACCOUNT, DerivedKeys.CALLER_ACCOUNT ->
          BoolFormula.implies(k.present(), BoolFormula.not(Terms.in(k.strVar(0), DIGITS12)));
      default -> free;
    }));
    return BoolFormula.and(rules);
  }

  /**
   * {@code arn:P:iam:R:A:RESOURCE} followed by {@code tail}: the provider ARNs {@code IdentityProviders}
   * reads (fields split at the first five colons, the third {@code iam}).
   */
  private static RegexFormula iamArn(String resourceHead, RegexFormula tail) {
    RegexFormula field = Terms.star(Terms.NOT_COLON);
    return Terms.seq(Terms.lit("arn:"), field, Terms.lit(":iam:"), field, Terms.lit(":"), field, Terms.lit(":" + resourceHead), tail);
  }

  /** The mirror of {@code IdentityProviders.sets(p.name, key)} for a provider key. */
  private static BoolFormula setsKey(String lower) {
    String prefix = IdentityProviders.keyPrefix(lower);
    if (IdentityProviders.WELL_KNOWN.contains(prefix)) {
      return Terms.eq(RequestVars.NAME_VAR, prefix);
    }
    if (prefix.equals(IdentityProviders.SAML)) {
      return Terms.in(RequestVars.NAME_VAR, iamArn(IdentityProviders.SAML_PROVIDER, Terms.ALL));
    }
    return Terms.in(RequestVars.NAME_VAR, iamArn(IdentityProviders.OIDC + prefix, Terms.lit("")));
  }

  /** The caller's ARN from its parts: {@code arn:PARTITION:SERVICE::ACCOUNT:RESOURCE}, the service as text. */
  private static BoolFormula arn(String service) {
    return Terms.eq(RequestVars.ARN_VAR, Terms.concat(Terms.str("arn:"), PARTITION_VAR, Terms.str(":" + service + "::"),
        RequestVars.ACCOUNT_VAR, Terms.str(":"), RESOURCE_VAR));
  }

  /** A non-empty text without '/'. */
  private static BoolFormula nonEmptyNoSlash(StringFormula term) {
    return BoolFormula.and(BoolFormula.not(Terms.eq(term, "")), BoolFormula.not(Terms.in(term, Terms.containing("/"))));
  }

  /** An IAM path inside an ARN: empty, or ending in '/'. */
  private static BoolFormula path(StringFormula term) {
    return BoolFormula.or(Terms.eq(term, ""), Terms.suffixOf("/", term));
  }

  private static BoolFormula value(KeyVars k, StringFormula term) {
    return BoolFormula.and(k.present(), Terms.eq(k.strVar(0), term));
  }

  private static BoolFormula boolValue(KeyVars k, boolean b) {
    return BoolFormula.and(k.present(), k.boolOkVar(0), b ? k.boolVar(0) : BoolFormula.not(k.boolVar(0)));
  }
}
