package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.Policies.of;
import static dev.hornbeam.portfolio.Policies.st;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.universe.PrincipalKind;
import dev.hornbeam.policy.parse.Limits;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.portfolio.CheckAnswer.Verdict;
import dev.hornbeam.portfolio.ComparisonAnswer.Relation;
import dev.hornbeam.policy.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The questions on the difference primitive end to end (real solvers in worker processes), on the
 * examples of IAM Access Analyzer's custom policy check samples (test resources aa-samples/, SOURCE.md).
 */
class DifferenceQuestionsTest extends CheckerFixture {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  static Policy sample(String name) {
    try (InputStream in = DifferenceQuestionsTest.class.getResourceAsStream("/aa-samples/" + name + ".json")) {
      ParseResult r = PolicyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          name.startsWith("bucket-") ? PolicyKind.IDENTITY : PolicyKind.RESOURCE, Limits.DEFAULT);
      assertTrue(r.isValid(), () -> name + ": " + r.problems());
      return r.policy();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A solved answer; a FAIL's witness is allowed by {@code granting} and not by {@code other}. */
  static CheckAnswer solved(CheckAnswer a, Policy granting, Policy other) {
    assertEquals(Reason.SOLVED, a.reason(), a::toString);
    if (a.verdict() == Verdict.FAIL) {
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(granting, a.witness().orElseThrow()).outcome(), a::toString);
      if (other != null) {
        assertNotEquals(Outcome.ALLOW, Evaluator.evaluate(other, a.witness().get()).outcome(), a::toString);
      }
      assertFalse(a.grants().isEmpty());
      assertFalse(a.witnessText().isEmpty());
    } else {
      assertTrue(a.witness().isEmpty() && a.grants().isEmpty());
    }
    return a;
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource({
      "principals-pass-1, principals-reference, PASS", "principals-pass-2, principals-reference, PASS",
      "principals-pass-3, principals-reference, PASS", "principals-fail-4, principals-reference, FAIL",
      "principals-fail-5, principals-reference, FAIL", "principals-fail-6, principals-reference, FAIL",
      "bucket-pass-1, bucket-reference, PASS", "bucket-pass-2, bucket-reference, PASS",
      "bucket-fail-3, bucket-reference, FAIL", "bucket-fail-4, bucket-reference, FAIL",
      "bucket-fail-5, bucket-reference, FAIL"})
  void accessAnalyzerSamplesGiveTheDocumentedResult(String candidate, String reference, Verdict expected) {
    Policy proposed = sample(candidate);
    Policy existing = sample(reference);
    CheckAnswer a = solved(checker.noNewAccess(existing, proposed, null, DEADLINE), proposed, existing);
    assertEquals(expected, a.verdict(), a::toString);
  }

  @Test
  void failNamesTheNewPrincipalAndTheGrantingStatement() {
    CheckAnswer a = solved(checker.noNewAccess(sample("principals-reference"), sample("principals-fail-5"),
        ResourceType.S3_BUCKET, DEADLINE), sample("principals-fail-5"), sample("principals-reference"));
    assertEquals(Verdict.FAIL, a.verdict());
    RequestPrincipal.Aws who = (RequestPrincipal.Aws) a.witness().get().principal();
    assertEquals("111111111111", who.accountId());
    assertTrue(who.arn().contains("MyOtherRole"), who::toString);
    assertEquals(0, a.grants().get(0).statementIndex());
  }

  static Policy identity(String condition) {
    ParseResult r = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":" + condition + "}]}", PolicyKind.IDENTITY,
        Limits.DEFAULT);
    assertTrue(r.isValid(), r.problems()::toString);
    return r.policy();
  }

  @Test
  void identityPoliciesAreAboutTheIdentitiesTheyAttachTo() {
    // Issue 13: an identity policy is never evaluated for an anonymous caller (nor a root user, a service).
    Policy anonymousOnly = identity("{\"StringEquals\":{\"aws:PrincipalType\":\"Anonymous\"}}");
    assertEquals(Verdict.PASS, solved(checker.accessNotGranted(anonymousOnly, null, List.of("s3:GetObject"), List.of(),
        DEADLINE), anonymousOnly, null).verdict());
    Policy users = identity("{\"StringEquals\":{\"aws:PrincipalType\":\"User\"}}");
    CheckAnswer a = solved(checker.accessNotGranted(users, null, List.of("s3:GetObject"), List.of(), DEADLINE), users, null);
    assertEquals(Verdict.FAIL, a.verdict());
    assertEquals(PrincipalKind.IAM_USER, PrincipalKind.of(a.witness().orElseThrow().principal()).orElseThrow());
    assertTrue(a.witnessText().startsWith("IAM user arn:"), a.witnessText());
  }

  @Test
  void accessNotGranted() {
    List<String> actions = List.of("s3:PutBucketPolicy", "s3:DeleteBucket*");
    List<String> resources = List.of("arn:aws:s3:::my-sensitive-bucket");
    Policy pass = sample("bucket-pass-1");
    assertEquals(Verdict.PASS, solved(checker.accessNotGranted(pass, null, actions, resources, DEADLINE), pass, null).verdict());
    Policy wide = sample("bucket-fail-4");
    CheckAnswer a = solved(checker.accessNotGranted(wide, null, actions, resources, DEADLINE), wide, null);
    assertEquals(Verdict.FAIL, a.verdict());
    assertEquals("s3:PutBucketPolicy", a.witness().get().action());
    assertEquals("arn:aws:s3:::my-sensitive-bucket", a.witness().get().resource());
    // Only actions: any resource. Only resources: any action.
    assertEquals(Verdict.FAIL, checker.accessNotGranted(pass, null, List.of("s3:DeleteBucket"), List.of(), DEADLINE).verdict());
    assertEquals(Verdict.PASS, checker.accessNotGranted(pass, null, List.of(), List.of("arn:aws:s3:::other*"), DEADLINE).verdict());
  }

  @Test
  void crossAccount() {
    Policy ownAccount = of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "kms:*", "*", null));
    assertEquals(Verdict.PASS, solved(checker.crossAccount(ownAccount, ResourceType.KMS_KEY, "111122223333", DEADLINE),
        ownAccount, null).verdict());
    Policy shared = of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "kms:*", "*", null),
        st("Allow", "{\"AWS\":\"arn:aws:iam::444455556666:role/Reader\"}", "kms:Decrypt", "*", null));
    CheckAnswer a = solved(checker.crossAccount(shared, ResourceType.KMS_KEY, "111122223333", DEADLINE), shared, null);
    assertEquals(Verdict.FAIL, a.verdict());
    assertEquals("444455556666", ((RequestPrincipal.Aws) a.witness().get().principal()).accountId());
    assertEquals(1, a.grants().get(0).statementIndex());
    // "Any principal of my account" through kms:CallerAccount stays inside.
    Policy viaKey = of(st("Allow", "{\"AWS\":\"*\"}", "kms:Decrypt", "*",
        "{\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\"}}"));
    assertEquals(Verdict.PASS, solved(checker.crossAccount(viaKey, ResourceType.KMS_KEY, "111122223333", DEADLINE),
        viaKey, null).verdict());
    // A public policy is cross-account (anonymous is outside every account).
    assertEquals(Verdict.FAIL, checker.crossAccount(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, "111122223333", DEADLINE).verdict());
  }

  @Test
  void compare() {
    Policy reference = sample("bucket-reference");
    assertEquals(Relation.EQUIVALENT, checker.compare(reference, reference, null, DEADLINE).relation());
    ComparisonAnswer narrower = checker.compare(sample("bucket-fail-3"), sample("bucket-fail-5"), null, DEADLINE);
    assertEquals(Relation.LESS_OR_EQUAL, narrower.relation(), narrower::toString);
    assertEquals(Verdict.PASS, narrower.firstBeyondSecond().verdict());
    solved(narrower.secondBeyondFirst(), sample("bucket-fail-5"), sample("bucket-fail-3"));
    assertEquals(Relation.MORE, checker.compare(sample("bucket-fail-5"), sample("bucket-fail-3"), null, DEADLINE).relation());
    ComparisonAnswer neither = checker.compare(sample("bucket-fail-3"), sample("bucket-pass-1"), null, DEADLINE);
    assertEquals(Relation.INCOMPARABLE, neither.relation());
    solved(neither.firstBeyondSecond(), sample("bucket-fail-3"), sample("bucket-pass-1"));
    solved(neither.secondBeyondFirst(), sample("bucket-pass-1"), sample("bucket-fail-3"));
    // The account and its root are the same principal; a user of the account is less.
    Policy account = of(st("Allow", "{\"AWS\":\"111122223333\"}", "s3:GetObject", "*", null));
    Policy root = of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "s3:GetObject", "*", null));
    Policy alice = of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}", "s3:GetObject", "*", null));
    assertEquals(Relation.EQUIVALENT, checker.compare(account, root, null, DEADLINE).relation());
    assertEquals(Relation.LESS_OR_EQUAL, checker.compare(alice, account, null, DEADLINE).relation());
  }

  @Test
  void answersAreCountedByQuestion() {
    Policy p = sample("bucket-pass-1");
    checker.accessNotGranted(p, null, List.of("s3:GetObject"), List.of(), DEADLINE);
    checker.crossAccount(p, null, "111122223333", DEADLINE);
    checker.compare(p, p, null, DEADLINE);
    assertTrue(registry.get("hornbeam.answers").tag("question", "access-not-granted").tag("result", "pass").counter().count() >= 1);
    assertTrue(registry.get("hornbeam.answers").tag("question", "cross-account").counter().count() >= 1);
    assertTrue(registry.get("hornbeam.answers").tag("question", "compare").tag("result", "equivalent").counter().count() >= 1);
  }

  @Test
  void timeoutsFailClosed() {
    // Policies no other test asks about: a cached answer would be definite whatever the deadline.
    Policy reference = of(st("Allow", "\"*\"", "sqs:SendMessage", "arn:aws:sqs:*:111122223333:timeouts", null));
    CheckAnswer a = checker.noNewAccess(reference, reference, null, Duration.ofNanos(1));
    assertEquals(Verdict.FAIL, a.verdict());
    assertNotEquals(Reason.SOLVED, a.reason());
    assertTrue(a.witness().isEmpty());
    ComparisonAnswer c = checker.compare(reference, reference, null, Duration.ofNanos(1));
    assertEquals(Relation.INCOMPARABLE, c.relation());
    assertNotEquals(Reason.SOLVED, c.reason());
  }
}
