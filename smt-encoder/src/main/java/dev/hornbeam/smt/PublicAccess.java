package dev.hornbeam.smt;

import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ContextKeys;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Is this resource policy public?" — SAT iff some request from a <em>stranger</em> is allowed (Amazon
 * S3 User Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of public").
 * The definition, its sources and our readings are in docs/semantics.md, "The public-access question".
 *
 * <p>A stranger is anyone outside every fixed value the policy names: anonymous, a web-identity user,
 * or an IAM user or role of an account the policy does not name, whose ARN the policy does not name, and
 * whose restricting condition keys (source IP, VPC, VPC endpoint, source ARN/account/owner, org id and
 * paths, …) are absent or differ from every wildcard-free, variable-free value the policy gives for them.
 * Every other key is free. Actions range over every action of the resource type's service.
 */
public final class PublicAccess {
  /**
   * Keys whose fixed values restrict who may call (S3 "The meaning of public", plus our readings for
   * web-identity audiences after IAM Access Analyzer's finding keys). Lowercase.
   */
  static final Set<String> RESTRICTING_KEYS = Set.of(
      "aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn", "aws:sourceaccount",
      "aws:sourceowner", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount",
      "aws:principalarn", "aws:userid", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
      "kms:calleraccount", "cognito-identity.amazonaws.com:aud", "graph.facebook.com:app_id",
      "accounts.google.com:aud", "www.amazon.com:app_id");

  /** Web-identity providers: anyone can sign in to them, so naming one restricts nothing. */
  static final Set<String> WEB_IDENTITY = Set.of(
      "graph.facebook.com", "accounts.google.com", "www.amazon.com", "cognito-identity.amazonaws.com");

  private PublicAccess() {}

  /**
   * @param resourceArn the resource the policy is attached to, or {@code null} for "any resource"; for
   *     an S3 bucket the bucket's objects ({@code ARN/…}) count too
   */
  public static Query query(Policy policy, ResourceType type, String resourceArn) {
    return query(policy, type, resourceArn, PolicyEncoder.Options.DEFAULT);
  }

  /** The question with explicit encoding choices (for measurements; the default is the right one). */
  public static Query query(Policy policy, ResourceType type, String resourceArn, PolicyEncoder.Options options) {
    Map<String, Integer> mentions = new HashMap<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        mentions.merge(c.key().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    // Bound for multi-valued keys. Whether a request is allowed depends on a set-valued key only through
    // the condition entries on it; each entry is an "any value satisfies X" or an "every value satisfies
    // X" test. If some set S makes the policy allow, keep one witness value for each "any" test that S
    // passes and one counterexample for each "every" test that S fails: every test then has the same
    // truth value on that subset (an "any" test S fails, or an "every" test S passes, keeps its value on
    // every non-empty subset). So a set of at most (number of entries on the key) values loses no answer.
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policy, key -> ContextKeys.isMultiValued(key)
        ? new KeyShape.Multi(Math.max(1, mentions.getOrDefault(key, 1))) : KeyShape.SINGLE, options.withActionPrefix(type.service() + ":"));
    List<String> gaps = new ArrayList<>(enc.gaps());
    List<String> goal = new ArrayList<>();

    goal.add(Smt.comment("every action of the service " + type.service()));
    goal.add("(assert (str.prefixof " + Smt.str(type.service() + ":") + " " + RequestVars.ACTION + "))");
    if (resourceArn != null) {
      String r = Smt.eq(RequestVars.RESOURCE, Smt.str(resourceArn));
      if (type == ResourceType.S3_BUCKET) {
        r = Smt.or(r, "(str.prefixof " + Smt.str(resourceArn + "/") + " " + RequestVars.RESOURCE + ")");
      }
      goal.add(Smt.comment("the resource and, for a bucket, its objects"));
      goal.add("(assert " + r + ")");
    }
    stranger(policy, enc.vars(), goal, gaps);
    goal.add("(assert allows)");
    return new Query(Script.of("is this " + type.cloudFormationName() + " policy public?", enc.lines(), goal), gaps,
        enc.decoder());
  }

  /** The principals a policy names: fixed accounts and fixed ARNs. */
  record Named(Set<String> accounts, Set<String> arns) {}

  static Named named(Policy policy) {
    Set<String> accounts = new LinkedHashSet<>();
    Set<String> arns = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      if (s.principal() != null && s.principal().principals() instanceof Principals.Listed l) {
        for (String v : l.values(PrincipalType.AWS)) {
          if (v.length() == 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            accounts.add(v);
          } else if (v.endsWith(":root") && PolicyEncoder.fields(v) != null) {
            accounts.add(PolicyEncoder.fields(v).get(4));
          } else if (v.startsWith("arn:")) {
            arns.add(v);
          }
        }
      }
    }
    accounts.addAll(literals(policy, "aws:principalaccount"));
    arns.addAll(literals(policy, "aws:principalarn"));
    return new Named(accounts, arns);
  }

  private static void stranger(Policy policy, RequestVars vars, List<String> goal, List<String> gaps) {
    Named named = named(policy);
    Set<String> accounts = named.accounts();
    Set<String> arns = named.arns();

    String kind = RequestVars.KIND;
    goal.add(Smt.comment("a stranger: anonymous, an IAM user or role of an unnamed account, or a web-identity user"));
    goal.add("(assert (or (= " + kind + " " + RequestVars.ANONYMOUS + ") (= " + kind + " " + RequestVars.AWS
        + ") (= " + kind + " " + RequestVars.FEDERATED + ")))");
    List<String> aws = new ArrayList<>();
    aws.add("(str.in_re " + RequestVars.ACCOUNT + " ((_ re.loop 12 12) (re.range \"0\" \"9\")))");
    aws.add(Smt.or(
        "(str.prefixof (str.++ \"arn:aws:iam::\" " + RequestVars.ACCOUNT + " \":user/\") " + RequestVars.ARN + ")",
        "(str.prefixof (str.++ \"arn:aws:iam::\" " + RequestVars.ACCOUNT + " \":role/\") " + RequestVars.ARN + ")"));
    for (String a : accounts) {
      aws.add(Smt.not(Smt.eq(RequestVars.ACCOUNT, Smt.str(a))));
    }
    for (String a : arns) {
      aws.add(Smt.not(Smt.eq(RequestVars.ARN, Smt.str(a))));
    }
    goal.add("(assert " + Smt.implies("(= " + kind + " " + RequestVars.AWS + ")", Smt.and(aws)) + ")");
    // Web-identity users only: a provider the policy does not name matches exactly the statements an
    // anonymous caller matches ("*", {"AWS":"*"}, NotPrincipal), so it adds no answer; a named SAML
    // provider is fixed.
    List<String> fed = new ArrayList<>();
    for (String w : WEB_IDENTITY.stream().sorted().toList()) {
      fed.add(Smt.eq(RequestVars.NAME, Smt.str(w)));
    }
    goal.add("(assert " + Smt.implies("(= " + kind + " " + RequestVars.FEDERATED + ")", Smt.or(fed)) + ")");

    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      if (k.views().size() > 1) {
        gaps.add("the key " + k.name() + " is read as two different types");
      }
      // What AWS fills in from the principal itself.
      if (lower.equals("aws:principalaccount") || lower.equals("kms:calleraccount")) {
        consistent(k, RequestVars.ACCOUNT, goal, gaps);
      } else if (lower.equals("aws:principalarn")) {
        consistent(k, RequestVars.ARN, goal, gaps);
      }
      Realism.typedValues(List.of(policy), k, goal);
      if (RESTRICTING_KEYS.contains(lower)) {
        restrict(policy, k, lower, goal);
      }
    }
  }

  /** A principal-derived key: present exactly for AWS principals, and equal to the principal's field. */
  private static void consistent(KeyVars k, String field, List<String> goal, List<String> gaps) {
    if (k.multi() || !k.views().equals(java.util.Set.of(View.STR))) {
      // Found by PublicAccessProperties: a policy read aws:PrincipalArn with BinaryEquals, and the key
      // was left free. Its value is text AWS fills in; any other reading is not modelled.
      gaps.add("the principal-derived key " + k.name() + " is read as a non-string type");
      return;
    }
    String isAws = "(= " + RequestVars.KIND + " " + RequestVars.AWS + ")";
    goal.add("(assert " + Smt.and(Smt.eq(k.present(), isAws), Smt.implies(k.present(), Smt.eq(k.str(0), field))) + ")");
  }

  /** A restricting key is absent or differs from every fixed value the policy gives for it. */
  private static void restrict(Policy policy, KeyVars k, String lower, List<String> goal) {
    Set<String> literals = literals(policy, lower);
    Set<String> ignoringCase = literalsIgnoringCase(policy, lower);
    Set<String> prefixes = fixedPrefixes(policy, lower);
    List<Cidrs.Cidr> blocks = blocks(policy, lower);
    Matcher matcher = new Matcher(true);
    List<String> all = new ArrayList<>();
    for (int e = 0; e < k.elements(); e++) {
      List<String> differs = new ArrayList<>();
      if (k.views().contains(View.STR)) {
        for (String lit : literals) {
          differs.add(Smt.not(Smt.eq(k.str(e), Smt.str(lit))));
        }
        for (String lit : ignoringCase) {
          differs.add(Smt.not(matcher.matches(k.str(e), List.of(new Piece.Text(lit)), true, v -> null, w -> Smt.FALSE)));
        }
        for (String prefix : prefixes) {
          differs.add(Smt.not("(str.prefixof " + Smt.str(prefix) + " " + k.str(e) + ")"));
        }
      }
      if (k.views().contains(View.IP)) {
        for (Cidrs.Cidr c : blocks) {
          differs.add(Smt.not(PolicyEncoder.inCidr(c, k, e)));
        }
      }
      all.add(Smt.implies(k.active(e), Smt.and(differs)));
    }
    String t = Smt.and(all);
    if (!t.equals(Smt.TRUE)) {
      goal.add(Smt.comment(k.prefix() + " is absent or differs from the policy's fixed values"));
      goal.add("(assert " + t + ")");
    }
  }

  /** Wildcard-free, variable-free values of String (case-sensitive) and Arn operators on the key. */
  static Set<String> literals(Policy policy, String lower) {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        if (!c.key().equalsIgnoreCase(lower) || b == BaseOperator.STRING_EQUALS_IGNORE_CASE
            || b == BaseOperator.STRING_NOT_EQUALS_IGNORE_CASE) {
          continue;
        }
        boolean wildcards = b == BaseOperator.STRING_LIKE || b == BaseOperator.STRING_NOT_LIKE
            || b.family() == OperatorFamily.ARN;
        if (b.family() != OperatorFamily.STRING && b.family() != OperatorFamily.ARN) {
          continue;
        }
        for (String v : c.values()) {
          List<Piece> pieces = Piece.parse(v, wildcards, policy.variablesEnabled());
          if (pieces.stream().allMatch(p -> p instanceof Piece.Text) && Smt.representable(v)) {
            out.add(pieces.isEmpty() ? "" : ((Piece.Text) pieces.get(0)).text());
          }
        }
      }
    }
    return out;
  }

  static Set<String> literalsIgnoringCase(Policy policy, String lower) {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        if (c.key().equalsIgnoreCase(lower) && (b == BaseOperator.STRING_EQUALS_IGNORE_CASE
            || b == BaseOperator.STRING_NOT_EQUALS_IGNORE_CASE)) {
          for (String v : c.values()) {
            List<Piece> pieces = Piece.parse(v, false, policy.variablesEnabled());
            if (pieces.size() == 1 && pieces.get(0) instanceof Piece.Text t && Smt.representable(v)) {
              out.add(t.text());
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Patterns that restrict although they have a wildcard (S3 "The meaning of public", and our reading of
   * it for aws:userid): {@code AROLEID:*} for aws:userid, and an access-point ARN with a fixed account
   * and a wildcard only in the access-point name for s3:DataAccessPointArn. Returned as the fixed prefix
   * a stranger's value must not start with.
   */
  static Set<String> fixedPrefixes(Policy policy, String lower) {
    Set<String> out = new LinkedHashSet<>();
    if (!lower.equals("aws:userid") && !lower.equals("s3:dataaccesspointarn")) {
      return out;
    }
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        boolean like = b == BaseOperator.STRING_LIKE || b == BaseOperator.STRING_NOT_LIKE
            || b.family() == OperatorFamily.ARN;
        if (!c.key().equalsIgnoreCase(lower) || !like) {
          continue;
        }
        for (String v : c.values()) {
          List<Piece> pieces = Piece.parse(v, true, policy.variablesEnabled());
          if (pieces.size() != 2 || !(pieces.get(0) instanceof Piece.Text t) || !(pieces.get(1) instanceof Piece.Star)
              || !Smt.representable(v)) {
            continue;
          }
          if (lower.equals("aws:userid") && t.text().endsWith(":") && t.text().length() > 1) {
            out.add(t.text());
          }
          List<String> f = PolicyEncoder.fields(t.text());
          if (lower.equals("s3:dataaccesspointarn") && f != null && f.get(4).matches("\\d{12}")
              && f.get(5).equals("accesspoint/")) {
            out.add(t.text());
          }
        }
      }
    }
    return out;
  }

  /**
   * The CIDR blocks given for the key that restrict: an IPv4 block of /8 or narrower, an IPv6 block of
   * /32 or narrower (S3: "broader than /8 (IPv4) or /32 (IPv6)" restricts nothing).
   */
  static List<Cidrs.Cidr> blocks(Policy policy, String lower) {
    List<Cidrs.Cidr> out = new ArrayList<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        if (c.key().equalsIgnoreCase(lower) && c.operator().base().family() == OperatorFamily.IP_ADDRESS) {
          for (String v : c.values()) {
            Cidrs.parseCidr(v).ifPresent(b -> {
              if (b.prefixLength() >= (b.address().length == 4 ? 8 : 32)) {
                out.add(b);
              }
            });
          }
        }
      }
    }
    return out;
  }
}
