package dev.hornbeam.audit;

import dev.hornbeam.policy.findings.Zone;
import dev.hornbeam.service.answer.ZoneInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The audit's zone of trust from the command line, shared by {@code hornbeam audit} and the Flink audit (a picocli
 * mixin): {@code --zone account} (each resource's own account, the default) or {@code --zone org --org-id ID
 * --org-accounts FILE} (one account a line; blank lines and {@code #} comments skipped).
 */
public final class ZoneOptions {
  /** The key of the zone in the audit's identity options ({@link AuditFingerprint}). */
  public static final String IDENTITY_KEY = "zone";

  @Option(names = "--zone", defaultValue = "account", description = "The zone of trust for outside-access findings:"
      + " account (each resource's own, the default) or org (--org-id and --org-accounts).")
  String zone = "account";

  @Option(names = "--org-id", paramLabel = "o-…", description = "The organization's id (--zone org).")
  String orgId;

  @Option(names = "--org-accounts", paramLabel = "FILE", description = "The organization's accounts, one per line (--zone org).")
  Path orgAccounts;

  /** Options that cannot make a zone: the message names the option (print it after the command's name). */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** The organization the options name, or null for the account zone. */
  public Zone.Organization organization() throws Invalid {
    if (zone == null || zone.equals("account")) {
      return null;
    }
    try {
      List<String> accounts = orgAccounts == null ? null : accounts(orgAccounts);
      Zone z = ZoneInput.of(zone, null, orgId, accounts, null);
      if (!(z instanceof Zone.Organization o)) {
        throw new Invalid("--zone is account or org, not " + zone);
      }
      return o;
    } catch (ZoneInput.Problem e) {
      throw new Invalid(e.getMessage() + " (--" + (e.field().equals("organizationId") ? "org-id"
          : e.field().equals("organizationAccounts") ? "org-accounts" : e.field()) + ")");
    } catch (IOException e) {
      throw new Invalid("cannot read --org-accounts " + orgAccounts + ": " + e.getMessage());
    }
  }

  /** An organization's accounts file: one account a line, blank lines and {@code #} comments skipped. */
  public static List<String> accounts(Path file) throws IOException {
    List<String> accounts = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        accounts.add(line.strip());
      }
    }
    return accounts;
  }

  /**
   * {@code options} (the audit's identity options) with the zone when it is an organization: the zone changes the
   * outside-access answers, so a run with another zone is another audit. The account zone adds nothing (the
   * identities of audits from before zones stay as they were).
   */
  public static Map<String, String> identity(Map<String, String> options, Zone.Organization organization) {
    Map<String, String> with = new java.util.TreeMap<>(options);
    if (organization != null) {
      with.put(IDENTITY_KEY, "organization " + organization.orgId() + " " + String.join(",", organization.accounts()));
    }
    return with;
  }
}
