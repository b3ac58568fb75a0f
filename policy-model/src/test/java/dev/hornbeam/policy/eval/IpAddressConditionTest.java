package dev.hornbeam.policy.eval;

import static dev.hornbeam.policy.eval.Fixtures.cond;
import static dev.hornbeam.policy.eval.Fixtures.holds;
import static dev.hornbeam.policy.eval.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IAM User Guide, "Condition operators": IP address condition operators; address syntax per RFC 4291. */
class IpAddressConditionTest {
  private static final String IP = "aws:SourceIp";

  private static boolean inBlock(String requestIp, String... blocks) {
    return holds(request().single(IP, requestIp), cond("IpAddress", IP, blocks));
  }

  @Test
  void ipv4CidrFromTheDocs() {
    // The page's example: "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}
    assertTrue(inBlock("203.0.113.7", "203.0.113.0/24"));
    assertTrue(inBlock("203.0.113.255", "203.0.113.0/24"));
    assertFalse(inBlock("203.0.114.0", "203.0.113.0/24"));
  }

  @Test
  void bareIpv4AddressIsSlash32() {
    assertTrue(inBlock("203.0.113.7", "203.0.113.7"));
    assertFalse(inBlock("203.0.113.8", "203.0.113.7"));
  }

  @Test
  void hostBitsInThePolicyBlockAreMasked() {
    assertTrue(inBlock("10.1.2.3", "10.200.0.1/8"));
    assertTrue(inBlock("192.0.2.1", "1.2.3.4/0"));
    assertTrue(inBlock("10.0.0.1", "10.0.0.0/31"));
    assertFalse(inBlock("10.0.0.2", "10.0.0.0/31"));
  }

  @Test
  void ipv6CidrFromTheDocs() {
    // The page's example block: "2001:DB8:1234:5678::/64"
    assertTrue(inBlock("2001:db8:1234:5678:abcd::1", "2001:DB8:1234:5678::/64"));
    assertFalse(inBlock("2001:db8:1234:5679::1", "2001:DB8:1234:5678::/64"));
  }

  @Test
  void bareIpv6AddressIsSlash128AndTextFormsAreEquivalent() {
    assertTrue(inBlock("2001:db8:0:0:0:0:0:1", "2001:DB8::1"));
    assertTrue(inBlock("::1", "0:0:0:0:0:0:0:1"));
    assertFalse(inBlock("::2", "::1"));
  }

  @Test
  void ipv4MappedIpv6IsIpv6() {
    assertTrue(inBlock("::ffff:192.0.2.1", "::ffff:192.0.2.0/120"));
    assertTrue(inBlock("::ffff:192.0.2.1", "::ffff:c000:201"));
    assertFalse(inBlock("::ffff:192.0.2.1", "192.0.2.0/24"));
  }

  @Test
  void familiesNeverMatchEachOther() {
    assertFalse(inBlock("192.0.2.1", "::/0"));
    assertFalse(inBlock("::1", "0.0.0.0/0"));
    assertTrue(inBlock("::1", "0.0.0.0/0", "::/0"));
  }

  @Test
  void notIpAddressIsTheNor() {
    var r = request().single(IP, "198.51.100.9");
    assertTrue(holds(r, cond("NotIpAddress", IP, "203.0.113.0/24", "192.0.2.0/24")));
    assertFalse(holds(r, cond("NotIpAddress", IP, "203.0.113.0/24", "198.51.100.0/24")));
  }

  @Test
  void invalidPolicyBlockMatchesNothing() {
    assertFalse(inBlock("10.0.0.1", "abc"));
    assertFalse(inBlock("10.0.0.1", "10.0.0.0/33"));
    assertTrue(holds(request().single(IP, "10.0.0.1"), cond("NotIpAddress", IP, "abc")));
  }

  @Test
  void invalidRequestAddressFailsBothOperators() {
    var r = request().single(IP, "10.0.0.1/32");
    assertFalse(holds(r, cond("IpAddress", IP, "0.0.0.0/0")));
    assertFalse(holds(r, cond("NotIpAddress", IP, "192.0.2.0/24")));
    assertFalse(holds(request().single(IP, "localhost"), cond("NotIpAddress", IP, "192.0.2.0/24")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "1..3.4", " 1.2.3.4",
      "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "12345::", "::g", "fe80::1%eth0",
      "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7::1.2.3.4", "\uD800", "localhost"})
  void strictParserRejects(String text) {
    assertTrue(Cidrs.parseAddress(text).isEmpty(), text);
  }

  @Test
  void strictParserAcceptsRfc4291Forms() {
    assertArrayEquals(new byte[16], Cidrs.parseAddress("::").orElseThrow());
    byte[] v4mapped = Cidrs.parseAddress("::FFFF:1.2.3.4").orElseThrow();
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, 2, 3, 4}, v4mapped);
    assertTrue(Cidrs.parseAddress("1:2:3:4:5:6:1.2.3.4").isPresent());
    assertTrue(Cidrs.parseAddress("1:2:3:4:5:6:7::").isPresent());
    assertTrue(Cidrs.parseCidr("::/0").isPresent());
    assertTrue(Cidrs.parseCidr("1.2.3.4/").isEmpty());
    assertTrue(Cidrs.parseCidr("1.2.3.4/08").isEmpty());
  }
}
