package dev.hornbeam.service.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SigV4 verification against AWS's published Signature Version 4 test suite (get-vanilla, get-vanilla-query-order-key-case). */
class SigV4Test {
  static final byte[] SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8);
  static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");

  static Optional<String> verify(String method, String path, String query, String signature, String amzDate, byte[] body, Instant now) {
    Map<String, String> headers = Map.of("host", "example.amazonaws.com", "x-amz-date", amzDate, "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + signature);
    return SigV4.problem(method, path, query, headers::get, body, SECRET, now);
  }

  @Test
  void awsTestSuiteVectorsVerify() {
    assertEquals(Optional.empty(), verify("GET", "/", null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "20150830T123600Z", new byte[0], AT));
    assertEquals(Optional.empty(), verify("GET", "/", "Param2=value2&Param1=value1",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", "20150830T123600Z", new byte[0], AT));
  }

  @Test
  void anythingChangedIsRefused() {
    String good = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    assertTrue(verify("POST", "/", null, good, "20150830T123600Z", new byte[0], AT).orElseThrow().contains("does not match"));
    assertTrue(verify("GET", "/x", null, good, "20150830T123600Z", new byte[0], AT).isPresent());
    assertTrue(verify("GET", "/", "a=b", good, "20150830T123600Z", new byte[0], AT).isPresent());
    assertTrue(verify("GET", "/", null, good, "20150830T123600Z", "{}".getBytes(StandardCharsets.UTF_8), AT).isPresent());
    assertTrue(verify("GET", "/", null, good, "20150830T123600Z", new byte[0], AT.plusSeconds(16 * 60)).orElseThrow().contains("15 minutes"));
    assertTrue(verify("GET", "/", null, good, "20150831T123600Z", new byte[0], AT).isPresent());
    Map<String, String> bearer = Map.of("authorization", "Bearer x");
    assertTrue(SigV4.problem("GET", "/", null, bearer::get, new byte[0], SECRET, AT).isPresent());
  }

  @Test
  void canonicalQueryAndPathEncodeAsAwsDoes() {
    assertEquals("a=1&a=2&b=%20~", SigV4.query("b=%20~&a=2&a=1"));
    assertEquals("/policy/validation", SigV4.canonicalPath("/policy/validation"));
    assertEquals("/a%2520b", SigV4.canonicalPath("/a%20b"));
  }
}
