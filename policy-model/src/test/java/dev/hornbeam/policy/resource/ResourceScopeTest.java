package dev.hornbeam.policy.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.Corpus;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.parse.Problem;
import dev.hornbeam.policy.parse.ProblemCode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Resource ARNs of each type, and policies refused for the resource they are attached to (issue 14, item 2). */
class ResourceScopeTest {
  static final String BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";

  @ParameterizedTest
  @CsvSource({
      "S3_BUCKET, arn:aws:s3:::amzn-s3-demo-bucket",
      "S3_BUCKET, arn:aws-cn:s3:::my.bucket-1",
      "S3_BUCKET, arn:aws:s3:::Legacy_Bucket",
      "KMS_KEY, arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "KMS_KEY, arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
      "SQS_QUEUE, arn:aws:sqs:eu-west-2:111122223333:my_queue-1",
      "SQS_QUEUE, arn:aws:sqs:us-east-1:111122223333:orders.fifo",
      "SNS_TOPIC, arn:aws:sns:ap-southeast-1:111122223333:my-topic",
      "SNS_TOPIC, arn:aws-iso:sns:us-iso-east-1:111122223333:t.fifo"})
  void validArns(ResourceType type, String arn) {
    assertEquals(Optional.empty(), type.arnProblem(arn));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the issue's cases: not an ARN, spaces, too few fields, a one-letter name, another service
      "S3_BUCKET | notanarn | is not an ARN",
      "S3_BUCKET | ' arn:aws:s3:::amzn-s3-demo-bucket' | is not an ARN",
      "S3_BUCKET | 'arn:aws:s3:::amzn-s3-demo-bucket ' | is not a bucket name",
      "S3_BUCKET | arn:aws:s3::b | is not an ARN",
      "S3_BUCKET | arn:aws:s3:::B | is not a bucket name",
      "S3_BUCKET | arn:aws:sqs:us-east-1:111122223333:q | of the service \"sqs\", not s3",
      "S3_BUCKET | arn:aws:s3:::amzn-s3-demo-bucket/key | is not a bucket name",
      "S3_BUCKET | arn:aws:s3:us-east-1:111122223333:amzn-s3-demo-bucket | no region and no account",
      "S3_BUCKET | arn:awz:s3:::amzn-s3-demo-bucket | is not an AWS partition",
      "KMS_KEY | arn:aws:kms:us-east-1:111122223333:alias/my-key | is not key/",
      "KMS_KEY | arn:aws:kms::111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab | is not a region",
      "KMS_KEY | arn:aws:kms:us-east-1:11112222333:key/1234abcd-12ab-34cd-56ef-1234567890ab | 12-digit account",
      "SQS_QUEUE | arn:aws:sqs:us-east-1:111122223333:my.queue | is not a queue name",
      "SQS_QUEUE | arn:aws:sqs:us-east-1:111122223333:* | is not a queue name",
      "SNS_TOPIC | arn:aws:sns:us-east-1:111122223333:topic:subscription | is not a topic name"})
  void invalidArns(ResourceType type, String arn, String why) {
    Optional<String> problem = type.arnProblem(arn);
    assertTrue(problem.isPresent() && problem.get().contains(why), arn + " -> " + problem);
    assertThrows(IllegalArgumentException.class, () -> new ResourceScope(type, arn));
  }

  @Test
  void longNamesAreRefused() {
    assertTrue(ResourceType.SQS_QUEUE.arnProblem("arn:aws:sqs:us-east-1:111122223333:" + "q".repeat(81)).isPresent());
    assertFalse(ResourceType.SQS_QUEUE.arnProblem("arn:aws:sqs:us-east-1:111122223333:" + "q".repeat(80)).isPresent());
    assertTrue(ResourceType.SNS_TOPIC.arnProblem("arn:aws:sns:us-east-1:111122223333:" + "t".repeat(257)).isPresent());
    assertTrue(ResourceType.S3_BUCKET.arnProblem("arn:aws:s3:::" + "b".repeat(256)).isPresent());
  }

  static String bucketPolicy(String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":" + resource + "}]}";
  }

  static List<Problem> problems(String policy, ResourceScope scope) {
    return PolicyParser.parse(policy, scope).problems();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"*\"", "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"", "\"arn:aws:s3:::amzn-s3-demo-bucket\"",
      "\"arn:aws:s3:::amzn-s3-demo-*\"", "\"arn:*:s3:::*/*\"", "\"arn:aws:s3:::${aws:username}/*\"",
      "\"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*\"", "[\"arn:aws:s3:::amzn-s3-demo-bucket\", \"arn:aws:s3:::amzn?s3?demo?bucket/*\"]"})
  void resourcesThatMayNameTheBucket(String resource) {
    ParseResult r = PolicyParser.parse(bucketPolicy(resource), new ResourceScope(ResourceType.S3_BUCKET, BUCKET));
    assertTrue(r.isValid(), r.problems().toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"arn:aws:s3:::other-bucket/*\" | /Statement/0/Resource",
      "\"arn:aws:s3:::AMZN-S3-DEMO-BUCKET/*\" | /Statement/0/Resource",
      "\"arn:aws:s3:::amzn-s3-demo-bucket2/*\" | /Statement/0/Resource",
      "\"arn:aws:s3:::amzn-s3-demo-bucket-*/*\" | /Statement/0/Resource",
      "\"arn:aws-cn:s3:::amzn-s3-demo-bucket/*\" | /Statement/0/Resource",
      "[\"arn:aws:s3:::amzn-s3-demo-bucket/*\", \"arn:aws:s3:::other-bucket\"] | /Statement/0/Resource/1",
      // a 2008 policy reads ${…} as text
      "\"arn:aws:s3:::${aws:username}/*\" | /Statement/0/Resource"})
  void resourcesOfAnotherBucketAreRefused(String resource, String pointer) {
    String policy = bucketPolicy(resource);
    if (resource.contains("${")) {
      policy = policy.replace("\"Version\":\"2012-10-17\",", "\"Version\":\"2008-10-17\",");
    }
    ResourceScope scope = new ResourceScope(ResourceType.S3_BUCKET, BUCKET);
    ParseResult r = PolicyParser.parse(policy, scope);
    assertFalse(r.isValid());
    assertEquals(List.of(pointer), r.errors().stream().map(Problem::pointer).toList());
    assertEquals(ProblemCode.RESOURCE_MISMATCH, r.errors().get(0).code());
    assertTrue(r.errors().get(0).message().contains(BUCKET), r.errors().get(0).message());
    // the same policy without a named bucket is fine: any bucket of the type
    assertTrue(PolicyParser.parse(policy, ResourceScope.of(ResourceType.S3_BUCKET)).isValid());
    // the facade's check on the model says the same
    assertTrue(scope.problem(PolicyParser.parse(policy, PolicyKind.RESOURCE, ResourceType.S3_BUCKET.limits()).policy()).isPresent());
  }

  @Test
  void notResourceMayNameAnything() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
        + "\"NotResource\":\"arn:aws:s3:::other-bucket/*\"}]}";
    assertTrue(PolicyParser.parse(policy, new ResourceScope(ResourceType.S3_BUCKET, BUCKET)).isValid());
  }

  @Test
  void queuesAreMatchedWholly() {
    String queue = "arn:aws:sqs:us-east-1:111122223333:orders";
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\","
        + "\"Resource\":\"%s\"}]}";
    assertTrue(PolicyParser.parse(policy.formatted(queue), new ResourceScope(ResourceType.SQS_QUEUE, queue)).isValid());
    assertTrue(PolicyParser.parse(policy.formatted("arn:aws:sqs:*:111122223333:ord*"), new ResourceScope(ResourceType.SQS_QUEUE, queue))
        .isValid());
    ParseResult other = PolicyParser.parse(policy.formatted(queue + "/x"), new ResourceScope(ResourceType.SQS_QUEUE, queue));
    assertEquals(List.of(ProblemCode.RESOURCE_MISMATCH), other.errors().stream().map(Problem::code).toList());
    ParseResult region = PolicyParser.parse(policy.formatted("arn:aws:sqs:eu-west-1:111122223333:orders"),
        new ResourceScope(ResourceType.SQS_QUEUE, queue));
    assertFalse(region.isValid());
  }

  @Test
  void aPolicyOfAnotherServiceIsRefused() {
    // `check public --type kms` on a bucket policy (the issue): no action can apply to a key
    ParseResult r = PolicyParser.parse(bucketPolicy("\"*\""), ResourceScope.of(ResourceType.KMS_KEY));
    assertFalse(r.isValid());
    assertEquals(List.of(ProblemCode.ACTION_OF_OTHER_SERVICE, ProblemCode.NO_ACTION_FOR_RESOURCE_TYPE),
        r.problems().stream().map(Problem::code).toList());
    assertEquals("/Statement/0/Action", r.problems().get(0).pointer());
    assertEquals("/Statement", r.problems().get(1).pointer());
    assertTrue(ResourceScope.of(ResourceType.KMS_KEY)
        .problem(PolicyParser.parse(bucketPolicy("\"*\""), PolicyKind.RESOURCE, ResourceType.KMS_KEY.limits()).policy()).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"*\"", "\"kms:*\"", "\"KMS:Decrypt\"", "\"kms:?ecrypt\"", "[\"s3:GetObject\", \"kms:Decrypt\"]"})
  void actionsThatMayApply(String action) {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":" + action
        + ",\"Resource\":\"*\"}]}";
    ParseResult r = PolicyParser.parse(policy, ResourceScope.of(ResourceType.KMS_KEY));
    assertTrue(r.isValid(), r.problems().toString());
    assertEquals(action.contains("s3:") ? List.of(ProblemCode.ACTION_OF_OTHER_SERVICE) : List.of(),
        r.problems().stream().map(Problem::code).filter(c -> c != ProblemCode.UNKNOWN_ACTION).toList());
  }

  @Test
  void notActionMayApply() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"s3:*\","
        + "\"Resource\":\"*\"}]}";
    assertTrue(PolicyParser.parse(policy, ResourceScope.of(ResourceType.KMS_KEY)).isValid());
  }

  private static final Pattern BUCKET_IN_RESOURCE = Pattern.compile("\"arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])[/\"]");

  /**
   * Every corpus policy of the four types fits its type, and, for bucket policies naming a bucket, the
   * parser's verdict for that bucket and for another one equals the model-level check of the facade.
   */
  @Test
  void corpusPoliciesFitTheirType() throws Exception {
    int checked = 0;
    int named = 0;
    for (Corpus.Entry e : Corpus.entries()) {
      Optional<ResourceType> type = ResourceType.fromName(e.folder());
      if (type.isEmpty()) {
        continue;
      }
      ParseResult plain = PolicyParser.parse(e.bytes(), PolicyKind.RESOURCE, type.get().limits());
      if (!plain.isValid()) {
        continue;
      }
      checked++;
      ParseResult scoped = PolicyParser.parse(e.bytes(), ResourceScope.of(type.get()));
      assertTrue(scoped.isValid(), e.name() + ": " + scoped.errors());
      Matcher m = BUCKET_IN_RESOURCE.matcher(new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8));
      if (type.get() == ResourceType.S3_BUCKET && m.find()) {
        named++;
        for (String arn : List.of("arn:aws:s3:::" + m.group(1), "arn:aws:s3:::zz-another-bucket")) {
          ResourceScope scope = new ResourceScope(ResourceType.S3_BUCKET, arn);
          boolean parserRefuses = !PolicyParser.parse(e.bytes(), scope).isValid();
          assertEquals(parserRefuses, scope.problem(plain.policy()).isPresent(), e.name() + " for " + arn);
          if (arn.endsWith("zz-another-bucket")) {
            assertTrue(parserRefuses || plain.policy().statements().stream().allMatch(s -> s.resource() == null
                || s.resource().negated() || s.resource().patterns().stream().allMatch(p -> p.contains("*") || p.contains("?"))),
                e.name() + " names " + m.group(1) + " but is accepted for another bucket");
          }
        }
      }
    }
    System.out.println("corpus: " + checked + " policies fit their type; " + named + " bucket policies checked against their bucket");
    assertTrue(Corpus.root() == null || checked > 100, "the corpus was not read");
  }
}
