package dev.hornbeam.portfolio;

import static dev.hornbeam.portfolio.Policies.of;
import static dev.hornbeam.portfolio.Policies.st;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.RequestPrincipal;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.portfolio.PublicAccessAnswer.Result;
import dev.hornbeam.smt.PublicAccess;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.source.Found;
import dev.hornbeam.policy.source.Deployment;
import dev.hornbeam.policy.source.Inputs;
import dev.hornbeam.policy.source.Widening;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The facade end to end, with real solvers in worker processes. */
class PolicyCheckerTest extends CheckerFixture {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private static PublicAccessAnswer check(Policy p, ResourceType type) {
    PublicAccessAnswer a = checker.isPublic(p, type, DEADLINE);
    assertEquals(Reason.SOLVED, a.reason(), a::toString);
    assertTrue(a.solver().isPresent());
    assertTrue(a.timings().total() > 0 && a.timings().total() >= a.timings().encode());
    if (a.isPublic()) {
      assertTrue(a.witness().isPresent());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(p, a.witness().get()).outcome());
      assertFalse(a.grants().isEmpty());
      assertFalse(a.witnessText().isEmpty());
    } else {
      assertTrue(a.witness().isEmpty() && a.grants().isEmpty());
    }
    return a;
  }

  @Test
  void s3() {
    PublicAccessAnswer a = check(of(st("Allow", "\"*\"", "s3:GetObject", "arn:aws:s3:::b/*", null).replace("{", "{\"Sid\":\"PublicRead\",")), ResourceType.S3_BUCKET);
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(List.of(new Grant(0, "PublicRead", "statement 0 (Sid PublicRead) allows: " + a.witnessText())), a.grants());
    assertEquals("s3:GetObject", a.witness().get().action());
    assertEquals("arn:aws:s3:::b/example-key", a.witness().get().resource());
    assertEquals(Result.NOT_PUBLIC, check(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET).result());
    assertEquals(Result.NOT_PUBLIC, check(Policies.VPCE_ONLY, ResourceType.S3_BUCKET).result());
  }

  @Test
  void kms() {
    String open = st("Allow", "{\"AWS\":\"*\"}", "kms:Decrypt", "*", null);
    assertEquals(Result.PUBLIC, check(of(open), ResourceType.KMS_KEY).result());
    // The documented "any principal of my account" pattern: kms:CallerAccount restricts it.
    PublicAccessAnswer viaAccount = check(of(st("Allow", "{\"AWS\":\"*\"}", "kms:Decrypt", "*",
        "{\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\"}}")), ResourceType.KMS_KEY);
    assertEquals(Result.NOT_PUBLIC, viaAccount.result());
    // Statement 1 allows more than statement 0: the grant names the second statement.
    PublicAccessAnswer second = check(of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "kms:*", "*", null),
        st("Allow", "\"*\"", "kms:Encrypt", "*", null)), ResourceType.KMS_KEY);
    assertEquals(Result.PUBLIC, second.result());
    assertEquals(1, second.grants().get(0).statementIndex());
    assertEquals("kms:Encrypt", second.witness().get().action());
  }

  @Test
  void sqs() {
    String q = "arn:aws:sqs:us-east-1:111122223333:q";
    assertEquals(Result.PUBLIC, check(of(st("Allow", "\"*\"", "sqs:SendMessage", q, null)), ResourceType.SQS_QUEUE).result());
    assertEquals(Result.NOT_PUBLIC, check(of(st("Allow", "\"*\"", "sqs:SendMessage", q,
        "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:t\"}}")), ResourceType.SQS_QUEUE).result());
  }

  @Test
  void sns() {
    String t = "arn:aws:sns:us-east-1:111122223333:t";
    PublicAccessAnswer a = check(of(st("Allow", "{\"AWS\":\"*\"}", "sns:Publish", t, null)), ResourceType.SNS_TOPIC);
    assertEquals(Result.PUBLIC, a.result());
    assertTrue(a.witness().get().principal() instanceof RequestPrincipal.Anonymous
        || a.witness().get().principal() instanceof RequestPrincipal.Aws, a::toString);
    assertEquals(Result.NOT_PUBLIC, check(of(st("Allow", "{\"AWS\":\"*\"}", "sns:Publish", t,
        "{\"StringEquals\":{\"aws:SourceOwner\":\"111122223333\"}}")), ResourceType.SNS_TOPIC).result());
  }

  @Test
  void aPolicyOfAnotherServiceFailsClosed() {
    // A bucket policy that only grants SQS actions was written for a queue: answering NOT_PUBLIC for a
    // bucket would hide a public queue policy checked as the wrong type (issue 14, item 2).
    PublicAccessAnswer a = checker.isPublic(of(st("Allow", "\"*\"", "sqs:*", "*", null)), ResourceType.S3_BUCKET, DEADLINE);
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(Reason.INVALID_INPUT, a.reason());
    assertTrue(a.detail().contains("no statement has an action of s3"), a.detail());
  }

  @Test
  void aResourceThePolicyCannotNameFailsClosed() {
    Policy p = of(st("Allow", "\"*\"", "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/*", null));
    for (String arn : List.of("notanarn", "arn:aws:s3:::another-bucket", "arn:aws:sqs:us-east-1:111122223333:q")) {
      PublicAccessAnswer a = checker.isPublic(p, ResourceType.S3_BUCKET, arn, DEADLINE);
      assertEquals(Result.PUBLIC, a.result(), arn);
      assertEquals(Reason.INVALID_INPUT, a.reason(), arn);
    }
    PublicAccessAnswer named = checker.isPublic(p, ResourceType.S3_BUCKET, "arn:aws:s3:::amzn-s3-demo-bucket", DEADLINE);
    assertEquals(Reason.SOLVED, named.reason());
    assertEquals(Result.PUBLIC, named.result());
  }

  @Test
  void aPassedDeadlineIsATimeoutAndFailsClosed() {
    PublicAccessAnswer a = checker.isPublic(Policies.of(st("Allow", "\"*\"", "s3:ListBucket", "arn:aws:s3:::deadline", null)),
        ResourceType.S3_BUCKET, Duration.ofNanos(1));
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(Reason.TIMEOUT, a.reason());
    assertTrue(a.witness().isEmpty());
    // A timeout is not cached: the next call with time solves it.
    PublicAccessAnswer b = checker.isPublic(Policies.of(st("Allow", "\"*\"", "s3:ListBucket", "arn:aws:s3:::deadline", null)),
        ResourceType.S3_BUCKET, DEADLINE);
    assertEquals(Reason.SOLVED, b.reason());
    assertFalse(b.cached());
  }

  @Test
  void definiteAnswersAreCached() {
    Policy p = of(st("Allow", "\"*\"", "*", "*", null));
    double hits = registry.counter("hornbeam.cache.hits").count();
    PublicAccessAnswer first = checker.isPublic(p, ResourceType.S3_BUCKET, DEADLINE);
    PublicAccessAnswer second = checker.isPublic(p, ResourceType.S3_BUCKET, DEADLINE);
    assertFalse(first.cached());
    assertTrue(second.cached());
    assertEquals(first.witness(), second.witness());
    assertEquals(hits + 1, registry.counter("hornbeam.cache.hits").count());
    // Another resource type is another question.
    assertFalse(checker.isPublic(p, ResourceType.KMS_KEY, DEADLINE).cached());
  }

  @Test
  void anInexactEncodingIsUnknownAndFailsClosed() {
    // One key read as a string and as a number: the public question cannot tie the two views (docs/semantics.md).
    Policy p = of(st("Allow", "\"*\"", "s3:GetObject", "*",
        "{\"StringLike\":{\"aws:SourceIp\":\"1*\"},\"NumericLessThan\":{\"ex:n\":\"5\"},\"StringEquals\":{\"ex:n\":\"x\"}}"));
    assertFalse(PublicAccess.query(p, ResourceType.S3_BUCKET, null).exact(), "the example must have gaps");
    PublicAccessAnswer a = checker.isPublic(p, ResourceType.S3_BUCKET, DEADLINE);
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(Reason.UNKNOWN, a.reason());
    assertTrue(a.detail().contains("cannot express"), a.detail());
  }

  @Test
  void aWitnessTheEvaluatorRejectsIsAnErrorAndTheQueryIsKept() throws Exception {
    // The query of a public policy, checked against a policy that does not allow its witness: what an
    // encoder bug would look like.
    var query = PublicAccess.query(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, null);
    double before = registry.counter("hornbeam.witness.failures").count();
    PublicAccessAnswer a = checker.answer(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, null, query, "test:witness-failure", System.nanoTime(),
        System.nanoTime() + DEADLINE.toNanos());
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(Reason.ERROR, a.reason());
    assertTrue(a.detail().startsWith("witness check failed"), a.detail());
    assertEquals(before + 1, registry.counter("hornbeam.witness.failures").count());
    try (var files = Files.list(failed)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("witness-failure-")));
    }
    // The rejected answer was not cached.
    PublicAccessAnswer again = checker.answer(Policies.ACCOUNT_ONLY, ResourceType.S3_BUCKET, null, query, "test:witness-failure", System.nanoTime(),
        System.nanoTime() + DEADLINE.toNanos());
    assertFalse(again.cached());
  }

  @Test
  void aWitnessThatIsNoStrangerIsAnError() {
    // Allowed by the policy, but the plain-Java reference (PublicMeaning) says it is no stranger for an
    // SQS queue (an s3 action): the facade must not answer from it.
    var query = PublicAccess.query(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, null);
    PublicAccessAnswer a = checker.answer(Policies.PUBLIC_READ, ResourceType.SQS_QUEUE, null, query, "test:no-stranger",
        System.nanoTime(), System.nanoTime() + DEADLINE.toNanos());
    assertEquals(Result.PUBLIC, a.result());
    assertEquals(Reason.ERROR, a.reason());
    assertTrue(a.detail().contains("is not one of sqs"), a.detail());
  }

  @Test
  void answersAreCountedByQuestionResultAndReason() {
    double before = registry.counter("hornbeam.answers", "question", "public-access", "result", "not_public", "reason", "solved").count();
    checker.isPublic(of(st("Allow", "{\"AWS\":\"arn:aws:iam::111122223333:role/r\"}", "s3:GetObject", "arn:aws:s3:::counted/*", null)),
        ResourceType.S3_BUCKET, DEADLINE);
    assertEquals(before + 1, registry.counter("hornbeam.answers", "question", "public-access", "result", "not_public", "reason", "solved").count());
    assertEquals(Optional.empty(), Optional.ofNullable(registry.find("hornbeam.answers").tag("reason", "internal").counter()));
  }

  @Test
  void everyMetricOfThePortfolioIsRegistered() {
    checker.isPublic(Policies.PUBLIC_READ, ResourceType.S3_BUCKET, DEADLINE);
    for (String solver : List.of("z3", "cvc5")) {
      for (String name : List.of("hornbeam.solver.wins", "hornbeam.solver.timeouts", "hornbeam.solver.unknowns",
          "hornbeam.solver.crashes", "hornbeam.solver.kills", "hornbeam.solver.restarts")) {
        assertTrue(registry.find(name).tag("solver", solver).counter() != null, name + " " + solver);
      }
      for (String name : List.of("hornbeam.pool.size", "hornbeam.pool.busy", "hornbeam.pool.queue")) {
        assertTrue(registry.find(name).tag("solver", solver).gauge() != null, name + " " + solver);
      }
      assertEquals(1.0, registry.find("hornbeam.pool.size").tag("solver", solver).gauge().value());
    }
    assertTrue(registry.find("hornbeam.solver.latency").timer() != null);
    assertTrue(registry.find("hornbeam.solver.latency").timer().count() > 0);
    for (String name : List.of("hornbeam.cache.hits", "hornbeam.cache.misses", "hornbeam.race.disagreements", "hornbeam.witness.failures")) {
      assertTrue(registry.find(name).counter() != null, name);
    }
  }

  /**
   * Every resource policy found in checkov's CloudFormation test templates (policy-model's templates/checkov-*, sources in
   * SOURCES.tsv beside them) asked end to end, as {@code check public} asks it (the widened document parsed for its type):
   * each SOLVED with the verdict read from the template (its witness allowed by the evaluator), or INVALID where the
   * template's policy is not valid (an empty trust policy; checkov's {@code ${account_id}} placeholder in an account).
   */
  @Test
  void checkovTemplatesPoliciesAreAnswered() throws IOException {
    Path dir = Path.of("../policy-model/src/test/resources/templates");
    List<String> got = new ArrayList<>();
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().startsWith("checkov-")).sorted().toList();
    }
    for (Path file : files) {
      for (Found f : Inputs.read(file.getFileName().toString(), Files.readAllBytes(file), Map.of(), null).found()) {
        if (!(f instanceof Found.Policy p) || p.identity()) {
          continue;
        }
        ResourceType type = ResourceType.fromName(p.policyType()).orElseThrow();
        // as check public asks it: each policy Deployment gives (the deploying account as an account the policy does not
        // name and as each one it names), the worst answer
        List<PublicAccessAnswer> answers = new ArrayList<>();
        boolean invalid = false;
        for (Deployment.Variant v : p.variants().variants()) {
          Widening.Widened w = v.widened();
          ParseResult parsed = w.refusal().isPresent() ? null : PolicyParser.parse(w.json(), new ResourceScope(type, null));
          if (parsed == null || !parsed.isValid()) {
            invalid = true;
            break;
          }
          answers.add(check(parsed.policy(), type));
        }
        got.add(f.place() + " " + f.name() + " " + (invalid ? "INVALID" : answers.get(PublicAccessAnswer.worst(answers)).result().name()));
      }
    }
    assertEquals(List.of(
        "checkov-CloudTrailEncryption-PASSED.yaml:17 BucketPolicy NOT_PUBLIC", // CloudTrail's service principal
        "checkov-CloudTrailEncryption-PASSED.yaml:54 TopicPolicy NOT_PUBLIC",
        // ForAllValues on aws:PrincipalOrgID holds when the request has no org id (IAM User Guide, "Multivalued context keys")
        "checkov-ECRPolicy-PASSED-2.yaml:8 CondAllPass PUBLIC",
        "checkov-ECRPolicy-PASSED-2.yaml:30 CondAnyPass NOT_PUBLIC",
        "checkov-ECRPolicy-PASSED-2.yaml:52 CondEqualsPass NOT_PUBLIC",
        "checkov-ECRPolicy_passed.json:7 vpc16AA8B31E NOT_PUBLIC",
        "checkov-ElasticsearchEncryption-FAILED.yaml:50 ElasticsearchDomain NOT_PUBLIC", // a Deny only
        "checkov-ExampleS3.yaml:84 BucketPolicy PUBLIC",
        "checkov-IAMRoleAllowsPublicAssume-FAILED-2.yml:8 AWSStarPrincipal2 PUBLIC",
        "checkov-IAMRoleAllowsPublicAssume-FAILED-2.yml:25 AWSStarPrincipalInList2 PUBLIC",
        "checkov-KMSKeyWildCardPrincipal-FAILED-AWS-Wildcard.yaml:8 AwsWildcard PUBLIC",
        "checkov-KMSKeyWildCardPrincipal-FAILED-AWS-Wildcard.yaml:22 AwsWildcardList PUBLIC",
        "checkov-LambdaServicePermission_Pass.yml:4 FunctionPassingArnPermission NOT_PUBLIC",
        "checkov-LambdaServicePermission_Pass.yml:12 FunctionPassingAccountPermission NOT_PUBLIC",
        "checkov-LambdaServicePermission_Pass.yml:20 FunctionStringPrincipallPermission NOT_PUBLIC",
        "checkov-LambdaServicePermission_Pass.yml:27 ExampleS3ServicePermission NOT_PUBLIC",
        "checkov-LambdaServicePermission_Pass.yml:36 ExampleEventsServicePermission NOT_PUBLIC",
        "checkov-cfn_bad_iam.yaml:9 rIamRole INVALID", // AssumeRolePolicyDocument: {}
        "checkov-success.json:310 acmeCWSBucketPolicy NOT_PUBLIC",
        "checkov-success.json:443 acmeCWSTopicPolicy NOT_PUBLIC",
        // its owner's principal is arn:aws:iam::${AWS::AccountId}:root: the deploying account, one account the policy
        // names nowhere else, checked as such (Deployment); widened to "*" it was PUBLIC
        "checkov-success.json:519 CloudtrailKMSKey NOT_PUBLIC",
        "checkov-success.json:663 acmeCWSQueuePolicy INVALID",
        "checkov-success.json:767 acmeCWSSACrossAccountAccessRole INVALID"), got);
  }

  /** A policy checked as several (Deployment) is NOT_PUBLIC only when each is; an error or timeout stays fail-closed. */
  @Test
  void theWorstOfSeveralAnswers() {
    Timings t = new Timings(0, 0, 0, 0, 0, 0, 0);
    PublicAccessAnswer notPublic = new PublicAccessAnswer(PublicAccessAnswer.Result.NOT_PUBLIC, Reason.SOLVED, Optional.empty(),
        Optional.empty(), "", List.of(), t, false, "");
    PublicAccessAnswer isPublic = new PublicAccessAnswer(PublicAccessAnswer.Result.PUBLIC, Reason.SOLVED, Optional.empty(),
        Optional.empty(), "", List.of(), t, false, "");
    PublicAccessAnswer timeout = PublicAccessAnswer.failClosed(Reason.TIMEOUT, "", Optional.empty(), t);
    PublicAccessAnswer error = PublicAccessAnswer.failClosed(Reason.ERROR, "", Optional.empty(), t);
    assertEquals(0, PublicAccessAnswer.worst(List.of(notPublic, notPublic)));
    assertEquals(1, PublicAccessAnswer.worst(List.of(notPublic, isPublic, notPublic)));
    assertEquals(2, PublicAccessAnswer.worst(List.of(isPublic, notPublic, timeout)));
    assertEquals(1, PublicAccessAnswer.worst(List.of(timeout, error, isPublic)));
  }
}
