package dev.hornbeam.policy.universe;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.RequestPrincipal;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of caller AWS has (IAM User Guide, "AWS JSON policy elements: Principal"; "IAM
 * identifiers"; "Request information that you can use for policy variables", principal key values).
 */
public enum PrincipalKind {
  /** An unauthenticated caller (S3, SQS, SNS and a few other services accept them). */
  ANONYMOUS,
  /** The root user of an account: {@code arn:P:iam::A:root}. */
  ACCOUNT_ROOT,
  /** An IAM user: {@code arn:P:iam::A:user/PATH/NAME}. */
  IAM_USER,
  /** A session of a role from AssumeRole: {@code arn:P:sts::A:assumed-role/ROLE/SESSION}. */
  ROLE_SESSION,
  /** A role session from AssumeRoleWithWebIdentity (Cognito, Google, Facebook, Amazon, an OIDC provider). */
  WEB_IDENTITY_SESSION,
  /** A role session from AssumeRoleWithSAML. */
  SAML_SESSION,
  /** An STS federated user (GetFederationToken): {@code arn:P:sts::A:federated-user/NAME}. */
  FEDERATED_USER,
  /** An AWS service principal such as {@code cloudtrail.amazonaws.com}. */
  SERVICE,
  /** A web-identity or SAML provider calling AssumeRoleWithWebIdentity / AssumeRoleWithSAML. */
  FEDERATED_PROVIDER,
  /** An S3 canonical user, where a policy names one. */
  CANONICAL_USER,
  /**
   * A CloudFront origin access identity (legacy OAI; Amazon CloudFront Developer Guide, "Restricting
   * access to an Amazon S3 origin"): {@code arn:P:iam::cloudfront:user/CloudFront Origin Access Identity
   * ID}, of no 12-digit account, also named by its S3 canonical user id.
   */
  CLOUDFRONT_OAI;

  /**
   * An OAI's ARN: the parser's {@code PolicyParser.CLOUDFRONT_OAI} without its 64-character bound on the
   * id (our reading: a longer id is one no policy can name, so allowing it only adds callers that match
   * what an unnamed OAI matches).
   */
  public static final java.util.regex.Pattern CLOUDFRONT_OAI_ARN =
      java.util.regex.Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+");

  /**
   * The one service an OAI calls: "an origin access identity is a special CloudFront user that you can
   * associate with Amazon S3 origins" (Amazon CloudFront API Reference, CreateCloudFrontOriginAccessIdentity;
   * CloudFormation, AWS::CloudFront::CloudFrontOriginAccessIdentity). CloudFront forwards its viewers'
   * requests to an S3 origin only, so every request an OAI signs is an {@code s3:} action.
   */
  public static final String OAI_SERVICE = "s3";

  /**
   * The AWS partitions (AWS General Reference, "Amazon Resource Names": the partition is aws, aws-cn,
   * aws-us-gov, and the isolated and sovereign partitions). An identity lives in one of them.
   */
  public static final java.util.List<String> PARTITIONS = java.util.List.of("aws", "aws-cn", "aws-us-gov", "aws-iso",
      "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");

  /**
   * The kind of a caller, or empty when it is of no kind AWS has: an {@code Aws} identity whose account
   * is not 12 digits, whose ARN is not of a calling identity of that account, or whose principal ARN,
   * unique id or provider does not fit its ARN.
   */
  public static Optional<PrincipalKind> of(RequestPrincipal p) {
    // Java 17: no pattern switch; RequestPrincipal is sealed, so this chain is complete.
    if (p instanceof RequestPrincipal.Aws aws) {
      return awsKind(aws);
    } else if (p instanceof RequestPrincipal.Service) {
      return Optional.of(SERVICE);
    } else if (p instanceof RequestPrincipal.Federated) {
      return Optional.of(FEDERATED_PROVIDER);
    } else if (p instanceof RequestPrincipal.CanonicalUser) {
      return Optional.of(CANONICAL_USER);
    } else if (p instanceof RequestPrincipal.CloudFrontOai oai) {
      return CLOUDFRONT_OAI_ARN.matcher(oai.arn()).matches() ? Optional.of(CLOUDFRONT_OAI) : Optional.empty();
    }
    return Optional.of(ANONYMOUS);
  }

  /** Whether this kind is an identity of an AWS account (it has an account, an ARN and a principal ARN). */
  public boolean isAwsIdentity() {
    return switch (this) {
      case ACCOUNT_ROOT, IAM_USER, ROLE_SESSION, WEB_IDENTITY_SESSION, SAML_SESSION, FEDERATED_USER -> true;
      case ANONYMOUS, SERVICE, FEDERATED_PROVIDER, CANONICAL_USER, CLOUDFRONT_OAI -> false;
    };
  }

  /**
   * Whether identity policies are evaluated for this kind of caller: IAM users, role sessions and STS
   * federated users (whose requests are evaluated against the calling user's policies and the session
   * policy). Never anonymous callers, service principals, federated providers, canonical users, CloudFront
   * origin access identities (CloudFront's own, not an identity of the policy's account), and
   * not the account root user, to which no identity policy can be attached (IAM User Guide, "Policies
   * and permissions in IAM", identity-based policies; "Policy evaluation logic").
   */
  public boolean carriesIdentityPolicies() {
    return switch (this) {
      case IAM_USER, ROLE_SESSION, WEB_IDENTITY_SESSION, SAML_SESSION, FEDERATED_USER -> true;
      case ANONYMOUS, ACCOUNT_ROOT, SERVICE, FEDERATED_PROVIDER, CANONICAL_USER, CLOUDFRONT_OAI -> false;
    };
  }

  /** Whether every statement of every policy lacks a Principal element: identity policies (or SCPs). */
  public static boolean identityPolicies(java.util.Collection<dev.hornbeam.policy.model.Policy> policies) {
    return !policies.isEmpty() && policies.stream().allMatch(p -> p.statements().stream().allMatch(s -> s.principal() == null));
  }

  /** Whether this kind is a role session (its principal ARN is its role's ARN). */
  public boolean isRoleSession() {
    return switch (this) {
      case ROLE_SESSION, WEB_IDENTITY_SESSION, SAML_SESSION -> true;
      case ANONYMOUS, ACCOUNT_ROOT, IAM_USER, FEDERATED_USER, SERVICE, FEDERATED_PROVIDER, CANONICAL_USER, CLOUDFRONT_OAI -> false;
    };
  }

  private static Optional<PrincipalKind> awsKind(RequestPrincipal.Aws aws) {
    String account = aws.accountId();
    List<String> f = Arns.fields(aws.arn());
    if (!account.matches("\\d{12}") || f == null || !f.get(0).equals("arn") || !PARTITIONS.contains(f.get(1))
        || !f.get(3).isEmpty() || !f.get(4).equals(account)) {
      return Optional.empty();
    }
    String service = f.get(2);
    String resource = f.get(5);
    boolean samePrincipalArn = aws.principalArn().equals(aws.arn());
    if (service.equals("iam") && resource.equals("root") && samePrincipalArn) {
      return Optional.of(ACCOUNT_ROOT);
    }
    if (service.equals("iam") && resource.startsWith("user/") && !lastSegment(resource).isEmpty() && samePrincipalArn
        && aws.uniqueId().matches("AIDA[A-Z0-9]+")) {
      return Optional.of(IAM_USER);
    }
    if (service.equals("sts") && resource.startsWith("federated-user/") && resource.length() > "federated-user/".length()
        && samePrincipalArn) {
      return Optional.of(FEDERATED_USER);
    }
    if (service.equals("sts") && resource.startsWith("assumed-role/")) {
      String rest = resource.substring("assumed-role/".length());
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        return Optional.empty();
      }
      String role = rest.substring(0, slash);
      String expectedPrefix = "arn:" + f.get(1) + ":iam::" + account + ":role/";
      String principalArn = aws.principalArn();
      boolean roleFits = principalArn.startsWith(expectedPrefix)
          && lastSegment(principalArn.substring(expectedPrefix.length() - "role/".length())).equals(role)
          && aws.uniqueId().matches("AROA[A-Z0-9]+");
      if (!roleFits) {
        return Optional.empty();
      }
      String provider = aws.federatedProvider();
      if (provider == null) {
        return Optional.of(ROLE_SESSION);
      }
      if (provider.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(provider.contains(":saml-provider/") ? SAML_SESSION : WEB_IDENTITY_SESSION);
    }
    return Optional.empty();
  }

  /** {@code user/PATH/NAME} → {@code NAME}. */
  static String lastSegment(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }
}
