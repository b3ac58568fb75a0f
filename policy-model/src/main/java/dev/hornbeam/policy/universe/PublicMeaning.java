package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.Cidrs;
import dev.hornbeam.policy.eval.PrincipalMatcher;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.eval.TypedValues;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.OperatorFamily;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.Statement;
import dev.hornbeam.policy.resource.PublicRule;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The meaning of "public": who is a <em>stranger</em> to a policy, in plain Java — the reference the
 * public-access question's witnesses are checked against, in production and in tests. Amazon S3 User
 * Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of public": a policy
 * is non-public if it grants access only to fixed values of the principal and of restricting keys; IAM
 * Access Analyzer reads the other resource types the same way. Our readings are in docs/semantics.md,
 * "The public-access question".
 */
public final class PublicMeaning {
  /**
   * Keys whose fixed values restrict who may call, for every resource type (S3 "The meaning of public",
   * plus our readings for web-identity audiences after IAM Access Analyzer's finding keys). Lowercase.
   */
  public static final Set<String> COMMON_RESTRICTING_KEYS = Set.of(
      "aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn", "aws:sourceaccount",
      "aws:sourceowner", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount",
      "aws:principalarn", "aws:userid", "cognito-identity.amazonaws.com:aud", "graph.facebook.com:app_id",
      "accounts.google.com:aud", "www.amazon.com:app_id");

  /**
   * The keys that restrict: the common ones and those the registry's types add ({@link
   * ResourceType#publicRules}, e.g. s3:DataAccessPointArn, kms:CallerAccount). A type's own key restricts
   * for every type's question: a request to another service carries no such key, so a condition on it
   * reads as absent there, which a stranger may send too. Lowercase.
   */
  public static final Set<String> RESTRICTING_KEYS = restrictingKeys();

  private static Set<String> restrictingKeys() {
    Set<String> keys = new java.util.TreeSet<>(COMMON_RESTRICTING_KEYS);
    for (ResourceType t : ResourceType.values()) {
      for (PublicRule r : t.publicRules()) {
        if (r.restricts()) {
          keys.add(r.key());
        } else if (keys.contains(r.key())) {
          throw new IllegalStateException(r.key() + " is both restricting and not (" + t + ")");
        }
      }
    }
    return Set.copyOf(keys);
  }

  /** Web-identity providers: anyone can sign in to them, so naming one restricts nothing. */
  public static final Set<String> WEB_IDENTITY = IdentityProviders.WELL_KNOWN;

  /**
   * Whether fixed values of {@code lower} restrict who may call: {@link #RESTRICTING_KEYS}, and the
   * identity providers' keys by their rules ({@link IdentityProviders#restriction}: an audience or
   * subject of a well-known provider, a pinned owner in a public CI issuer's sub, a fixed sub of an
   * unknown OIDC provider).
   */
  public static boolean restricting(String lower) {
    return RESTRICTING_KEYS.contains(lower) || !(IdentityProviders.restriction(lower) instanceof IdentityProviders.Restriction.None);
  }

  /** The public CI issuer whose owner-pinning rule key {@code lower} follows, or null. */
  public static IdentityProviders.PublicIssuer ownerRule(String lower) {
    return IdentityProviders.restriction(lower) instanceof IdentityProviders.Restriction.Owner o ? o.issuer() : null;
  }

  private PublicMeaning() {}

  /**
   * The principals a policy names: fixed accounts (Principal account ids and {@code :root} ARNs,
   * aws:PrincipalAccount literals) and the other ARNs of its Principal elements.
   */
  public record Named(Set<String> accounts, Set<String> arns) {}

  public static Named named(Policy policy) {
    Set<String> accounts = new LinkedHashSet<>();
    Set<String> arns = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      if (s.principal() != null && s.principal().principals() instanceof Principals.Listed l) {
        for (String v : l.values(PrincipalType.AWS)) {
          List<String> f = Arns.fields(v);
          if (v.length() == 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            accounts.add(v);
          } else if (v.endsWith(":root") && f != null) {
            accounts.add(f.get(4));
          } else if (v.startsWith("arn:")) {
            arns.add(v);
          }
        }
      }
    }
    // aws:PrincipalAccount literals fix accounts; aws:PrincipalArn literals are restricting-key values,
    // which a stranger's aws:PrincipalArn differs from (see differs).
    accounts.addAll(literals(policy, "aws:principalaccount"));
    return new Named(accounts, arns);
  }

  /**
   * Is {@code r} a request from a stranger to {@code p}, for an action of {@code service} (a prefix such
   * as {@code s3}; null: any action)? Null when it is, else why not.
   */
  public static String whyNotStranger(Policy p, Request r, String service) {
    return new Check(p, service, null).whyNot(r);
  }

  /**
   * {@link #whyNotStranger(Policy, Request, String)} for the question about {@code type}: an action of
   * its service, and its own rules ({@link ResourceType#publicRules}, e.g. an access point policy's
   * s3:DataAccessPointArn).
   */
  public static String whyNotStranger(Policy p, Request r, ResourceType type) {
    return new Check(p, type.service(), type).whyNot(r);
  }

  public static boolean isStranger(Policy p, Request r, String service) {
    return whyNotStranger(p, r, service) == null;
  }

  public static boolean isStranger(Policy p, Request r, ResourceType type) {
    return whyNotStranger(p, r, type) == null;
  }

  /** The stranger test of one policy, with what it reads from the policy worked out once. */
  public static Check check(Policy p, String service) {
    return new Check(p, service, null);
  }

  /** {@link #check(Policy, String)} for the question about {@code type}. */
  public static Check check(Policy p, ResourceType type) {
    return new Check(p, type.service(), type);
  }

  /** {@link #whyNotStranger} for many requests against one policy. */
  public static final class Check {
    private final Policy policy;
    private final String service;
    private final ResourceType type;
    private final Set<String> mentioned;
    private final Named named;
    private final Map<String, Boolean> typedCache = new java.util.HashMap<>();
    private final Map<String, Boolean> differsCache = new java.util.HashMap<>();

    Check(Policy policy, String service, ResourceType type) {
      this.policy = policy;
      this.service = service;
      this.type = type;
      this.mentioned = PolicyKeys.mentioned(List.of(policy));
      this.named = named(policy);
    }

    /** Null when {@code r} is from a stranger, else why not. */
    public String whyNot(Request r) {
      if (service != null && !r.action().toLowerCase(Locale.ROOT).startsWith(service + ":")) {
        return "the action " + r.action() + " is not one of " + service;
      }
      String unreal = Realistic.problem(r, mentioned);
      if (unreal != null) {
        return unreal;
      }
      PrincipalKind kind = PrincipalKind.of(r.principal()).orElseThrow();
      switch (kind) {
        case ANONYMOUS:
          break;
        case ACCOUNT_ROOT, IAM_USER, ROLE_SESSION, WEB_IDENTITY_SESSION, SAML_SESSION, FEDERATED_USER: {
          RequestPrincipal.Aws aws = (RequestPrincipal.Aws) r.principal();
          if (named.accounts().contains(aws.accountId())) {
            return "the policy names the caller's account " + aws.accountId();
          }
          for (String entry : named.arns()) {
            if (PrincipalMatcher.matchesAws(entry, aws)) {
              return "the Principal entry " + entry + " names the caller";
            }
          }
          break;
        }
        case FEDERATED_PROVIDER:
          if (!IdentityProviders.strangersMayCall(((RequestPrincipal.Federated) r.principal()).provider())) {
            return "the federated provider is a fixed value (a SAML provider, a tenant's OIDC issuer, or no provider)";
          }
          break;
        case SERVICE, CANONICAL_USER:
          return "service principals and canonical users are fixed values";
        case CLOUDFRONT_OAI:
          // S3 User Guide, "The meaning of public": a policy that grants only to fixed values is not public;
          // an OAI is named by a fixed ARN or canonical user id and otherwise matches only what "*" matches,
          // which anonymous strangers match too (as service principals and canonical users).
          return "a CloudFront origin access identity is a fixed value";
      }
      for (Map.Entry<String, ContextValue> e : r.context().entrySet()) {
        String key = e.getKey().toLowerCase(Locale.ROOT);
        if (!mentioned.contains(key)) {
          continue;
        }
        for (String v : e.getValue().values()) {
          if (!typedCache.computeIfAbsent(key + "\u0000" + v, x -> typed(policy, key, v))) {
            return key + " = " + v + " is not a value of the type the policy reads it as";
          }
          if (!differsCache.computeIfAbsent(key + "\u0000" + v, x -> differs(policy, key, v, type))) {
            return key + " = " + v + " is a fixed value the policy names";
          }
        }
      }
      return null;
    }
  }

  /** A value of a key read by a typed operator has that type (AWS fills typed keys with typed values). */
  static boolean typed(Policy p, String key, String v) {
    for (Statement s : p.statements()) {
      for (Condition c : s.conditions()) {
        if (!c.key().equalsIgnoreCase(key)) {
          continue;
        }
        boolean ok = switch (c.operator().base().family()) {
          case NUMERIC -> TypedValues.parseDecimal(v).isPresent();
          case DATE -> TypedValues.parseDate(v).isPresent();
          case BOOL -> TypedValues.parseBool(v).isPresent();
          case BINARY -> TypedValues.decodeBase64(v).isPresent();
          case IP_ADDRESS -> Cidrs.parseAddress(v).isPresent();
          case ARN -> Arns.fields(v) != null;
          case STRING, NULL -> true;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** A restricting key's value avoids every fixed value the policy gives for it ({@code type}: may be null). */
  static boolean differs(Policy p, String key, String v, ResourceType type) {
    if (!restricting(key)) {
      return true;
    }
    IdentityProviders.PublicIssuer owner = ownerRule(key);
    if (owner != null) {
      // Only a pinned owner restricts (IdentityProviders.PUBLIC_ISSUERS): anyone else's pipelines get
      // tokens whose sub starts with their own owner's name.
      return ownerPrefixes(p, key, owner).stream().noneMatch(v::startsWith);
    }
    if (literals(p, key).contains(v)) {
      return false;
    }
    for (String lit : literalsIgnoringCase(p, key)) {
      if (asciiLower(lit).equals(asciiLower(v))) {
        return false;
      }
    }
    for (String prefix : fixedPrefixes(p, key, type)) {
      if (v.startsWith(prefix)) {
        return false;
      }
    }
    Optional<byte[]> address = Cidrs.parseAddress(v);
    if (address.isPresent()) {
      for (Cidrs.Cidr block : blocks(p, key)) {
        if (Cidrs.contains(block, address.get())) {
          return false;
        }
      }
    }
    Optional<Boolean> bool = TypedValues.parseBool(v);
    if (bool.isPresent() && boolLiterals(p, key).contains(bool.get())) {
      return false;
    }
    return true;
  }

  /**
   * The values a Bool operator gives for the key: the fixed values of a restricting key read as a Bool
   * (Amazon EFS User Guide, "Blocking public access to EFS file systems", "The meaning of public":
   * elasticfilesystem:AccessedViaMountTarget). A value that is no boolean (a policy variable) fixes nothing.
   */
  public static Set<Boolean> boolLiterals(Policy policy, String lower) {
    Set<Boolean> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        if (c.key().equalsIgnoreCase(lower) && c.operator().base().family() == OperatorFamily.BOOL) {
          for (String v : c.values()) {
            TypedValues.parseBool(v).ifPresent(out::add);
          }
        }
      }
    }
    return out;
  }

  /**
   * Wildcard-free, variable-free values of String (case-sensitive) and Arn operators on the key. A value
   * with a {@code *} or {@code ?} is no fixed value under any operator, StringEquals too (Amazon S3 User
   * Guide, "The meaning of public": fixed values are "values that don't contain a wildcard"), although
   * StringEquals compares it as plain text; {@code ${*}} and {@code ${?}} are plain text and stay fixed.
   */
  public static Set<String> literals(Policy policy, String lower) {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        if (!c.key().equalsIgnoreCase(lower) || b == BaseOperator.STRING_EQUALS_IGNORE_CASE
            || b == BaseOperator.STRING_NOT_EQUALS_IGNORE_CASE) {
          continue;
        }
        if (b.family() != OperatorFamily.STRING && b.family() != OperatorFamily.ARN) {
          continue;
        }
        for (String v : c.values()) {
          fixed(v, true, policy.variablesEnabled()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The fixed values of StringEqualsIgnoreCase operators on the key (as {@link #literals}: none with a wildcard). */
  public static Set<String> literalsIgnoringCase(Policy policy, String lower) {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        if (c.key().equalsIgnoreCase(lower) && (b == BaseOperator.STRING_EQUALS_IGNORE_CASE
            || b == BaseOperator.STRING_NOT_EQUALS_IGNORE_CASE)) {
          for (String v : c.values()) {
            fixed(v, true, policy.variablesEnabled()).filter(t -> !t.isEmpty()).ifPresent(out::add);
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
  public static Set<String> fixedPrefixes(Policy policy, String lower) {
    return fixedPrefixes(policy, lower, null);
  }

  /**
   * {@link #fixedPrefixes(Policy, String)} for the question about {@code type} (null: none named): the
   * access point pattern of s3:DataAccessPointArn is left out where the type's rule says it restricts
   * nothing (an access point policy: Amazon S3 User Guide, "The meaning of public", "Access points").
   */
  public static Set<String> fixedPrefixes(Policy policy, String lower, ResourceType type) {
    Set<String> out = new LinkedHashSet<>();
    if (!lower.equals("aws:userid") && !lower.equals("s3:dataaccesspointarn")) {
      return out;
    }
    boolean namePatterns = type == null || type.publicRules().stream()
        .filter(r -> r.key().equals(lower)).allMatch(PublicRule::namePattern);
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        boolean like = b == BaseOperator.STRING_LIKE || b == BaseOperator.STRING_NOT_LIKE
            || b.family() == OperatorFamily.ARN;
        if (!c.key().equalsIgnoreCase(lower) || !like) {
          continue;
        }
        for (String v : c.values()) {
          if (!v.endsWith("*")) {
            continue;
          }
          Optional<String> head = fixed(v.substring(0, v.length() - 1), true, policy.variablesEnabled());
          if (head.isEmpty() || head.get().isEmpty()) {
            continue;
          }
          String t = head.get();
          if (lower.equals("aws:userid") && t.endsWith(":") && t.length() > 1) {
            out.add(t);
          }
          List<String> f = Arns.fields(t);
          if (lower.equals("s3:dataaccesspointarn") && namePatterns && f != null && f.get(4).matches("\\d{12}")
              && f.get(5).equals("accesspoint/")) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  /**
   * The owner prefixes ({@code repo:OWNER/}) pinned by the values of String operators on {@code lower}
   * (a public CI issuer's sub): the fixed text of each value before its first wildcard (StringLike,
   * StringNotLike) or policy variable, when it names an owner in full. Values compared ignoring case
   * give their prefix as written (a stranger avoids only that spelling: fail closed).
   */
  public static Set<String> ownerPrefixes(Policy policy, String lower, IdentityProviders.PublicIssuer issuer) {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : policy.statements()) {
      for (Condition c : s.conditions()) {
        BaseOperator b = c.operator().base();
        if (!c.key().equalsIgnoreCase(lower) || b.family() != OperatorFamily.STRING) {
          continue;
        }
        boolean wildcards = b == BaseOperator.STRING_LIKE || b == BaseOperator.STRING_NOT_LIKE;
        for (String v : c.values()) {
          IdentityProviders.ownerPrefix(issuer, head(v, wildcards, policy.variablesEnabled())).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The text a policy value stands for up to its first wildcard (where wildcards apply) or policy variable. */
  public static String head(String v, boolean wildcards, boolean variablesEnabled) {
    return read(v, wildcards, variablesEnabled).text();
  }

  /** A policy value read up to its first wildcard or variable: that text, and whether it is the whole value. */
  private record Read(String text, boolean whole) {}

  private static Read read(String v, boolean wildcards, boolean variablesEnabled) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < v.length()) {
      if (variablesEnabled && v.startsWith("${", i)) {
        int close = v.indexOf('}', i + 2);
        if (close >= 0) {
          String body = v.substring(i + 2, close);
          if (body.equals("*") || body.equals("?") || body.equals("$")) {
            out.append(body);
            i = close + 1;
            continue;
          }
          if (!PolicyVariablesView.isPlainText(body)) {
            return new Read(out.toString(), false); // a variable
          }
        }
      }
      int cp = v.codePointAt(i);
      if (wildcards && (cp == '*' || cp == '?')) {
        return new Read(out.toString(), false);
      }
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return new Read(out.toString(), true);
  }

  /**
   * The CIDR blocks given for the key that restrict: an IPv4 block of /8 or narrower, an IPv6 block of
   * /32 or narrower (S3: "broader than /8 (IPv4) or /32 (IPv6)" restricts nothing).
   */
  public static List<Cidrs.Cidr> blocks(Policy policy, String lower) {
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

  /**
   * The text a policy value stands for when it is fixed — no wildcard (where wildcards apply) and no
   * policy variable other than the escapes {@code ${*}}, {@code ${?}}, {@code ${$}} — else empty.
   */
  public static Optional<String> fixed(String v, boolean wildcards, boolean variablesEnabled) {
    Read r = read(v, wildcards, variablesEnabled);
    return r.whole() ? Optional.of(r.text()) : Optional.empty();
  }

  static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> b.appendCodePoint(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return b.toString();
  }

  /** Whether {@code ${body}} is plain text rather than a variable (a comma with an unquoted default). */
  private static final class PolicyVariablesView {
    static boolean isPlainText(String body) {
      return dev.hornbeam.policy.eval.PolicyVariables.keys("${" + body + "}", true).isEmpty();
    }
  }
}
