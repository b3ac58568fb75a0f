package dev.hornbeam.smt;

import java.util.ArrayList;
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

  public static final String KIND = "p.kind";
  /** The 12-digit account of an AWS principal. */
  public static final String ACCOUNT = "p.account";
  /** The ARN of an AWS principal (user, role, assumed-role session, root). */
  public static final String ARN = "p.arn";
  /** The name of a service principal, the provider of a federated one, or a canonical user id. */
  public static final String NAME = "p.name";
  /**
   * The action, lowercased. Action names are case-insensitive (IAM User Guide, "IAM JSON policy
   * elements: Action") and nothing else reads them, so an allowed request stays allowed with its action
   * lowercased: the query fixes the action to have no upper-case ASCII letter and matches lowercased
   * patterns case-sensitively, which is exact and much cheaper than case-folding regexes.
   */
  public static final String ACTION = "action";
  public static final String RESOURCE = "resource";

  private static final String B64 =
      "(re.union (re.range \"A\" \"Z\") (re.range \"a\" \"z\") (re.range \"0\" \"9\") (str.to_re \"+\") (str.to_re \"/\"))";

  /** Canonical base64 (RFC 4648, section 3.5: pad bits are zero), as {@code java.util.Base64} writes it. */
  static final String CANONICAL_BASE64 = "(re.++ (re.* (re.++ " + B64 + " " + B64 + " " + B64 + " " + B64 + ")) (re.union"
      + " (str.to_re \"\")"
      + " (re.++ " + B64 + " " + chars("AQgw") + " (str.to_re \"==\"))"
      + " (re.++ " + B64 + " " + B64 + " " + chars("AEIMQUYcgkosw048") + " (str.to_re \"=\"))))";

  private static String chars(String cs) {
    StringBuilder b = new StringBuilder("(re.union");
    cs.chars().forEach(c -> b.append(" (str.to_re \"").append((char) c).append("\")"));
    return b.append(')').toString();
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
  List<String> declarations() {
    List<String> out = new ArrayList<>();
    out.add("; principal: p.kind 0 anonymous, 1 AWS, 2 service, 3 federated, 4 canonical user");
    out.add("(declare-const " + KIND + " Int)");
    out.add("(declare-const " + ACCOUNT + " String)");
    out.add("(declare-const " + ARN + " String)");
    out.add("(declare-const " + NAME + " String)");
    out.add("(declare-const " + ACTION + " String)");
    out.add("(declare-const " + RESOURCE + " String)");
    out.add("(assert (and (<= 0 " + KIND + ") (<= " + KIND + " 4)))");
    out.add("(assert (not (str.in_re " + ACTION + " (re.++ re.all (re.range \"A\" \"Z\") re.all))))");
    for (KeyVars k : keys.values()) {
      out.add(Smt.comment(k.prefix() + " = condition key " + Smt.str(k.name())
          + (k.multi() ? " (multi-valued, at most " + k.elements() + " values)" : "")));
      if (k.multi()) {
        out.add("(declare-const " + k.presenceVar() + " Int)");
        out.add("(assert (and (<= 0 " + k.presenceVar() + ") (<= " + k.presenceVar() + " " + k.elements() + ")))");
      } else {
        out.add("(declare-const " + k.presenceVar() + " Bool)");
      }
      for (int e = 0; e < k.elements(); e++) {
        for (View v : View.values()) {
          if (k.views().contains(v)) {
            declare(out, k, v, e);
          }
        }
      }
    }
    return out;
  }

  private static void declare(List<String> out, KeyVars k, View v, int e) {
    switch (v) {
      case STR -> out.add("(declare-const " + k.str(e) + " String)");
      case NUM -> {
        out.add("(declare-const " + k.num(e) + " Real)");
        out.add("(declare-const " + k.numOk(e) + " Bool)");
      }
      case DATE -> {
        out.add("(declare-const " + k.date(e) + " Real)");
        out.add("(declare-const " + k.dateOk(e) + " Bool)");
      }
      case BOOL -> {
        out.add("(declare-const " + k.bool(e) + " Bool)");
        out.add("(declare-const " + k.boolOk(e) + " Bool)");
      }
      case BIN -> {
        out.add("(declare-const " + k.bin(e) + " String)");
        out.add("(declare-const " + k.binOk(e) + " Bool)");
        // The view holds the canonical base64 text of the value's bytes (what BinaryEquals compares),
        // so a well-formed value is canonical base64: padding only where needed, unused bits zero.
        out.add("(assert (=> " + k.binOk(e) + " (str.in_re " + k.bin(e) + " " + CANONICAL_BASE64 + ")))");
      }
      case IP -> {
        out.add("(declare-const " + k.ipFamily(e) + " Int)");
        out.add("(declare-const " + k.ip4(e) + " (_ BitVec 32))");
        out.add("(declare-const " + k.ip6(e) + " (_ BitVec 128))");
        out.add("(assert (or (= " + k.ipFamily(e) + " 0) (= " + k.ipFamily(e) + " 4) (= " + k.ipFamily(e) + " 6)))");
      }
    }
  }
}
