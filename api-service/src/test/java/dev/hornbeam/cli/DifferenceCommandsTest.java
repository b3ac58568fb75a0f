package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.service.Samples;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hornbeam compare}, {@code check no-new-access}, {@code check access-not-granted} and
 * {@code check cross-account}, in-process with the real solvers, on Access Analyzer's sample policies.
 */
class DifferenceCommandsTest {
  static final String KMS_OWN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  static final String KMS_SHARED = KMS_OWN.replace("]}", ",{\"Sid\":\"Partner\",\"Effect\":\"Allow\","
      + "\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:role/Reader\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}");

  @TempDir Path dir;

  private static String sample(String name) {
    return Samples.path(name).toString();
  }

  private String file(String json) throws Exception {
    Path f = Files.createTempFile(dir, "policy", ".json");
    Files.writeString(f, json);
    return f.toString();
  }

  @Test
  void compareLessOrEqualExitsZeroAndNamesTheOtherDirectionsWitness() {
    CliRun r = CliRun.of("compare", "--identity", sample("bucket-fail-3"), sample("bucket-fail-5"));
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("LESS_OR_EQUAL", r.lines().get(0));
    assertEquals("reason: SOLVED", r.lines().get(1).replaceAll(" in .*", ""), r.out());
    assertTrue(r.out().contains("first beyond second (A allows, B does not): PASS"), r.out());
    assertTrue(r.out().contains("second beyond first (B allows, A does not): FAIL"), r.out());
    assertTrue(r.out().contains("grant: statement 0 allows: "), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("witness: ") && l.contains(" calls s3:")), r.out());
  }

  @Test
  void compareEquivalentExitsZeroAndMoreOrIncomparableExitOne() {
    CliRun same = CliRun.of("compare", "--identity", sample("bucket-reference"), sample("bucket-reference"));
    assertEquals(0, same.code(), same.out() + same.err());
    assertEquals("EQUIVALENT", same.lines().get(0));
    CliRun more = CliRun.of("compare", "--identity", "--type", "s3", sample("bucket-fail-5"), sample("bucket-fail-3"));
    assertEquals(1, more.code(), more.out() + more.err());
    assertEquals("MORE", more.lines().get(0));
    CliRun neither = CliRun.of("compare", "--identity", sample("bucket-fail-3"), sample("bucket-pass-1"));
    assertEquals(1, neither.code(), neither.out() + neither.err());
    assertEquals("INCOMPARABLE", neither.lines().get(0));
    assertEquals(2, neither.out().lines().filter(l -> l.startsWith("witness: ")).count(), neither.out());
  }

  @Test
  void compareJsonIsTheApisAnswerAndInvalidPoliciesExitTwo() throws Exception {
    CliRun r = CliRun.of("compare", "--identity", "--json", sample("bucket-fail-3"), sample("bucket-fail-5"));
    assertEquals(0, r.code(), r.err());
    Map<String, Object> json = JsonMapper.createDefault().readValue(r.out(), Argument.mapOf(String.class, Object.class));
    assertEquals("LESS_OR_EQUAL", json.get("relation"));
    assertEquals("FAIL", ((Map<?, ?>) json.get("secondBeyondFirst")).get("result"));
    // Identity policies read as resource policies (no --identity) lack a Principal.
    CliRun invalid = CliRun.of("compare", sample("bucket-fail-3"), sample("bucket-fail-5"));
    assertEquals(2, invalid.code(), invalid.out() + invalid.err());
    assertEquals("INVALID", invalid.lines().get(0));
    assertTrue(invalid.out().contains("policy1 /Statement/0 MISSING_PRINCIPAL"), invalid.out());
    assertTrue(invalid.out().contains("policy2 /Statement/0 MISSING_PRINCIPAL"), invalid.out());
    assertEquals(2, CliRun.of("compare", sample("bucket-fail-3")).code(), "two policies are needed");
    assertEquals(2, CliRun.of("compare", "-", "-").code(), "standard input once");
  }

  @Test
  void noNewAccessPassAndFail() {
    CliRun pass = CliRun.of("check", "no-new-access", "--existing", sample("principals-reference"), "--new", sample("principals-pass-2"));
    assertEquals(0, pass.code(), pass.out() + pass.err());
    assertEquals("PASS", pass.lines().get(0));
    assertTrue(pass.lines().get(1).startsWith("reason: SOLVED by "), pass.out());
    assertTrue(pass.out().contains("The new policy grants no access that the existing policy does not (proved)."), pass.out());
    CliRun fail = CliRun.of("check", "no-new-access", "--existing", sample("principals-reference"), "--new", sample("principals-fail-5"));
    assertEquals(1, fail.code(), fail.out() + fail.err());
    assertEquals("FAIL", fail.lines().get(0));
    assertTrue(fail.out().contains("grant: statement 0 allows: "), fail.out());
    assertTrue(fail.out().lines().anyMatch(l -> l.startsWith("witness: ") && l.contains("MyOtherRole")), fail.out());
  }

  @Test
  void noNewAccessReadsStandardInputAndRejectsInvalidPolicies() throws Exception {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(Samples.text("bucket-fail-3").getBytes(StandardCharsets.UTF_8)));
      CliRun r = CliRun.of("check", "no-new-access", "--identity", "--existing", sample("bucket-reference"), "--new", "-");
      assertEquals(1, r.code(), r.out() + r.err());
      assertEquals("FAIL", r.lines().get(0));
    } finally {
      System.setIn(saved);
    }
    CliRun invalid = CliRun.of("check", "no-new-access", "--existing", sample("principals-reference"),
        "--new", file("{\"Statement\":[{\"Effect\":\"allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
    assertEquals(2, invalid.code(), invalid.out() + invalid.err());
    assertEquals("INVALID", invalid.lines().get(0));
    assertTrue(invalid.out().contains("newPolicy /Statement/0/Effect INVALID_EFFECT"), invalid.out());
    assertEquals(2, CliRun.of("check", "no-new-access", "--new", sample("principals-pass-2")).code(), "--existing is required");
    CliRun missing = CliRun.of("check", "no-new-access", "--existing", dir.resolve("nope.json").toString(), "--new", sample("principals-pass-2"));
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertEquals("", missing.out());
  }

  @Test
  void accessNotGrantedPassFailAndInvalid() throws Exception {
    String[] access = {"--action", "s3:PutBucketPolicy", "--action", "s3:DeleteBucket*", "--resource", "arn:aws:s3:::my-sensitive-bucket"};
    CliRun pass = CliRun.of(concat(new String[] {"check", "access-not-granted", "--identity", sample("bucket-pass-1")}, access));
    assertEquals(0, pass.code(), pass.out() + pass.err());
    assertEquals("PASS", pass.lines().get(0));
    CliRun fail = CliRun.of(concat(new String[] {"check", "access-not-granted", "--identity", sample("bucket-fail-4")}, access));
    assertEquals(1, fail.code(), fail.out() + fail.err());
    assertEquals("FAIL", fail.lines().get(0));
    assertTrue(fail.out().contains("witness: ") && fail.out().contains("s3:PutBucketPolicy on arn:aws:s3:::my-sensitive-bucket"), fail.out());
    CliRun json = CliRun.of(concat(new String[] {"check", "access-not-granted", "--identity", "--json", sample("bucket-fail-4")}, access));
    assertEquals(1, json.code(), json.err());
    Map<String, Object> answer = JsonMapper.createDefault().readValue(json.out(), Argument.mapOf(String.class, Object.class));
    assertEquals("FAIL", answer.get("result"));
    assertEquals("s3:PutBucketPolicy", ((Map<?, ?>) answer.get("witness")).get("action"));
    CliRun none = CliRun.of("check", "access-not-granted", "--identity", sample("bucket-pass-1"));
    assertEquals(2, none.code(), none.out() + none.err());
    assertTrue(none.err().contains("give at least one action or resource"), none.err());
    CliRun badAction = CliRun.of("check", "access-not-granted", "--identity", "--action", "s3GetObject", sample("bucket-pass-1"));
    assertEquals(2, badAction.code());
    assertTrue(badAction.err().contains("is not an action"), badAction.err());
    assertEquals("", badAction.out());
  }

  @Test
  void crossAccountPassFailAndInvalid() throws Exception {
    CliRun pass = CliRun.of("check", "cross-account", "--type", "kms", "--owner", "111122223333", file(KMS_OWN));
    assertEquals(0, pass.code(), pass.out() + pass.err());
    assertEquals("PASS", pass.lines().get(0));
    CliRun fail = CliRun.of("check", "cross-account", "--type", "kms", "--owner", "111122223333", file(KMS_SHARED));
    assertEquals(1, fail.code(), fail.out() + fail.err());
    assertEquals("FAIL", fail.lines().get(0));
    assertTrue(fail.out().contains("grant: statement 1 (Sid Partner) allows: "), fail.out());
    assertTrue(fail.out().lines().anyMatch(l -> l.startsWith("witness: ") && l.contains("444455556666")), fail.out());
    assertEquals(2, CliRun.of("check", "cross-account", "--owner", "1111", file(KMS_OWN)).code());
    CliRun invalid = CliRun.of("check", "cross-account", "--owner", "111122223333", file("{\"Statement\":7}"));
    assertEquals(2, invalid.code(), invalid.out() + invalid.err());
    assertEquals("INVALID", invalid.lines().get(0));
  }

  @Test
  void aTinyDeadlineFailsClosed() throws Exception {
    // A policy no other test asks about (the in-process checker has no cache anyway).
    String p = KMS_OWN.replace("kms:*", "kms:Sign");
    CliRun r = CliRun.of("check", "cross-account", "--deadline", "1", "--owner", "111122223333", file(p));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("FAIL", r.lines().get(0));
    assertTrue(r.lines().get(1).startsWith("reason: TIMEOUT"), r.out());
    assertTrue(r.lines().get(1).contains("treated as FAIL (fail closed)"), r.out());
    CliRun c = CliRun.of("compare", "--deadline", "1", file(p), file(KMS_OWN));
    assertEquals(1, c.code(), c.out() + c.err());
    assertEquals("INCOMPARABLE", c.lines().get(0));
  }

  @Test
  void everyNewCommandHasHelp() {
    for (String[] args : new String[][] {{"compare", "--help"}, {"check", "no-new-access", "--help"},
        {"check", "access-not-granted", "--help"}, {"check", "cross-account", "--help"}}) {
      CliRun r = CliRun.of(args);
      assertEquals(0, r.code(), String.join(" ", args));
      assertTrue(r.out().startsWith("Usage: hornbeam"), r.out());
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
