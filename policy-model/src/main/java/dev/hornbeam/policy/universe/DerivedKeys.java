package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.RequestPrincipal;
import java.util.List;
import java.util.Locale;

/**
 * The keys AWS derives from the caller, and their values for every kind of caller: the reference table
 * (docs/semantics.md, "Who can call"). Sources: IAM User Guide, "AWS global condition context keys"
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username,
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:FederatedProvider); "IAM policy elements:
 * Variables and tags", table "Principal key values" (aws:username, aws:userid, aws:PrincipalType per
 * kind of caller); AWS KMS Developer Guide, "kms:CallerAccount".
 */
public final class DerivedKeys {
  public static final String PRINCIPAL_ARN = "aws:principalarn";
  public static final String PRINCIPAL_ACCOUNT = "aws:principalaccount";
  public static final String PRINCIPAL_TYPE = "aws:principaltype";
  public static final String USER_ID = "aws:userid";
  public static final String USERNAME = "aws:username";
  public static final String IS_AWS_SERVICE = "aws:principalisawsservice";
  public static final String SERVICE_NAME = "aws:principalservicename";
  public static final String CALLER_ACCOUNT = "kms:calleraccount";
  public static final String FEDERATED_PROVIDER = "aws:federatedprovider";

  /**
   * {@code aws:PrincipalTag/KEY}: the tags of the calling user or role ("AWS global condition context
   * keys": present when the principal has the tag). An anonymous caller has none; for every other kind
   * the tags are free.
   */
  public static final String PRINCIPAL_TAG_PREFIX = "aws:principaltag/";

  /**
   * {@code aws:PrincipalOrgID} and {@code aws:PrincipalOrgPaths}: "included in the request context only if
   * the principal is a member of an organization" ("AWS global condition context keys"). Only an AWS
   * identity can be one: for it they are free (present with any value, or absent); for every other kind of
   * caller (anonymous, service principals, providers, canonical users) they are absent.
   */
  public static final List<String> ORGANIZATION_KEYS = List.of("aws:principalorgid", "aws:principalorgpaths");

  /** Every derived key, lowercase (and the tag keys, {@link #PRINCIPAL_TAG_PREFIX}). */
  public static final List<String> KEYS = List.of(PRINCIPAL_ARN, PRINCIPAL_ACCOUNT, PRINCIPAL_TYPE, USER_ID, USERNAME,
      IS_AWS_SERVICE, SERVICE_NAME, CALLER_ACCOUNT, FEDERATED_PROVIDER);

  private static final Derived ABSENT = new Derived.Absent();
  private static final Derived FREE = new Derived.Free();
  private static final Derived PRESENT = new Derived.Present();
  private static final Derived NOT_ACCOUNT = new Derived.NotAccount();

  private DerivedKeys() {}

  public static boolean isDerived(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return KEYS.contains(k) || k.startsWith(PRINCIPAL_TAG_PREFIX) || ORGANIZATION_KEYS.contains(k)
        || IdentityProviders.isProviderKey(k);
  }

  /**
   * The value of derived key {@code key} (any case) for caller {@code p}; {@link Derived.Free} for a
   * caller of no known kind and for keys that are not derived.
   */
  public static Derived of(RequestPrincipal p, String key) {
    String k = key.toLowerCase(Locale.ROOT);
    PrincipalKind kind = PrincipalKind.of(p).orElse(null);
    if (kind != null && k.startsWith(PRINCIPAL_TAG_PREFIX)) {
      return kind == PrincipalKind.ANONYMOUS ? ABSENT : FREE;
    }
    if (kind != null && ORGANIZATION_KEYS.contains(k)) {
      // A CloudFront origin access identity: AWS does not say whether it is a member of one (free).
      return p instanceof RequestPrincipal.Aws || p instanceof RequestPrincipal.CloudFrontOai ? FREE : ABSENT;
    }
    if (kind != null && IdentityProviders.isProviderKey(k)) {
      // A provider's keys (HOST:aud, HOST:sub, saml:sub, …) are in every request from that provider, with
      // any value a caller can get a token for; for every other caller they are free (our reading: not
      // documented either way, and free only makes more requests possible).
      return kind == PrincipalKind.FEDERATED_PROVIDER
          && IdentityProviders.sets(((RequestPrincipal.Federated) p).provider(), k) ? PRESENT : FREE;
    }
    if (kind == null || !KEYS.contains(k)) {
      return FREE;
    }
    return switch (kind) {
      case ANONYMOUS -> switch (k) {
        // "Principal key values": an anonymous caller is aws:userid "anonymous", aws:PrincipalType "Anonymous";
        // "Anonymous requests do not include" aws:PrincipalArn / aws:PrincipalAccount (global keys page).
        case PRINCIPAL_TYPE -> value("Anonymous");
        case USER_ID -> value("anonymous");
        default -> ABSENT;
      };
      case ACCOUNT_ROOT, IAM_USER, ROLE_SESSION, WEB_IDENTITY_SESSION, SAML_SESSION, FEDERATED_USER ->
          aws((RequestPrincipal.Aws) p, kind, k);
      case SERVICE -> switch (k) {
        // aws:PrincipalIsAWSService is true and aws:PrincipalServiceName is the service principal's name
        // for calls by a service principal; the principal ARN, account and kms:CallerAccount are those of
        // an AWS identity (absent here, our reading); PrincipalType and userid are not documented: free.
        case IS_AWS_SERVICE -> value("true");
        case SERVICE_NAME -> value(((RequestPrincipal.Service) p).name());
        case PRINCIPAL_TYPE, USER_ID -> FREE;
        default -> ABSENT;
      };
      case CLOUDFRONT_OAI -> switch (k) {
        // AWS documents none of the keys of an OAI's requests (CloudFront Developer Guide, "Restricting
        // access to an Amazon S3 origin"; the global keys page does not name it), so they are free, with
        // two exceptions we can argue for:
        // * aws:PrincipalArn: AWS's data-perimeter maintainers, after testing, advise an exception for an
        //   OAI written as aws:PrincipalArn equal to the OAI's ARN (aws-samples/data-perimeter-policy-
        //   examples, issue 47, 2025-07-11): so the key is never another value; absent stays possible
        //   (such an exception also holds under ...IfExists).
        // * aws:PrincipalAccount, kms:CallerAccount: "the account to which the requesting principal
        //   belongs"; an OAI belongs to no 12-digit account (its ARN's account field is "cloudfront"), so
        //   the key is never a 12-digit account id (absent, or any other text).
        // Free (any value, or absent) only adds requests: every question asks whether some request exists
        // (allowed by A and not by B, outside a zone), so it errs towards FAIL and findings, never a PASS.
        case PRINCIPAL_ARN -> new Derived.AbsentOr(((RequestPrincipal.CloudFrontOai) p).arn());
        case PRINCIPAL_ACCOUNT, CALLER_ACCOUNT -> NOT_ACCOUNT;
        default -> FREE;
      };
      case FEDERATED_PROVIDER, CANONICAL_USER -> switch (k) {
        case PRINCIPAL_TYPE, USER_ID, IS_AWS_SERVICE -> FREE;
        case FEDERATED_PROVIDER -> kind == PrincipalKind.FEDERATED_PROVIDER ? FREE : ABSENT;
        default -> ABSENT;
      };
    };
  }

  private static Derived aws(RequestPrincipal.Aws a, PrincipalKind kind, String k) {
    return switch (k) {
      // aws:PrincipalArn: "for IAM roles, the role ARN … not the role session"; users, root and STS
      // federated users: their own ARN.
      case PRINCIPAL_ARN -> value(a.principalArn());
      case PRINCIPAL_ACCOUNT, CALLER_ACCOUNT -> value(a.accountId());
      case PRINCIPAL_TYPE -> value(switch (kind) {
        case ACCOUNT_ROOT -> "Account";
        case IAM_USER -> "User";
        case FEDERATED_USER -> "FederatedUser";
        default -> "AssumedRole";
      });
      case USER_ID -> value(switch (kind) {
        case ACCOUNT_ROOT -> a.accountId();
        case IAM_USER -> a.uniqueId();
        case FEDERATED_USER -> a.accountId() + ":" + PrincipalKind.lastSegment(a.arn());
        default -> a.uniqueId() + ":" + a.sessionName(); // role-id:caller-specified-role-name
      });
      case USERNAME -> kind == PrincipalKind.IAM_USER ? value(PrincipalKind.lastSegment(a.arn())) : ABSENT;
      case IS_AWS_SERVICE -> value("false");
      case FEDERATED_PROVIDER -> a.federatedProvider() == null ? ABSENT : value(a.federatedProvider());
      default -> ABSENT; // aws:PrincipalServiceName: only for service principals
    };
  }

  private static Derived value(String v) {
    return new Derived.Value(v);
  }
}
