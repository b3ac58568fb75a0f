package dev.hornbeam.policy.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * Who makes a request. The kinds and the keys AWS derives from each are the reference model of
 * {@code dev.hornbeam.policy.universe} (docs/semantics.md, "Who can call").
 */
public sealed interface RequestPrincipal {

  /** An unauthenticated (anonymous) caller. Only {@code "*"} / {@code {"AWS":"*"}} grants to it. */
  record Anonymous() implements RequestPrincipal {}

  /**
   * An identity of an AWS account that signs its own requests: the account root user, an IAM user, a
   * role session (from AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML) or an STS federated
   * user (GetFederationToken). IAM roles never call: their sessions do (IAM User Guide, "Roles terms and
   * concepts").
   *
   * @param accountId the 12-digit account id
   * @param arn the caller's own ARN, which the Principal element is matched against:
   *     {@code arn:aws:iam::ACCOUNT:root}, {@code arn:aws:iam::ACCOUNT:user/PATH/NAME},
   *     {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION} or
   *     {@code arn:aws:sts::ACCOUNT:federated-user/NAME}
   * @param principalArn the value of {@code aws:PrincipalArn}: the caller's ARN, except for a role
   *     session, where it is the role's ARN (with the role's path)
   * @param uniqueId the IAM unique id of the user ({@code AIDA…}) or of the session's role ({@code
   *     AROA…}); not used for root users and federated users
   * @param federatedProvider for a role session from AssumeRoleWithWebIdentity or AssumeRoleWithSAML,
   *     the identity provider ({@code cognito-identity.amazonaws.com}, an OIDC or SAML provider ARN);
   *     else null
   */
  record Aws(String accountId, String arn, String principalArn, String uniqueId, String federatedProvider)
      implements RequestPrincipal {
    public Aws {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(principalArn, "principalArn");
      Objects.requireNonNull(uniqueId, "uniqueId");
    }

    /**
     * A caller from its ARN alone, with the rest derived: a role session's {@code aws:PrincipalArn} is
     * the role without a path, unique ids are made up from the ARN. A role ARN stands for a session of
     * that role (session name {@code session}): roles do not call themselves.
     */
    public Aws(String accountId, String arn) {
      this(accountId, sessionIfRole(arn), roleOf(sessionIfRole(arn), arn), madeUpId(arn), null);
    }

    /** A session of {@code roleArn} ({@code arn:P:iam::A:role/PATH/NAME}) named {@code session}. */
    public static Aws roleSession(String roleArn, String session, String roleId, String federatedProvider) {
      List<String> f = Arns.fields(roleArn);
      if (f == null || !f.get(5).startsWith("role/")) {
        throw new IllegalArgumentException("not a role ARN: " + roleArn);
      }
      String name = f.get(5).substring(f.get(5).lastIndexOf('/') + 1);
      return new Aws(f.get(4), "arn:" + f.get(1) + ":sts::" + f.get(4) + ":assumed-role/" + name + "/" + session,
          roleArn, roleId, federatedProvider);
    }

    /** The session name of a role session, else null. */
    public String sessionName() {
      List<String> f = Arns.fields(arn);
      if (f == null || !f.get(5).startsWith("assumed-role/")) {
        return null;
      }
      String rest = f.get(5).substring("assumed-role/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? null : rest.substring(slash + 1);
    }

    private static String sessionIfRole(String arn) {
      List<String> f = Arns.fields(arn);
      if (f == null || !f.get(2).equals("iam") || !f.get(5).startsWith("role/")) {
        return arn;
      }
      String name = f.get(5).substring(f.get(5).lastIndexOf('/') + 1);
      return "arn:" + f.get(1) + ":sts::" + f.get(4) + ":assumed-role/" + name + "/session";
    }

    /** aws:PrincipalArn of a caller given by {@code arn}; {@code given} is what the caller passed. */
    private static String roleOf(String arn, String given) {
      if (!arn.equals(given)) {
        return given; // a role ARN given: its session's principal ARN is the role, path included
      }
      List<String> f = Arns.fields(arn);
      if (f == null || !f.get(2).equals("sts") || !f.get(5).startsWith("assumed-role/")) {
        return arn;
      }
      String rest = f.get(5).substring("assumed-role/".length());
      int slash = rest.indexOf('/');
      String role = slash < 0 ? rest : rest.substring(0, slash);
      return "arn:" + f.get(1) + ":iam::" + f.get(4) + ":role/" + role;
    }

    private static String madeUpId(String arn) {
      List<String> f = Arns.fields(arn);
      boolean role = f != null && (f.get(5).startsWith("role/") || f.get(5).startsWith("assumed-role/"));
      try {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(role ? "AROA" : "AIDA");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for (int i = 0; i < 17; i++) {
          b.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
        }
        return b.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** An AWS service principal such as {@code cloudtrail.amazonaws.com}. */
  record Service(String name) implements RequestPrincipal {
    public Service {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A web-identity or SAML federated principal such as {@code cognito-identity.amazonaws.com}: the
   * caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML, before it has a session.
   */
  record Federated(String provider) implements RequestPrincipal {
    public Federated {
      Objects.requireNonNull(provider, "provider");
    }
  }

  /**
   * A CloudFront origin access identity (legacy OAI; Amazon CloudFront Developer Guide, "Restricting
   * access to an Amazon S3 origin"): CloudFront's own identity, of no 12-digit account, calling S3 for a
   * distribution. A bucket policy names it by its ARN ({@code {"AWS": "arn:aws:iam::cloudfront:user/
   * CloudFront Origin Access Identity EH1HDMB1FH2TC"}}) or by its S3 canonical user id ({@code
   * {"CanonicalUser": ID}}): both name the same caller, so it carries both.
   *
   * @param arn {@code arn:PARTITION:iam::cloudfront:user/CloudFront Origin Access Identity ID}
   *     ({@code dev.hornbeam.policy.universe.PrincipalKind#CLOUDFRONT_OAI_ARN})
   * @param canonicalUserId its S3 canonical user id: which id belongs to which OAI cannot be told from a
   *     policy, so every pairing is a caller
   */
  record CloudFrontOai(String arn, String canonicalUserId) implements RequestPrincipal {
    public CloudFrontOai {
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(canonicalUserId, "canonicalUserId");
    }

    /** The OAI {@code id} of partition aws, with canonical user id {@code canonicalUserId}. */
    public static CloudFrontOai of(String id, String canonicalUserId) {
      return new CloudFrontOai("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity " + id, canonicalUserId);
    }
  }

  /** An S3 canonical user id. */
  record CanonicalUser(String id) implements RequestPrincipal {
    public CanonicalUser {
      Objects.requireNonNull(id, "id");
    }
  }
}
