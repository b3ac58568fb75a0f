package dev.hornbeam.policy.findings;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.eval.ContextValue;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A zone of trust: the callers whose access is not a finding (IAM User Guide, "Using AWS Identity and
 * Access Management Access Analyzer", "Zone of trust": an account or an organization). AWS service
 * principals are inside every zone, as in the cross-account check (they act for a caller that the
 * policy's aws:SourceAccount / aws:SourceArn conditions name). {@link Public} is no zone at all in the
 * sense of the public-access question: outside it is exactly a stranger ({@link PublicMeaning}).
 *
 * <p>This is the Java reference; {@code dev.hornbeam.smt.Zones} is its symbolic mirror.
 */
public sealed interface Zone {
  Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  /** One account: its identities, and identity providers it owns, are inside. */
  record Account(String id) implements Zone {
    public Account {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * An organization: its accounts' identities and providers are inside, and so is any caller whose
   * aws:PrincipalOrgID is the organization (AWS sets it only for members).
   */
  record Organization(String orgId, List<String> accounts) implements Zone {
    public Organization {
      Objects.requireNonNull(orgId, "orgId");
      accounts = List.copyOf(accounts);
    }
  }

  /** No one is trusted, but only strangers count: the public-access question's meaning of outside. */
  record Public() implements Zone {}

  /** Whether {@code r}'s caller is outside the zone; {@code policy} and {@code service} for {@link Public}. */
  static boolean isOutside(Zone zone, Policy policy, Request r, String service) {
    if (zone instanceof Public) {
      return PublicMeaning.isStranger(policy, r, service);
    }
    return isOutsideTrusted(zone, r);
  }

  /**
   * {@link #isOutside(Zone, Policy, Request, String)} for the question about {@code type}: a stranger to
   * {@code policy} follows the type's own rules ({@link PublicMeaning#isStranger(Policy, Request,
   * dev.hornbeam.policy.resource.ResourceType)}, e.g. an access point policy's s3:DataAccessPointArn).
   */
  static boolean isOutside(Zone zone, Policy policy, Request r, dev.hornbeam.policy.resource.ResourceType type) {
    if (zone instanceof Public) {
      return PublicMeaning.isStranger(policy, r, type);
    }
    return isOutsideTrusted(zone, r);
  }

  private static boolean isOutsideTrusted(Zone zone, Request r) {
    List<String> accounts = zone instanceof Account a ? List.of(a.id()) : ((Organization) zone).accounts();
    String org = zone instanceof Organization o ? o.orgId() : null;
    RequestPrincipal p = r.principal();
    if (p instanceof RequestPrincipal.Aws aws) {
      if (accounts.contains(aws.accountId())) {
        return false;
      }
      return org == null || !inOrganization(r, org);
    }
    if (p instanceof RequestPrincipal.CloudFrontOai) {
      // CloudFront's own identity, of no 12-digit account: outside every account; inside an organization
      // only if its aws:PrincipalOrgID says so (free for it, DerivedKeys).
      return org == null || !inOrganization(r, org);
    }
    if (p instanceof RequestPrincipal.Federated f) {
      List<String> fields = Arns.fields(f.provider());
      return fields == null || !fields.get(0).equals("arn") || !accounts.contains(fields.get(4));
    }
    return !(p instanceof RequestPrincipal.Service);
  }

  /** aws:PrincipalOrgID is the organization, or an aws:PrincipalOrgPaths entry starts with it. */
  private static boolean inOrganization(Request r, String org) {
    ContextValue id = r.lookup("aws:PrincipalOrgID");
    if (id != null && id.values().contains(org)) {
      return true;
    }
    ContextValue paths = r.lookup("aws:PrincipalOrgPaths");
    if (paths != null) {
      for (String v : paths.values()) {
        if (v.startsWith(org + "/")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The zone in words, for findings and reports. */
  static String describe(Zone zone) {
    if (zone instanceof Account a) {
      return "account " + a.id();
    }
    if (zone instanceof Organization o) {
      return "organization " + o.orgId() + " (" + o.accounts().size() + " accounts)";
    }
    return "nobody (public access)";
  }

  /** Why a zone's parts are not well formed, or null. */
  static String problem(Zone zone) {
    if (zone instanceof Account a) {
      return ACCOUNT.matcher(a.id()).matches() ? null : "an account is 12 digits, not \"" + a.id() + "\"";
    }
    if (zone instanceof Organization o) {
      if (!o.orgId().matches("o-[a-z0-9]{10,32}")) {
        return "an organization id is o- and 10 to 32 lower-case letters or digits, not \"" + o.orgId() + "\"";
      }
      for (String a : o.accounts()) {
        if (!ACCOUNT.matcher(a).matches()) {
          return "an account is 12 digits, not \"" + a + "\"";
        }
      }
      return o.accounts().isEmpty() ? "an organization needs its accounts" : null;
    }
    return null;
  }

  static String name(Zone zone) {
    return zone.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
