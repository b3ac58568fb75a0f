package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every check endpoint and the guard with mutated request bodies: every answer is a decision (200) or a
 * problem+json 4xx / 503 — never a 500, never a stack trace.
 */
@MicronautTest
class MalformedInputTest extends ApiTestBase {
  private static final String CHECK = "{\"resourceType\":\"AWS::S3::Bucket\",\"deadlineMillis\":5000,\"policy\":{\"Version\":\"2012-10-17\","
      + "\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\",\"arn:aws:iam::111122223333:root\"]},"
      + "\"Action\":[\"s3:GetObject\",\"s3:Put*\"],\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},"
      + "\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}}]}}";
  private static final String GUARD = "{\"resourceArn\":\"arn:aws:s3:::amzn-s3-demo-bucket\",\"blockNewAccess\":true,\"currentPolicy\":"
      + "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}," + CHECK.substring(1);
  private static final String POLICY = CHECK.substring(CHECK.indexOf("\"policy\":") + 9, CHECK.length() - 1);
  private static final String OTHER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sqs:Send*\"],"
      + "\"Resource\":\"*\",\"Principal\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}]}";
  /** Each endpoint with a valid body to mutate. */
  private static final List<String[]> CALLS = List.of(
      new String[] {"/v1/checks/public-access", CHECK},
      new String[] {"/v1/guard/policy-attach", GUARD},
      new String[] {"/v1/checks/no-new-access", "{\"policyType\":\"RESOURCE_POLICY\",\"deadlineMillis\":5000,\"existingPolicy\":" + OTHER
          + ",\"newPolicy\":" + POLICY + "}"},
      new String[] {"/v1/checks/access-not-granted", "{\"resourceType\":\"AWS::S3::Bucket\",\"access\":[{\"actions\":[\"s3:GetObject\","
          + "\"s3:Delete*\"],\"resources\":[\"arn:aws:s3:::b/*\"]}],\"policy\":" + POLICY + "}"},
      new String[] {"/v1/checks/cross-account", "{\"ownerAccount\":\"111122223333\",\"policyType\":\"RESOURCE_POLICY\",\"policy\":" + POLICY + "}"},
      new String[] {"/v1/compare", "{\"policy1\":" + POLICY + ",\"policy2\":" + OTHER + ",\"deadlineMillis\":5000}"});
  private static final List<String> FRAGMENTS = List.of("", "null", "true", "-0", "1e999", "99999999999999999999", "\"\"", "\"\\u0000\"",
      "\"\\ud800\"", "{}", "[]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "\"AWS::S3::Bucket\"", "\"*\"", "{\"a\":1,\"a\":2}", "\"\\\"", "é😀", "\u0000", "}", "]", ",", ":");

  @Test
  void noBodyEverGetsA500() {
    Random random = new Random(Long.getLong("hornbeam.fuzz.seed", 20261122L));
    List<String> failures = new ArrayList<>();
    int decisions = 0;
    for (String[] call : CALLS) {
      Http.Reply r = http.post(call[0], call[1]);
      assertEquals(200, r.status(), "unmutated " + call[0] + ": " + r.body());
    }
    int[] answered = new int[CALLS.size()];
    for (int i = 0, n = Integer.getInteger("hornbeam.fuzz.cases", 1200); i < n; i++) {
      String[] call = CALLS.get(i % CALLS.size());
      String body = mutate(call[1], random);
      Http.Reply r = http.post(call[0], body);
      if (r.status() == 200) {
        decisions++;
        answered[i % CALLS.size()]++;
      } else if (!Set.of(400, 413, 503).contains(r.status()) || !"application/problem+json".equals(r.contentType())
          || r.body().contains("Exception") || r.body().contains("\tat ")) {
        failures.add(r.status() + " " + r.contentType() + " for " + body + " -> " + r.body());
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(decisions > 20, "some mutations are still valid calls: " + decisions);
    for (int k = 0; k < CALLS.size(); k++) {
      assertTrue(answered[k] > 0, "some mutations of " + CALLS.get(k)[0] + " are still valid calls: " + java.util.Arrays.toString(answered));
    }
  }

  /** One to three edits: truncation, a deleted or replaced span, or a JSON fragment spliced in. */
  static String mutate(String body, Random random) {
    String s = body;
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(s.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> s = s.substring(0, at);
        case 1 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(12)));
        case 2 -> s = s.substring(0, at) + FRAGMENTS.get(random.nextInt(FRAGMENTS.size())) + s.substring(at);
        default -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(20));
          s = s.substring(0, at) + FRAGMENTS.get(random.nextInt(FRAGMENTS.size())) + s.substring(end);
        }
      }
    }
    return s;
  }
}
