package dev.hornbeam.smt;

import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.SmtLib;
import dev.hornbeam.smt.api.StringFormula;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request as query variables: the principal ({@code p.kind}, {@code p.account}, {@code p.arn},
 * {@code p.name}), the action, the resource and the condition keys the policy mentions.
 */
public final class RequestVars {
  /** Values of {@code p.kind}. */
  public static final int ANONYMOUS = 0;
  public static final int AWS = 1;
  public static final int SERVICE = 2;
  public static final int FEDERATED = 3;
  public static final int CANONICAL_USER = 4;
  /** A CloudFront origin access identity: {@code p.arn} its ARN, {@code p.name} its S3 canonical user id. */
  public static final int CLOUDFRONT_OAI = 5;

  public static final String KIND = "p.kind";
  /** The 12-digit account of an AWS principal. */
  public static final String ACCOUNT = "p.account";
  /** The ARN of an AWS principal (user, role, assumed-role session, root). */
  public static final String ARN = "p.arn";
  /** The name of a service principal, the provider of a federated one, or a canonical user id (an OAI's too). */
  public static final String NAME = "p.name";
  /**
   * The action, lowercased. Action names are case-insensitive (IAM User Guide, "IAM JSON policy
   * elements: Action") and nothing else reads them, so an allowed request stays allowed with its action
   * lowercased: the query fixes the action to have no upper-case ASCII letter and matches lowercased
   * patterns case-sensitively, which is exact and much cheaper than case-folding regexes.
   */
  public static final String ACTION = "action";
  public static final String RESOURCE = "resource";

  public static final NumberFormula.Var KIND_VAR = Terms.intVar(KIND);
  public static final StringFormula.Var ACCOUNT_VAR = Terms.strVar(ACCOUNT);
  public static final StringFormula.Var ARN_VAR = Terms.strVar(ARN);
  public static final StringFormula.Var NAME_VAR = Terms.strVar(NAME);
  public static final StringFormula.Var ACTION_VAR = Terms.strVar(ACTION);
  public static final StringFormula.Var RESOURCE_VAR = Terms.strVar(RESOURCE);

  private static final RegexFormula B64 = Terms.union(Terms.range('A', 'Z'), Terms.range('a', 'z'), Terms.range('0', '9'),
      Terms.lit("+"), Terms.lit("/"));

  /** Canonical base64 (RFC 4648, section 3.5: pad bits are zero), as {@code java.util.Base64} writes it. */
  static final RegexFormula CANONICAL_BASE64 = Terms.seq(Terms.star(Terms.times(4, B64)), Terms.union(
      Terms.lit(""),
      Terms.seq(B64, chars("AQgw"), Terms.lit("==")),
      Terms.seq(B64, B64, chars("AEIMQUYcgkosw048"), Terms.lit("="))));

  private static RegexFormula chars(String cs) {
    return Terms.union(cs.chars().mapToObj(c -> Terms.lit(String.valueOf((char) c))).toArray(RegexFormula[]::new));
  }

  /** {@code p.kind = kind}. */
  static BoolFormula kind(int kind) {
    return Terms.eq(KIND_VAR, kind);
  }

  private final Map<String, KeyVars> keys = new LinkedHashMap<>();

  /** Lowercase key → vars, in first-mention order. */
  KeyVars key(String key) {
    return keys.get(key.toLowerCase(Locale.ROOT));
  }

  void add(KeyVars vars) {
    keys.put(vars.name().toLowerCase(Locale.ROOT), vars);
  }

  public Collection<KeyVars> keys() {
    return keys.values();
  }

  /** Declarations and the constraints that hold for every request. */
  List<Problem.Item> declarations() {
    Problem.Builder out = new Problem.Builder();
    out.comment("principal: p.kind 0 anonymous, 1 AWS, 2 service, 3 federated, 4 canonical user, 5 CloudFront OAI");
    out.declare(KIND_VAR).declare(ACCOUNT_VAR).declare(ARN_VAR).declare(NAME_VAR).declare(ACTION_VAR).declare(RESOURCE_VAR);
    out.assertThat(BoolFormula.and(Terms.compare(NumberFormula.Op.LE, Terms.integer(0), KIND_VAR),
        Terms.compare(NumberFormula.Op.LE, KIND_VAR, Terms.integer(CLOUDFRONT_OAI))));
    out.assertThat(BoolFormula.not(Terms.in(ACTION_VAR, Terms.seq(Terms.ALL, Terms.range('A', 'Z'), Terms.ALL))));
    for (KeyVars k : keys.values()) {
      out.comment(k.prefix() + " = condition key " + SmtLib.string(k.name())
          + (k.multi() ? " (multi-valued, at most " + k.elements() + " values)" : ""));
      if (k.multi()) {
        out.declare(k.count());
        out.assertThat(BoolFormula.and(Terms.compare(NumberFormula.Op.LE, Terms.integer(0), k.count()),
            Terms.compare(NumberFormula.Op.LE, k.count(), Terms.integer(k.elements()))));
      } else {
        out.declare(Terms.boolVar(k.presenceVar()));
      }
      for (int e = 0; e < k.elements(); e++) {
        for (View v : View.values()) {
          if (k.views().contains(v)) {
            declare(out, k, v, e);
          }
        }
      }
    }
    return out.items();
  }

  private static void declare(Problem.Builder out, KeyVars k, View v, int e) {
    switch (v) {
      case STR -> out.declare(k.strVar(e));
      case NUM -> out.declare(k.numVar(e)).declare(k.numOkVar(e));
      case DATE -> out.declare(k.dateVar(e)).declare(k.dateOkVar(e));
      case BOOL -> out.declare(k.boolVar(e)).declare(k.boolOkVar(e));
      case BIN -> {
        out.declare(k.binVar(e)).declare(k.binOkVar(e));
        // The view holds the canonical base64 text of the value's bytes (what BinaryEquals compares),
        // so a well-formed value is canonical base64: padding only where needed, unused bits zero.
        out.assertThat(BoolFormula.implies(k.binOkVar(e), Terms.in(k.binVar(e), CANONICAL_BASE64)));
      }
      case IP -> {
        out.declare(k.ipFamilyVar(e)).declare(k.ip4Var(e)).declare(k.ip6Var(e));
        out.assertThat(BoolFormula.or(Terms.eq(k.ipFamilyVar(e), 0), Terms.eq(k.ipFamilyVar(e), 4), Terms.eq(k.ipFamilyVar(e), 6)));
      }
    }
  }
}
