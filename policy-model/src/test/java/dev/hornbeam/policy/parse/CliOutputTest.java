package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outputs are the "Output" examples of the AWS CLI Command Reference pages (get-bucket-policy,
 * get-key-policy, get-queue-attributes, get-topic-attributes), shortened to their policy.
 */
class CliOutputTest {
  static final String POLICY = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Principal\":\"*\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}";

  static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static Optional<CliOutput.Unwrapped> unwrap(String text) {
    return CliOutput.unwrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCliOutputsGiveTheirPolicy() {
    for (String[] c : new String[][] {
        {"{\n    \"Policy\": " + quoted(POLICY) + "\n}", "/Policy"},
        {"{\"Policy\": " + quoted(POLICY) + ", \"PolicyName\": \"default\"}", "/Policy"},
        {"{\"Attributes\": {\"Policy\": " + quoted(POLICY) + ", \"QueueArn\": \"arn:aws:sqs:us-east-1:123456789012:MyQueue\"}}",
            "/Attributes/Policy"}}) {
      CliOutput.Unwrapped u = unwrap(c[0]).orElseThrow();
      assertEquals(POLICY, new String(u.policy(), StandardCharsets.UTF_8));
      assertEquals(c[1], u.pointer());
      assertTrue(PolicyParser.parse(u.policy(), PolicyKind.RESOURCE, Limits.DEFAULT).isValid());
    }
  }

  @Test
  void aPolicyOrAnythingElseIsNotUnwrapped() {
    assertEquals(Optional.empty(), unwrap(POLICY));
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(POLICY) + ", \"Statement\": []}"));
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(POLICY) + ", \"Other\": 1}"), "an unknown member beside it");
    assertEquals(Optional.empty(), unwrap("{\"Policy\": {\"Statement\": []}}"), "not a string");
    assertEquals(Optional.empty(), unwrap("not json"));
    assertEquals(Optional.empty(), unwrap("[]"));
  }

  @Test
  void anOutputWithAMemberGivenTwiceIsNotUnwrapped() {
    // Which of the two policies the output stands for is not known (JSON readers differ: the first, the last):
    // unwrapping either could check the wrong one. Read as a document, it is INVALID for its duplicate key.
    String other = POLICY.replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}");
    assertEquals(Optional.empty(), unwrap("{\"Policy\": " + quoted(other) + ", \"Policy\": " + quoted(POLICY) + "}"));
    assertEquals(Optional.empty(), unwrap("{\"Attributes\": {\"Policy\": " + quoted(other) + ", \"Policy\": " + quoted(POLICY) + "}}"));
    assertEquals(Optional.empty(), unwrap("{\"Attributes\": {\"Policy\": " + quoted(POLICY) + "}, \"Attributes\": {}}"));
  }
}
