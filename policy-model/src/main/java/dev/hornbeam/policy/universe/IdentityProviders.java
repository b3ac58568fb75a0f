package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.Arns;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Web-identity (OIDC) and SAML providers as callers of {@code sts:AssumeRoleWithWebIdentity} and
 * {@code sts:AssumeRoleWithSAML}: which keys each sets in the request, and which of them restrict who may
 * call — written once, per provider kind, with its source. docs/semantics.md, "Federated providers".
 *
 * <p>Sources: IAM User Guide, "Available keys for AWS web identity federation" and "Available keys for
 * SAML-based AWS STS federation" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif,
 * #condition-keys-saml): an OIDC provider's keys are {@code HOST:aud} and {@code HOST:sub}, HOST the
 * provider URL without {@code https://} (the path after {@code oidc-provider/} in the provider's ARN);
 * Amazon Cognito {@code cognito-identity.amazonaws.com:aud|sub|amr}, Google {@code
 * accounts.google.com:aud|sub|oaud}, Facebook {@code graph.facebook.com:app_id|id}, Login with Amazon
 * {@code www.amazon.com:app_id|user_id}; SAML {@code saml:aud|iss|sub|sub_type|namequalifier|…}.
 */
public final class IdentityProviders {
  private IdentityProviders() {}

  /** The providers AWS names without an ARN ({@code "Federated": "accounts.google.com"}). */
  public static final Set<String> WELL_KNOWN = Set.of(
      "graph.facebook.com", "accounts.google.com", "www.amazon.com", "cognito-identity.amazonaws.com");

  /** The key prefix of SAML providers' keys. */
  public static final String SAML = "saml";

  /** What a provider is, for the public-access question. */
  public enum Kind {
    /** Facebook, Google, Login with Amazon, Cognito: anyone can sign in; the audience (app) restricts. */
    WELL_KNOWN,
    /**
     * An OIDC issuer anyone can get a token from, whose subject starts with the token owner's name
     * (GitHub Actions, GitLab.com, HCP Terraform): only a subject pinned to an owner restricts.
     */
    PUBLIC_CI,
    /** An OIDC provider we know nothing of: anyone may be able to get a token (fail closed). */
    UNKNOWN_OIDC,
    /** An OIDC issuer of one tenant (an EKS cluster, a CircleCI organization, …): a fixed value. */
    TENANT_OIDC,
    /** A SAML provider of an account: its users are the account owner's (a fixed value). */
    SAML
  }

  /**
   * A public CI issuer: tokens are issued to anyone's pipelines, and the subject begins with {@code
   * ownerClaim} followed by the owner's name and {@code separator}. A subject restricts only when its
   * fixed text pins an owner ({@code repo:OWNER/}): nobody else can run a pipeline of that owner.
   */
  public record PublicIssuer(String host, String ownerClaim, char separator, String source) {}

  /**
   * GitHub: "Configuring OpenID Connect in Amazon Web Services" and "About security hardening with
   * OpenID Connect" (sub {@code repo:OWNER/REPO:ref:refs/heads/BRANCH}, {@code
   * repo:OWNER/REPO:environment:NAME}, {@code repo:OWNER/REPO:pull_request}; the audience is
   * {@code sts.amazonaws.com} for everyone, and any workflow may ask for any audience); IAM User Guide,
   * "Configuring a role for GitHub OIDC identity provider" (a missing or wildcard sub lets any
   * repository assume the role). GitLab: "OpenID Connect (OIDC) Authentication Using ID Tokens" (sub
   * {@code project_path:GROUP/PROJECT:ref_type:branch:ref:main}; the job chooses aud). HCP Terraform:
   * "Dynamic Credentials with the AWS Provider" / "Workload identity" (sub {@code
   * organization:ORG:project:P:workspace:W:run_phase:apply}; the workspace chooses aud).
   */
  public static final List<PublicIssuer> PUBLIC_ISSUERS = List.of(
      new PublicIssuer("token.actions.githubusercontent.com", "repo:", '/', "GitHub Docs, \"Configuring OpenID Connect in Amazon Web Services\""),
      new PublicIssuer("gitlab.com", "project_path:", '/', "GitLab Docs, \"OpenID Connect (OIDC) Authentication Using ID Tokens\""),
      new PublicIssuer("app.terraform.io", "organization:", ':', "HashiCorp, \"Dynamic Credentials with the AWS Provider\""));

  /**
   * Issuers of one tenant, as globs ({@code *}: any text): an EKS cluster's issuer
   * {@code oidc.eks.REGION.amazonaws.com/id/CLUSTER} (Amazon EKS User Guide, "Create an IAM OIDC provider
   * for your cluster": one issuer per cluster, tokens only for its service accounts); CircleCI's
   * {@code oidc.circleci.com/org/ORG-ID} ("Using OpenID Connect tokens in jobs"); Bitbucket Pipelines'
   * {@code api.bitbucket.org/2.0/workspaces/WORKSPACE/pipelines-config/identity/oidc}; GitHub Enterprise
   * Cloud's enterprise issuer {@code token.actions.githubusercontent.com/ENTERPRISE} ("About security
   * hardening with OpenID Connect", "Switching to a unique token URL").
   */
  public static final List<String> TENANT_GLOBS = List.of(
      "oidc.eks.*.amazonaws.com/id/*",
      "oidc.circleci.com/org/*",
      "api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc",
      "token.actions.githubusercontent.com/*");

  /** The keys each well-known provider sets, always present ("Available keys for AWS web identity federation"). */
  static final Map<String, List<String>> WELL_KNOWN_KEYS = Map.of(
      "accounts.google.com", List.of("aud", "sub"),
      "cognito-identity.amazonaws.com", List.of("aud", "sub", "amr"),
      "graph.facebook.com", List.of("app_id", "id"),
      "www.amazon.com", List.of("app_id", "user_id"));

  /** An OIDC provider's keys, always present: every token has an aud and a sub claim (OpenID Connect Core 1.0, 2). */
  static final List<String> OIDC_KEYS = List.of("aud", "sub");

  /**
   * SAML keys always present: the Recipient ({@code saml:aud}), the Issuer, the NameID ({@code
   * saml:sub}) and the name qualifier AWS computes from them ("Available keys for SAML-based AWS STS
   * federation"). {@code saml:sub_type} and the attribute keys depend on the assertion: left free.
   */
  static final List<String> SAML_KEYS = List.of("aud", "iss", "sub", "namequalifier");

  /**
   * The keys that restrict through fixed values for the well-known providers: the audience (the
   * application's client or identity-pool id: Access Analyzer reports {@code cognito-identity.amazonaws.com:aud}
   * as the finding's condition, AWS CLI "accessanalyzer get-finding" example) and the subject (one user).
   */
  static final Set<String> WELL_KNOWN_RESTRICTING = Set.of(
      "accounts.google.com:aud", "accounts.google.com:sub", "cognito-identity.amazonaws.com:aud",
      "cognito-identity.amazonaws.com:sub", "graph.facebook.com:app_id", "graph.facebook.com:id", "www.amazon.com:app_id",
      "www.amazon.com:user_id");

  /**
   * The fields of an IAM provider ARN {@code arn:P:iam:R:A:RESOURCE} (R is empty in real ARNs), or null.
   * The symbolic mirror reads the same shape ({@code Callers.providerArn}).
   */
  private static List<String> iamArn(String provider) {
    List<String> f = Arns.fields(provider);
    return f == null || !f.get(0).equals("arn") || !f.get(2).equals("iam") ? null : f;
  }

  /** The kind of provider {@code provider} (a {@code Federated} value), or empty when it is no provider AWS has. */
  public static Optional<Kind> kind(String provider) {
    if (WELL_KNOWN.contains(provider)) {
      return Optional.of(Kind.WELL_KNOWN);
    }
    List<String> f = iamArn(provider);
    if (f != null && f.get(5).startsWith(OIDC)) {
      return Optional.of(oidcKind(f.get(5).substring(OIDC.length())));
    }
    if (f != null && f.get(5).startsWith(SAML_PROVIDER)) {
      return Optional.of(Kind.SAML);
    }
    return Optional.empty();
  }

  /** The resource part of an OIDC provider's ARN before its host. */
  public static final String OIDC = "oidc-provider/";
  /** The resource part of a SAML provider's ARN before its name. */
  public static final String SAML_PROVIDER = "saml-provider/";

  /**
   * Whether AWS sets provider key {@code lower} ({@link #isProviderKey}) in a request from {@code
   * provider}: a well-known provider's own keys; a SAML provider's {@code saml:} keys; {@code HOST:aud}
   * and {@code HOST:sub} for the OIDC provider {@code arn:P:iam::A:oidc-provider/HOST} (exactly that
   * text: a provider ARN spelt in upper case sets no key of this model, and its keys stay free).
   */
  public static boolean sets(String provider, String lower) {
    if (!isProviderKey(lower)) {
      return false;
    }
    String prefix = keyPrefix(lower);
    if (WELL_KNOWN_KEYS.containsKey(prefix)) {
      return provider.equals(prefix);
    }
    List<String> f = iamArn(provider);
    if (prefix.equals(SAML)) {
      return f != null && f.get(5).startsWith(SAML_PROVIDER);
    }
    return f != null && f.get(5).equals(OIDC + prefix);
  }

  /** The kind of an OIDC provider of host {@code host}. */
  public static Kind oidcKind(String host) {
    if (publicIssuer(host).isPresent()) {
      return Kind.PUBLIC_CI;
    }
    for (String glob : TENANT_GLOBS) {
      if (globMatches(glob, host)) {
        return Kind.TENANT_OIDC;
      }
    }
    return Kind.UNKNOWN_OIDC;
  }

  /** The public CI issuer of host {@code host}, if it is one. */
  public static Optional<PublicIssuer> publicIssuer(String host) {
    return PUBLIC_ISSUERS.stream().filter(i -> i.host().equals(host)).findFirst();
  }

  /**
   * Whether a stranger may call as {@code provider}: anyone can get a token of a well-known provider, a
   * public CI issuer, or (fail closed) an OIDC provider we do not know; not of a tenant's issuer or a
   * SAML provider, and not of a value that is no provider.
   */
  public static boolean strangersMayCall(String provider) {
    Optional<Kind> k = kind(provider);
    if (k.isEmpty()) {
      return false;
    }
    return switch (k.get()) {
      case WELL_KNOWN, PUBLIC_CI, UNKNOWN_OIDC -> true;
      case TENANT_OIDC, SAML -> false;
    };
  }

  /** The (prefix, name) of a provider key {@code lower} ({@code HOST:sub} → HOST, sub), or empty. */
  static Optional<String[]> split(String lower) {
    int colon = lower.lastIndexOf(':');
    if (colon <= 0 || colon == lower.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {lower.substring(0, colon), lower.substring(colon + 1)});
  }

  /**
   * Whether {@code lower} (a lowercase key) is a key a provider sets that this model fixes as present
   * for that provider's callers: a well-known provider's documented keys, an OIDC host's {@code aud}
   * and {@code sub} (a host has a '.' or a '/'; no AWS service prefix does), SAML's always-present keys.
   */
  public static boolean isProviderKey(String lower) {
    Optional<String[]> s = split(lower);
    if (s.isEmpty()) {
      return false;
    }
    String prefix = s.get()[0];
    String name = s.get()[1];
    if (WELL_KNOWN_KEYS.containsKey(prefix)) {
      return WELL_KNOWN_KEYS.get(prefix).contains(name);
    }
    if (prefix.equals(SAML)) {
      return SAML_KEYS.contains(name);
    }
    return (prefix.contains(".") || prefix.contains("/")) && OIDC_KEYS.contains(name);
  }

  /** The prefix of a provider key ({@link #isProviderKey}). */
  public static String keyPrefix(String lower) {
    return split(lower).orElseThrow()[0];
  }

  /**
   * How a fixed value of key {@code lower} restricts a stranger, for the public-access question.
   */
  public sealed interface Restriction {
    /** It does not restrict (a value the stranger chooses, or a key of no provider). */
    record None() implements Restriction {}

    /** A fixed (wildcard-free) value restricts: the stranger's value differs from it. */
    record Literal() implements Restriction {}

    /** Only a fixed owner restricts: the stranger's value does not start with {@code ownerClaim OWNER separator}. */
    record Owner(PublicIssuer issuer) implements Restriction {}
  }

  /**
   * The rule of key {@code lower}: the well-known providers' audiences and subjects restrict through
   * fixed values; a public CI issuer's sub only through a pinned owner, its aud not at all (anyone's
   * pipeline may ask for any audience); an unknown OIDC provider's sub through a fixed value (one
   * subject of that provider), its aud not at all (we do not know who may ask for it: fail closed).
   */
  public static Restriction restriction(String lower) {
    if (WELL_KNOWN_RESTRICTING.contains(lower)) {
      return new Restriction.Literal();
    }
    Optional<String[]> s = split(lower);
    if (s.isEmpty() || !isProviderKey(lower) || WELL_KNOWN_KEYS.containsKey(s.get()[0]) || s.get()[0].equals(SAML)) {
      return new Restriction.None();
    }
    if (!s.get()[1].equals("sub")) {
      return new Restriction.None();
    }
    String host = s.get()[0];
    Optional<PublicIssuer> ci = publicIssuer(host);
    if (ci.isPresent()) {
      return new Restriction.Owner(ci.get());
    }
    return switch (oidcKind(host)) {
      case UNKNOWN_OIDC -> new Restriction.Literal();
      // A tenant's issuer is never a stranger; its sub restricts nothing more.
      case TENANT_OIDC, WELL_KNOWN, PUBLIC_CI, SAML -> new Restriction.None();
    };
  }

  /**
   * The owner prefix ({@code repo:OWNER/}) that the fixed head of a value pins, or empty: {@code head} is
   * the value's text before its first wildcard or policy variable.
   */
  public static Optional<String> ownerPrefix(PublicIssuer issuer, String head) {
    if (!head.startsWith(issuer.ownerClaim())) {
      return Optional.empty();
    }
    int end = head.indexOf(issuer.separator(), issuer.ownerClaim().length());
    if (end <= issuer.ownerClaim().length()) {
      return Optional.empty();
    }
    return Optional.of(head.substring(0, end + 1));
  }

  /** Whether glob {@code glob} ({@code *}: any text, possibly empty) matches {@code text}. */
  static boolean globMatches(String glob, String text) {
    String[] parts = glob.split("\\*", -1);
    if (!text.startsWith(parts[0])) {
      return false;
    }
    int at = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = text.indexOf(parts[i], at);
      if (found < 0) {
        return false;
      }
      at = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return parts.length == 1 ? text.equals(parts[0]) : text.length() - at >= last.length() && text.endsWith(last);
  }

  /** Lowercase a key (ASCII and otherwise, as key names compare). */
  static String lower(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}
