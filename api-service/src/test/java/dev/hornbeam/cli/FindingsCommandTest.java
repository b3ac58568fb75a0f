package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hornbeam findings}, in-process with the real solvers. */
class FindingsCommandTest {
  static final String QUEUE = "arn:aws:sqs:us-east-1:111122223333:q";
  static final String SHARED = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"444455556666\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"},"
      + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sqs:*\",\"Resource\":\"" + QUEUE + "\"}]}";

  @TempDir Path dir;

  private String file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f.toString();
  }

  @Test
  void anOutsideAccountIsAFindingAndExitsOne() throws Exception {
    CliRun r = CliRun.of("findings", "--type", "sqs", "--arn", QUEUE, file("p.json", SHARED));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("FINDINGS", r.lines().get(0), r.out());
    assertTrue(r.lines().get(1).startsWith("1 finding covers all access from outside account 111122223333 (proved)."), r.out());
    assertTrue(r.lines().get(2).startsWith("1. AWS 444455556666 can call sqs:SendMessage (1 action, Write) on "), r.out());
    assertTrue(r.out().contains("exact: the policy allows all of it; granted by statement [0]"), r.out());
  }

  @Test
  void theOrganizationsAccountsAreTrusted() throws Exception {
    String accounts = file("accounts.txt", "# the organization\n111122223333\n444455556666\n");
    CliRun r = CliRun.of("findings", "--type", "sqs", "--arn", QUEUE, "--zone", "org", "--org-id", "o-abcdefghij",
        "--org-accounts", accounts, file("p.json", SHARED));
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("NONE", r.lines().get(0), r.out());
  }

  @Test
  void jsonIsTheApisAnswer() throws Exception {
    CliRun r = CliRun.of("findings", "--type", "sqs", "--account", "111122223333", "--json", file("p.json", SHARED));
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("{\"zone\":\"account 111122223333\",\"coverage\":\"PROVED\""), r.out());
  }

  @Test
  void badInputExitsTwoNamingTheOption() throws Exception {
    String p = file("p.json", SHARED);
    CliRun noAccount = CliRun.of("findings", "--type", "sqs", p);
    assertEquals(2, noAccount.code());
    assertTrue(noAccount.err().contains("(--account)"), noAccount.err());
    CliRun zone = CliRun.of("findings", "--type", "sqs", "--account", "111122223333", "--zone", "galaxy", p);
    assertEquals(2, zone.code());
    assertTrue(zone.err().contains("account, organization or public"), zone.err());
    CliRun org = CliRun.of("findings", "--type", "sqs", "--zone", "org", "--org-id", "o-abcdefghij", p);
    assertEquals(2, org.code());
    assertTrue(org.err().contains("(--org-accounts)"), org.err());
    CliRun invalid = CliRun.of("findings", "--type", "sqs", "--account", "111122223333", file("bad.json", "{\"Statement\":7}"));
    assertEquals(2, invalid.code(), invalid.out() + invalid.err());
    assertEquals("INVALID", invalid.lines().get(0), invalid.out());
  }
}
