package dev.hornbeam.service;

import static dev.hornbeam.service.Bodies.members;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/findings} over real HTTP with the real solvers. */
@MicronautTest
class FindingsApiTest extends ApiTestBase {
  static final String QUEUE = "arn:aws:sqs:us-east-1:111122223333:q";
  static final String SHARED = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"444455556666\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"},"
      + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sqs:*\",\"Resource\":\"" + QUEUE + "\"}]}";

  @Test
  void anotherAccountIsOneFindingAgainstTheResourcesOwnAccount() {
    Http.Reply r = http.post("/v1/findings", members("resourceType", "AWS::SQS::Queue", "resourceArn", QUEUE,
        "policyDocument", SHARED));
    assertEquals(200, r.status(), r.body());
    assertEquals("PROVED", r.json().get("coverage"), r.body());
    assertEquals("account 111122223333", r.json().get("zone"), r.body());
    List<Map<String, Object>> findings = r.list("findings");
    assertEquals(1, findings.size(), r.body());
    Map<String, Object> f = findings.get(0);
    assertEquals(List.of("AWS 444455556666"), f.get("principals"), r.body());
    assertEquals(List.of("sqs:SendMessage"), f.get("catalogueActions"), r.body());
    assertEquals(true, f.get("exact"), r.body());
    assertEquals(List.of(0), f.get("statements"), r.body());
    assertNotNull(f.get("witness"), r.body());
    assertTrue(((String) f.get("words")).startsWith("AWS 444455556666 can call sqs:SendMessage"), r.body());
  }

  @Test
  void theOrganizationZoneTrustsItsAccounts() {
    Http.Reply r = http.post("/v1/findings", members("resourceType", "AWS::SQS::Queue", "resourceArn", QUEUE,
        "policyDocument", SHARED, "zone", "organization", "organizationId", "o-abcdefghij",
        "organizationAccounts", new Bodies.Raw("[\"111122223333\",\"444455556666\"]")));
    assertEquals(200, r.status(), r.body());
    assertEquals("PROVED", r.json().get("coverage"), r.body());
    assertEquals(List.of(), r.list("findings"), r.body());
    assertTrue(((String) r.json().get("message")).startsWith("Nobody outside organization o-abcdefghij"), r.body());
  }

  @Test
  void publicZoneCountsOnlyStrangers() {
    String p = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::my-bucket/*\"}]}";
    Http.Reply r = http.post("/v1/findings", members("resourceType", "AWS::S3::Bucket", "resourceArn", "arn:aws:s3:::my-bucket",
        "policyDocument", p, "zone", "public"));
    assertEquals(200, r.status(), r.body());
    assertEquals(List.of("anyone"), r.list("findings").get(0).get("principals"), r.body());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"resourceType\":\"AWS::S3::Bucket\",\"resourceArn\":\"arn:aws:s3:::my-bucket\",\"policy\":{\"Statement\":[]}}|/account",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"zone\":\"galaxy\",\"account\":\"111122223333\",\"policy\":{\"Statement\":[]}}|/zone",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"account\":\"1111\",\"policy\":{\"Statement\":[]}}|/account",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"zone\":\"organization\",\"organizationId\":\"o-abcdefghij\",\"policy\":{\"Statement\":[]}}|/organizationAccounts",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"zone\":\"organization\",\"organizationId\":\"o-abcdefghij\",\"organizationAccounts\":[\"1\"],\"policy\":{\"Statement\":[]}}|/organizationAccounts",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"zone\":\"organization\",\"organizationId\":\"org\",\"organizationAccounts\":[\"111122223333\"],\"policy\":{\"Statement\":[]}}|/organizationId",
      "{\"resourceType\":\"AWS::SQS::Queue\",\"account\":\"111122223333\",\"zoen\":\"public\",\"policy\":{\"Statement\":[]}}|/zoen"})
  void badZonesAreProblemsNamingTheMember(String body, String pointer) {
    Http.Reply r = http.post("/v1/findings", body);
    assertEquals(400, r.status(), r.body());
    assertEquals(pointer, r.json().get("pointer"), r.body());
  }
}
