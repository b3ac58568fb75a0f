package dev.hornbeam.policy.eval;

import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import java.util.List;
import java.util.Map;

/**
 * The Principal and NotPrincipal elements (IAM User Guide, "AWS JSON policy elements: Principal" and
 * "AWS JSON policy elements: NotPrincipal"). ARN comparisons are exact and case-sensitive; principals
 * take no wildcards except the single value {@code "*"}.
 */
public final class PrincipalMatcher {
  private PrincipalMatcher() {}

  /**
   * Whether the element lets the statement apply to the request's principal. No element (identity
   * policies) matches every principal.
   */
  static boolean matches(PrincipalElement element, RequestPrincipal principal) {
    if (element == null) {
      return true;
    }
    boolean listed = isListed(element.principals(), principal);
    // "AWS JSON policy elements: NotPrincipal": the statement applies to every principal except the
    // listed ones. Because an account or role entry already covers that account's identities and the
    // role's sessions (see matchesAws), excluding a listed role also excludes its sessions, i.e. the
    // session is tested against every identity it carries.
    return element.negated() ? !listed : listed;
  }

  /** Whether some entry of the element names this principal. */
  static boolean isListed(Principals principals, RequestPrincipal principal) {
    // "Principal": "*" and {"AWS": "*"} mean everyone, anonymous callers included ("AWS JSON policy
    // elements: Principal", section "All principals").
    if (principals instanceof Principals.Anyone) {
      return true;
    }
    if (!(principals instanceof Principals.Listed listed)) {
      return false;
    }
    for (Map.Entry<PrincipalType, List<String>> entry : listed.byType().entrySet()) {
      for (String value : entry.getValue()) {
        if (entryMatches(entry.getKey(), value, principal)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean entryMatches(PrincipalType type, String value, RequestPrincipal principal) {
    switch (type) {
      case AWS:
        if (value.equals("*")) {
          return true; // everyone, anonymous included
        }
        if (principal instanceof RequestPrincipal.CloudFrontOai oai) {
          // Amazon CloudFront Developer Guide, "Restricting access to an Amazon S3 origin" (legacy OAI):
          // the bucket policy names the OAI by its ARN, compared exactly like an IAM user's
          return value.equals(oai.arn());
        }
        return principal instanceof RequestPrincipal.Aws aws && matchesAws(value, aws);
      case SERVICE:
        // Principal page, "AWS service principals": the service principal name, compared exactly
        return principal instanceof RequestPrincipal.Service s && s.name().equals(value);
      case FEDERATED:
        // Principal page, OIDC / SAML federated principals: the identity provider, compared exactly
        return principal instanceof RequestPrincipal.Federated f && f.provider().equals(value);
      case CANONICAL_USER:
        // S3 canonical user ids (Principal page, "CanonicalUser"): compared exactly
        // (or an OAI's S3 canonical user id: the CloudFront page's other way of naming it)
        return principal instanceof RequestPrincipal.CanonicalUser c && c.id().equals(value)
            || principal instanceof RequestPrincipal.CloudFrontOai oai && oai.canonicalUserId().equals(value);
      default:
        return false;
    }
  }

  /** One value of an {@code "AWS"} entry against an IAM identity. */
  public static boolean matchesAws(String value, RequestPrincipal.Aws principal) {
    // "AWS account principals": a 12-digit account id, or arn:PARTITION:iam::ACCOUNT:root, stands for
    // the account, i.e. every identity of that account.
    if (isAccountId(value)) {
      return value.equals(principal.accountId());
    }
    List<String> f = Arns.fields(value);
    if (f == null || !f.get(0).equals("arn") || !f.get(3).isEmpty()) {
      return false; // unique ids (AIDA…), placeholders and other text name no principal here
    }
    String service = f.get(2);
    String account = f.get(4);
    String resource = f.get(5);
    if (service.equals("iam") && resource.equals("root")) {
      return account.equals(principal.accountId());
    }
    if (service.equals("iam") && resource.startsWith("user/")) {
      return value.equals(principal.arn()); // "IAM user principals": exactly that user
    }
    if (service.equals("iam") && resource.startsWith("role/")) {
      // "IAM role principals" and "Role session principals": a role ARN covers the role itself and
      // every session of it, arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION-NAME, where
      // ROLE-NAME is the last path segment of the role.
      return value.equals(principal.arn())
          || isSessionOfRole(principal.arn(), f.get(1), account, roleName(resource));
    }
    if (service.equals("sts")
        && (resource.startsWith("assumed-role/") || resource.startsWith("federated-user/"))) {
      return value.equals(principal.arn()); // a role session or federated user: exactly that one
    }
    return false;
  }

  /** Whether {@code arn} is arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/anything. */
  private static boolean isSessionOfRole(String arn, String partition, String account, String role) {
    List<String> f = Arns.fields(arn);
    if (f == null
        || !f.get(0).equals("arn")
        || !f.get(1).equals(partition)
        || !f.get(2).equals("sts")
        || !f.get(3).isEmpty()
        || !f.get(4).equals(account)) {
      return false;
    }
    String prefix = "assumed-role/" + role + "/";
    return f.get(5).startsWith(prefix);
  }

  /** {@code role/PATH/NAME} to {@code NAME}. */
  private static String roleName(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  private static boolean isAccountId(String value) {
    if (value.length() != 12) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
