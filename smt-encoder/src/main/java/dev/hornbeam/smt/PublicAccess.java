package dev.hornbeam.smt;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.IdentityProviders;
import dev.hornbeam.policy.universe.PublicMeaning;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.SmtLib;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Is this resource policy public?" — SAT iff some request from a <em>stranger</em> is allowed (Amazon
 * S3 User Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of public").
 * The definition, its sources and our readings are in docs/semantics.md, "The public-access question".
 *
 * <p>A stranger ({@code dev.hornbeam.policy.universe.PublicMeaning}, the plain-Java reference) is anyone
 * outside every fixed value the policy names: anonymous, a web-identity user, or an AWS identity (root
 * user, IAM user, role session, STS federated user) of an account the policy does not name, that no
 * Principal entry names, and
 * whose restricting condition keys (source IP, VPC, VPC endpoint, source ARN/account/owner, org id and
 * paths, …) are absent or differ from every wildcard-free, variable-free value the policy gives for them.
 * Every other key is free. Actions range over every action of the resource type's service.
 */
public final class PublicAccess {
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
    PolicyEncoder.Encoded enc = PolicyEncoder.encode(policy, KeyShape.bounded(List.of(policy)), options.withActionPrefix(type.service() + ":"));
    List<String> gaps = new ArrayList<>(enc.gaps());
    Problem.Builder goal = new Problem.Builder().addAll(enc.items());
    goal.comment("question");
    goal.comment("every action of the service " + type.service());
    goal.assertThat(Terms.prefixOf(type.service() + ":", RequestVars.ACTION_VAR));
    if (resourceArn != null) {
      KeyShape.resource(goal, type, resourceArn);
    }
    stranger(policy, type, List.of(policy), enc.vars(), goal, gaps);
    goal.assertThat(Terms.boolVar("allows"));
    return new Query(goal.build("is this " + type.cloudFormationName() + " policy public?"), gaps, enc.decoder());
  }

  /**
   * Asserts that the caller is a stranger to {@code policy}, for the question about {@code type} (its own
   * rules, {@link ResourceType#publicRules}; null: none named, the bucket reading of s3:DataAccessPointArn);
   * {@code all} are every policy of the question (their keys' values are typed, {@link Realism#typedValues}).
   */
  static void stranger(Policy policy, ResourceType type, List<Policy> all, RequestVars vars, Problem.Builder goal,
      List<String> gaps) {
    PublicMeaning.Named named = PublicMeaning.named(policy);
    Callers.assertAll(vars, goal, gaps);
    goal.comment("a stranger: anonymous, an AWS identity of an unnamed account not named itself, or a web-identity user");
    goal.assertThat(BoolFormula.or(RequestVars.kind(RequestVars.ANONYMOUS), RequestVars.kind(RequestVars.AWS),
        RequestVars.kind(RequestVars.FEDERATED)));
    List<BoolFormula> aws = new ArrayList<>();
    for (String a : named.accounts()) {
      if (SmtLib.representable(a)) {
        aws.add(BoolFormula.not(Terms.eq(RequestVars.ACCOUNT_VAR, a)));
      }
    }
    for (String a : named.arns()) {
      // The caller is not one a Principal entry names (a role entry names the role's sessions).
      aws.add(BoolFormula.not(PolicyEncoder.awsEntry(a)));
    }
    goal.assertThat(BoolFormula.implies(RequestVars.kind(RequestVars.AWS), BoolFormula.and(aws)));
    // Web-identity users only: a provider the policy does not name matches exactly the statements an
    // anonymous caller matches ("*", {"AWS":"*"}, NotPrincipal), so it adds no answer; a named SAML
    // provider is fixed.
    // (IdentityProviders): anyone can get a token of a well-known provider, a public CI issuer or an
    // OIDC provider we do not know; a tenant's issuer and a SAML provider are fixed. The providers a
    // stranger may call as are infinitely many, but a policy tells apart only finitely many of them
    // (federatedStrangers): one equality each, which both solvers decide far faster than the regular
    // expressions of Callers.strangersMayCall (Z3: 5–12 s on a GitHub trust beside a service statement).
    List<BoolFormula> fed = new ArrayList<>();
    for (String name : federatedStrangers(all, vars)) {
      fed.add(Terms.eq(RequestVars.NAME_VAR, name));
    }
    goal.assertThat(BoolFormula.implies(RequestVars.kind(RequestVars.FEDERATED), BoolFormula.or(fed)));

    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      if (k.views().size() > 1) {
        gaps.add("the key " + k.name() + " is read as two different types");
      }
      Realism.typedValues(all, k, goal);
      if (PublicMeaning.restricting(lower)) {
        restrict(policy, type, k, lower, goal);
      }
    }
  }

  /**
   * The providers a federated stranger is drawn from, one for each class of providers the policies of
   * the question can tell apart. A provider is told apart from another only by the Principal and NotPrincipal entries
   * that name it (exact text) and by which of the read keys it sets ({@code IdentityProviders.sets}:
   * keys of its own prefix are present, all others free); nothing else in a request depends on it.
   * So: every named provider strangers may call as; the well-known ones; for each read OIDC key prefix
   * HOST whose provider strangers may call as, an unnamed {@code arn:aws:iam::000000000000:oidc-provider/HOST};
   * and one unnamed provider of a host the policy does not read, which sets no read key (an unknown
   * OIDC provider: a stranger, fail closed). Every one of them passes {@code
   * IdentityProviders.strangersMayCall}, and every provider that does is like one of them.
   */
  static java.util.SortedSet<String> federatedStrangers(List<Policy> policies, RequestVars vars) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>(IdentityProviders.WELL_KNOWN);
    for (dev.hornbeam.policy.model.Statement s : policies.stream().flatMap(p -> p.statements().stream()).toList()) {
      if (s.principal() != null && s.principal().principals() instanceof dev.hornbeam.policy.model.Principals.Listed l) {
        for (String v : l.values(dev.hornbeam.policy.model.PrincipalType.FEDERATED)) {
          if (IdentityProviders.strangersMayCall(v) && SmtLib.representable(v)) {
            out.add(v);
          }
        }
      }
    }
    Set<String> prefixes = new java.util.TreeSet<>();
    for (KeyVars k : vars.keys()) {
      String lower = k.name().toLowerCase(Locale.ROOT);
      if (IdentityProviders.isProviderKey(lower)) {
        prefixes.add(IdentityProviders.keyPrefix(lower));
      }
    }
    for (String host : prefixes) {
      String arn = UNNAMED_ACCOUNT_ARN + host;
      if (IdentityProviders.strangersMayCall(arn) && SmtLib.representable(arn)) {
        out.add(arn);
      }
    }
    String fresh = "oidc.unnamed-provider.example";
    while (prefixes.contains(fresh)) {
      fresh = fresh + "-1";
    }
    out.add(UNNAMED_ACCOUNT_ARN + fresh);
    return out;
  }

  private static final String UNNAMED_ACCOUNT_ARN = "arn:aws:iam::000000000000:" + IdentityProviders.OIDC;

  /** A restricting key is absent or differs from every fixed value the policy gives for it. */
  private static void restrict(Policy policy, ResourceType type, KeyVars k, String lower, Problem.Builder goal) {
    IdentityProviders.PublicIssuer owner = PublicMeaning.ownerRule(lower);
    if (owner != null) {
      // A public CI issuer's sub: only a pinned owner restricts (PublicMeaning.differs).
      List<BoolFormula> all = new ArrayList<>();
      Set<String> owners = representable(PublicMeaning.ownerPrefixes(policy, lower, owner));
      for (int e = 0; e < k.elements(); e++) {
        List<BoolFormula> differs = new ArrayList<>();
        if (k.views().contains(View.STR)) {
          for (String prefix : owners) {
            differs.add(BoolFormula.not(Terms.prefixOf(prefix, k.strVar(e))));
          }
        }
        all.add(BoolFormula.implies(k.active(e), BoolFormula.and(differs)));
      }
      goal.comment(k.prefix() + " does not start with an owner the policy pins");
      goal.assertThat(BoolFormula.and(all));
      return;
    }
    Set<String> literals = representable(PublicMeaning.literals(policy, lower));
    Set<String> ignoringCase = representable(PublicMeaning.literalsIgnoringCase(policy, lower));
    Set<String> prefixes = representable(PublicMeaning.fixedPrefixes(policy, lower, type));
    List<Cidrs.Cidr> blocks = PublicMeaning.blocks(policy, lower);
    Set<Boolean> bools = PublicMeaning.boolLiterals(policy, lower);
    Matcher matcher = new Matcher(true);
    List<BoolFormula> all = new ArrayList<>();
    for (int e = 0; e < k.elements(); e++) {
      List<BoolFormula> differs = new ArrayList<>();
      if (k.views().contains(View.STR)) {
        for (String lit : literals) {
          differs.add(BoolFormula.not(Terms.eq(k.strVar(e), lit)));
        }
        for (String lit : ignoringCase) {
          differs.add(BoolFormula.not(matcher.matches(k.strVar(e), List.of(new Piece.Text(lit)), true, v -> null,
              w -> BoolFormula.FALSE)));
        }
        for (String prefix : prefixes) {
          differs.add(BoolFormula.not(Terms.prefixOf(prefix, k.strVar(e))));
        }
      }
      if (k.views().contains(View.IP)) {
        for (Cidrs.Cidr c : blocks) {
          differs.add(BoolFormula.not(PolicyEncoder.inCidr(c, k, e)));
        }
      }
      if (k.views().contains(View.BOOL)) {
        // A fixed Bool value restricts (EFS "The meaning of public", elasticfilesystem:AccessedViaMountTarget).
        for (boolean b : bools) {
          BoolFormula is = b ? k.boolVar(e) : BoolFormula.not(k.boolVar(e));
          differs.add(BoolFormula.not(BoolFormula.and(k.boolOkVar(e), is)));
        }
      }
      all.add(BoolFormula.implies(k.active(e), BoolFormula.and(differs)));
    }
    BoolFormula t = BoolFormula.and(all);
    if (!t.equals(BoolFormula.TRUE)) {
      goal.comment(k.prefix() + " is absent or differs from the policy's fixed values");
      goal.assertThat(t);
    }
  }

  /**
   * Values beyond the SMT-LIB alphabet are left out: no witness can contain them (docs/semantics.md,
   * "Character model"), so differing from them is no constraint.
   */
  private static Set<String> representable(Set<String> values) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (SmtLib.representable(v)) {
        out.add(v);
      }
    }
    return out;
  }
}
