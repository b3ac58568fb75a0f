package dev.hornbeam.service.answer;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.findings.Zone;
import java.util.List;

/** A zone of trust from its parts as a request or the command line gives them; a problem is an error. */
public final class ZoneInput {
  private ZoneInput() {}

  /** A zone that cannot be made; {@code field} names the part (a JSON member or an option). */
  public static final class Problem extends RuntimeException {
    private final String field;

    Problem(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /**
   * @param kind {@code account} (the default), {@code organization} ({@code org}) or {@code public}
   * @param account the trusted account; by default the account of {@code resourceArn}
   * @param orgId and {@code orgAccounts}: the organization
   */
  public static Zone of(String kind, String account, String orgId, List<String> orgAccounts, String resourceArn) {
    String k = kind == null ? "account" : kind;
    Zone zone;
    switch (k) {
      case "account" -> {
        String a = account;
        if (a == null && resourceArn != null) {
          List<String> fields = Arns.fields(resourceArn);
          a = fields == null || fields.get(4).isEmpty() ? null : fields.get(4);
        }
        if (a == null) {
          throw new Problem("account", "the zone is an account: give the account (the resource's ARN does not name one)");
        }
        zone = new Zone.Account(a);
      }
      case "organization", "org" -> {
        if (orgId == null || orgAccounts == null) {
          throw new Problem(orgId == null ? "organizationId" : "organizationAccounts",
              "the zone is an organization: give its id and its accounts");
        }
        zone = new Zone.Organization(orgId, orgAccounts);
      }
      case "public" -> zone = new Zone.Public();
      default -> throw new Problem("zone", "the zone is account, organization or public, not \"" + k + "\"");
    }
    String problem = Zone.problem(zone);
    if (problem != null) {
      throw new Problem(zone instanceof Zone.Organization && problem.contains("organization") ? "organizationId"
          : zone instanceof Zone.Organization ? "organizationAccounts" : "account", problem);
    }
    return zone;
  }
}
