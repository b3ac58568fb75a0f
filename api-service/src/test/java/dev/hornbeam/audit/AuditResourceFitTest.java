package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.PortfolioConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, item 2, in the audit: a resource whose ARN is not of its type, or whose policy names another
 * resource or has no action of its type, is INVALID (never NOT_PUBLIC).
 */
class AuditResourceFitTest {
  static PolicyChecker checker;

  @BeforeAll
  static void start() {
    checker = PolicyChecker.start(PortfolioConfig.defaults().toBuilder().workersPerSolver(1).build(), new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    checker.close();
  }

  static final String PUBLIC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%s/*\"}]}";

  /** The finding the audit's check ({@code CheckFunction}, dedup off) gives one resource: {@link Decider}'s steps without sharing. */
  static Finding alone(ResourceRecord r) {
    Decider.Step step = Decider.prepare(r, false);
    if (step instanceof Decider.Done done) {
      return done.finding();
    }
    return new Decider(checker, Duration.ofSeconds(20)).check((Decider.ToCheck) step).finding();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "notanarn | AWS::S3::Bucket | amzn-s3-demo-bucket | INVALID | INVALID_RESOURCE_ARN | INVALID_RESOURCE_ARN",
      "arn:aws:sqs:us-east-1:111122223333:q | AWS::S3::Bucket | amzn-s3-demo-bucket | INVALID | INVALID_RESOURCE_ARN | INVALID_RESOURCE_ARN",
      "arn:aws:s3:::another-bucket | AWS::S3::Bucket | amzn-s3-demo-bucket | INVALID | INVALID_POLICY | RESOURCE_MISMATCH",
      "arn:aws:s3:::amzn-s3-demo-bucket | AWS::SQS::Queue | amzn-s3-demo-bucket | INVALID | INVALID_RESOURCE_ARN | INVALID_RESOURCE_ARN",
      "arn:aws:s3:::amzn-s3-demo-bucket | AWS::S3::Bucket | amzn-s3-demo-bucket | PUBLIC | SOLVED | ''"})
  void resourcesThatDoNotFitAreInvalid(String arn, String type, String bucketInPolicy, String result, String reason, String code) {
    String policy = PUBLIC.formatted(bucketInPolicy);
    Finding f = alone(new ResourceRecord("in:0#0", "111122223333", arn, type, policy, "in:0"));
    assertEquals(result, f.result(), f.toString());
    assertEquals(reason, f.reason(), f.toString());
    assertEquals(code, f.problems().isEmpty() ? "" : f.problems().get(0).code(), f.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"AWS::KMS::Key | arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
  void aBucketPolicyOnAKeyIsInvalid(String type, String arn) {
    String policy = PUBLIC.formatted("amzn-s3-demo-bucket").replace("\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"",
        "\"Resource\":\"*\"");
    Finding f = alone(new ResourceRecord("in:0#0", "111122223333", arn, type, policy, "in:0"));
    assertEquals("INVALID", f.result(), f.toString());
    assertEquals("NO_ACTION_FOR_RESOURCE_TYPE", f.problems().get(f.problems().size() - 1).code(), f.toString());
  }
}
