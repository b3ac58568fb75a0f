package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.model.ActionElement;
import dev.hornbeam.policy.model.BaseOperator;
import dev.hornbeam.policy.model.Condition;
import dev.hornbeam.policy.model.ConditionOperator;
import dev.hornbeam.policy.model.Effect;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.model.PrincipalElement;
import dev.hornbeam.policy.model.PrincipalType;
import dev.hornbeam.policy.model.Principals;
import dev.hornbeam.policy.model.ResourceElement;
import dev.hornbeam.policy.model.SetQualifier;
import dev.hornbeam.policy.model.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Examples of the parser and validator: every problem code at its exact pointer, the policy kinds,
 * the size limits, variables under each Version, and how values are read.
 */
class PolicyParserTest {
  private static final PolicyKind RESOURCE = PolicyKind.RESOURCE;
  private static final PolicyKind IDENTITY = PolicyKind.IDENTITY;

  /** A valid identity-policy statement to build documents around. */
  private static final String OK = "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}";

  // ================================================================ every problem code

  /** (code, kind, document, every problem expected as "SEVERITY CODE pointer", in order). */
  static Stream<Arguments> examples() {
    return Stream.of(
        ex(ProblemCode.NOT_JSON, IDENTITY, "{\"Version\": \"2012-10-17\",", "ERROR NOT_JSON "),
        ex(ProblemCode.NOT_JSON, IDENTITY, "", "ERROR NOT_JSON "),
        ex(ProblemCode.NOT_JSON, IDENTITY, "{\"Statement\": []} {}", "ERROR NOT_JSON "),
        ex(ProblemCode.NOT_JSON, IDENTITY, "{'Statement': []}", "ERROR NOT_JSON "),
        ex(ProblemCode.DUPLICATE_KEY, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
            "ERROR DUPLICATE_KEY /Statement/0/Effect"),
        ex(ProblemCode.WRONG_TYPE, IDENTITY, "{\"Version\": 2012, \"Statement\": [" + OK + "]}",
            "ERROR WRONG_TYPE /Version"),
        ex(ProblemCode.WRONG_TYPE, IDENTITY, "[" + OK + "]", "ERROR WRONG_TYPE "),
        ex(ProblemCode.WRONG_TYPE, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", 7], \"Resource\": \"*\"}]}",
            "ERROR WRONG_TYPE /Statement/0/Action/1"),
        ex(ProblemCode.WRONG_TYPE, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringEquals\": {\"aws:username\": [\"a\", null]}}}]}",
            "ERROR WRONG_TYPE /Statement/0/Condition/StringEquals/aws:username/1"),
        ex(ProblemCode.UNKNOWN_KEY, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Actions\": \"s3:GetObject\", \"Resource\": \"*\"}]}",
            "ERROR UNKNOWN_KEY /Statement/0/Actions", "ERROR MISSING_ACTION /Statement/0"),
        ex(ProblemCode.EMPTY_VALUE, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}",
            "ERROR EMPTY_VALUE /Statement/0/Action"),
        ex(ProblemCode.EMPTY_VALUE, IDENTITY, "{\"Statement\": []}", "ERROR EMPTY_VALUE /Statement"),
        ex(ProblemCode.INVALID_VERSION, IDENTITY, "{\"Version\": \"2012-10-18\", \"Statement\": [" + OK + "]}",
            "ERROR INVALID_VERSION /Version"),
        ex(ProblemCode.MISSING_STATEMENT, IDENTITY, "{\"Version\": \"2012-10-17\"}", "ERROR MISSING_STATEMENT "),
        ex(ProblemCode.DUPLICATE_SID, IDENTITY,
            "{\"Statement\": [{\"Sid\": \"a\"," + OK.substring(1) + ", {\"Sid\": \"b\"," + OK.substring(1)
                + ", {\"Sid\": \"a\"," + OK.substring(1) + "]}",
            "WARNING DUPLICATE_SID /Statement/2/Sid"),
        ex(ProblemCode.MISSING_EFFECT, IDENTITY, "{\"Statement\": [{\"Action\": \"*\", \"Resource\": \"*\"}]}",
            "ERROR MISSING_EFFECT /Statement/0"),
        ex(ProblemCode.INVALID_EFFECT, IDENTITY,
            "{\"Statement\": [" + OK + ", {\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
            "ERROR INVALID_EFFECT /Statement/1/Effect"),
        ex(ProblemCode.MISSING_ACTION, IDENTITY, "{\"Statement\": [{\"Effect\": \"Deny\", \"Resource\": \"*\"}]}",
            "ERROR MISSING_ACTION /Statement/0"),
        ex(ProblemCode.CONFLICTING_ELEMENTS, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"*\", \"NotAction\": \"s3:*\", \"Resource\": \"*\"}]}",
            "ERROR CONFLICTING_ELEMENTS /Statement/0"),
        ex(ProblemCode.MISSING_PRINCIPAL, RESOURCE, "{\"Statement\": [" + OK + "]}",
            "ERROR MISSING_PRINCIPAL /Statement/0"),
        ex(ProblemCode.PRINCIPAL_NOT_ALLOWED, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
            "ERROR PRINCIPAL_NOT_ALLOWED /Statement/0/Principal"),
        ex(ProblemCode.MISSING_RESOURCE, IDENTITY, "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\"}]}",
            "ERROR MISSING_RESOURCE /Statement/0"),
        ex(ProblemCode.INVALID_ACTION, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3\"], \"Resource\": \"*\"}]}",
            "ERROR INVALID_ACTION /Statement/0/Action/1"),
        ex(ProblemCode.INVALID_RESOURCE, IDENTITY,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"arn:aws:s3\"}]}",
            "ERROR INVALID_RESOURCE /Statement/0/Resource"),
        ex(ProblemCode.UNKNOWN_PRINCIPAL_TYPE, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"aws\": \"*\"}, \"Action\": \"*\"}]}",
            "ERROR UNKNOWN_PRINCIPAL_TYPE /Statement/0/Principal/aws"),
        ex(ProblemCode.INVALID_PRINCIPAL, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"111111111111\", \"Action\": \"*\"}]}",
            "ERROR INVALID_PRINCIPAL /Statement/0/Principal"),
        ex(ProblemCode.INVALID_PRINCIPAL, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"alice\", \"Service\": [\"s3.amazonaws.com\", \"\"]},"
                + " \"Action\": \"*\"}]}",
            "ERROR INVALID_PRINCIPAL /Statement/0/Principal/AWS", "ERROR INVALID_PRINCIPAL /Statement/0/Principal/Service/1"),
        ex(ProblemCode.PARTIAL_WILDCARD_PRINCIPAL, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"111111111111\","
                + " \"arn:aws:iam::111111111111:user/*\"]}, \"Action\": \"*\"}]}",
            "ERROR PARTIAL_WILDCARD_PRINCIPAL /Statement/0/Principal/AWS/1"),
        ex(ProblemCode.PRINCIPAL_UNIQUE_ID, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"AIDAJQABLZS4A3QDU576Q\"}, \"Action\": \"*\"}]}",
            "WARNING PRINCIPAL_UNIQUE_ID /Statement/0/Principal/AWS"),
        ex(ProblemCode.ALLOW_WITH_NOT_PRINCIPAL, RESOURCE,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"111111111111\"}, \"Action\": \"*\"}]}",
            "WARNING ALLOW_WITH_NOT_PRINCIPAL /Statement/0/NotPrincipal"),
        ex(ProblemCode.UNKNOWN_OPERATOR, IDENTITY,
            "{\"Statement\": [" + OK + ", {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringLikee\": {\"s3:prefix\": \"home/*\"}}}]}",
            "ERROR UNKNOWN_OPERATOR /Statement/1/Condition/StringLikee"),
        ex(ProblemCode.NONCANONICAL_OPERATOR, IDENTITY, withCondition("{\"stringEquals\": {\"aws:username\": \"a\"}}"),
            "WARNING NONCANONICAL_OPERATOR /Statement/0/Condition/stringEquals"),
        ex(ProblemCode.QUALIFIER_IGNORED, IDENTITY, withCondition("{\"ForAllValues:Null\": {\"aws:TagKeys\": \"false\"}}"),
            "WARNING QUALIFIER_IGNORED /Statement/0/Condition/ForAllValues:Null"),
        ex(ProblemCode.INVALID_NUMBER, IDENTITY, withCondition("{\"NumericLessThan\": {\"s3:max-keys\": [\"10\", \"ten\"]}}"),
            "ERROR INVALID_NUMBER /Statement/0/Condition/NumericLessThan/s3:max-keys/1"),
        ex(ProblemCode.INVALID_DATE, IDENTITY,
            withCondition("{\"DateGreaterThan\": {\"aws:CurrentTime\": [\"2024-01-31\", \"yesterday\"]}}"),
            "ERROR INVALID_DATE /Statement/0/Condition/DateGreaterThan/aws:CurrentTime/1"),
        ex(ProblemCode.INVALID_BOOL, IDENTITY, withCondition("{\"Null\": {\"aws:PrincipalTag/team\": \"maybe\"}}"),
            "ERROR INVALID_BOOL /Statement/0/Condition/Null/aws:PrincipalTag~1team"),
        ex(ProblemCode.INVALID_BINARY, IDENTITY, withCondition("{\"BinaryEquals\": {\"a~b\": \"@@\"}}"),
            "ERROR INVALID_BINARY /Statement/0/Condition/BinaryEquals/a~0b"),
        ex(ProblemCode.INVALID_CIDR, IDENTITY, withCondition("{\"IpAddress\": {\"aws:SourceIp\": [\"10.0.0.0/33\", \"::1\", \"1:2\"]}}"),
            "ERROR INVALID_CIDR /Statement/0/Condition/IpAddress/aws:SourceIp/0",
            "ERROR INVALID_CIDR /Statement/0/Condition/IpAddress/aws:SourceIp/2"),
        ex(ProblemCode.CIDR_HOST_BITS, IDENTITY, withCondition("{\"NotIpAddress\": {\"aws:SourceIp\": \"10.1.2.3/8\"}}"),
            "WARNING CIDR_HOST_BITS /Statement/0/Condition/NotIpAddress/aws:SourceIp"),
        ex(ProblemCode.VARIABLE_IS_LITERAL, IDENTITY,
            "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\","
                + " \"Resource\": [\"arn:aws:s3:::b\", \"arn:aws:s3:::b/${aws:username}/*\"]}]}",
            "WARNING VARIABLE_IS_LITERAL /Statement/0/Resource/1"),
        ex(ProblemCode.INVALID_VARIABLE, IDENTITY,
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringLike\": {\"s3:prefix\": [\"${}\", \"home/${aws:username\"]}}}]}",
            "WARNING INVALID_VARIABLE /Statement/0/Condition/StringLike/s3:prefix/0",
            "WARNING INVALID_VARIABLE /Statement/0/Condition/StringLike/s3:prefix/1"),
        ex(ProblemCode.MISSING_VERSION, IDENTITY, "{\"Statement\": [" + OK + "]}", "WARNING MISSING_VERSION "),
        ex(ProblemCode.UNKNOWN_SERVICE, IDENTITY, withActions("[\"s3:GetObject\", \"s4:GetObject\"]", "\"*\""),
            "WARNING UNKNOWN_SERVICE /Statement/0/Action/1"),
        ex(ProblemCode.UNKNOWN_ACTION, IDENTITY, withActions("\"s3:GetObjekt\"", "\"*\""),
            "WARNING UNKNOWN_ACTION /Statement/0/Action"),
        ex(ProblemCode.ACTION_MATCHES_NOTHING, IDENTITY, withActions("[\"s3:Get*\", \"s3:Frob*\"]", "\"*\""),
            "WARNING ACTION_MATCHES_NOTHING /Statement/0/Action/1"),
        ex(ProblemCode.UNKNOWN_CONDITION_KEY, IDENTITY, withCondition("{\"StringEquals\": {\"aws:SoruceAccount\": \"111122223333\"}}"),
            "WARNING UNKNOWN_CONDITION_KEY /Statement/0/Condition/StringEquals/aws:SoruceAccount"),
        ex(ProblemCode.OPERATOR_TYPE_MISMATCH, IDENTITY, withCondition("{\"NumericEquals\": {\"aws:SourceAccount\": \"1\"}}"),
            "WARNING OPERATOR_TYPE_MISMATCH /Statement/0/Condition/NumericEquals/aws:SourceAccount"),
        // checked against what the policy is attached to: SCOPE, a bucket (ResourceScopeTest has more)
        ex(ProblemCode.RESOURCE_MISMATCH, RESOURCE, bucketPolicy("\"s3:GetObject\"", "[\"arn:aws:s3:::amzn-s3-demo-bucket/*\", \"arn:aws:s3:::b2/*\"]"),
            "ERROR RESOURCE_MISMATCH /Statement/0/Resource/1"),
        ex(ProblemCode.ACTION_OF_OTHER_SERVICE, RESOURCE, bucketPolicy("[\"s3:GetObject\", \"sqs:SendMessage\"]", "\"*\""),
            "WARNING ACTION_OF_OTHER_SERVICE /Statement/0/Action/1"),
        ex(ProblemCode.NO_ACTION_FOR_RESOURCE_TYPE, RESOURCE, bucketPolicy("\"sqs:SendMessage\"", "\"*\""),
            "WARNING ACTION_OF_OTHER_SERVICE /Statement/0/Action", "ERROR NO_ACTION_FOR_RESOURCE_TYPE /Statement"),
        // API Gateway's execute-api:/ shorthand without the API it stands for (PolicyParser.EXECUTE_API_SHORTHAND)
        ex(ProblemCode.INVALID_RESOURCE, RESOURCE, bucketPolicy("\"execute-api:Invoke\"", "[\"execute-api:/*\"]"),
            "ERROR INVALID_RESOURCE /Statement/0/Resource/0"),
        // A trust policy's Federated principal that is no provider AWS has is refused, not read as fixed (fail closed)
        ex(ProblemCode.UNSUPPORTED_PRINCIPAL, RESOURCE, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\":"
            + " {\"Federated\": \"token.actions.githubusercontent.com\"},"
            + " \"Action\": \"sts:AssumeRoleWithWebIdentity\"}]}",
            "ERROR UNSUPPORTED_PRINCIPAL /Statement/0/Principal/Federated"),
        ex(ProblemCode.RESOURCE_NOT_ACCEPTED, IDENTITY, withActions("\"s3:GetObject\"", "[\"arn:aws:s3:::b/*\", \"arn:aws:s3:::b\"]"),
            "WARNING RESOURCE_NOT_ACCEPTED /Statement/0/Resource/1"),
        ex(ProblemCode.DOCUMENT_TOO_LARGE, IDENTITY, "{\"Statement\": [" + OK + "]}",
            "ERROR DOCUMENT_TOO_LARGE "),
        ex(ProblemCode.TOO_MANY_STATEMENTS, IDENTITY, "{\"Statement\": [" + OK + "," + OK + "," + OK + "]}",
            "ERROR TOO_MANY_STATEMENTS /Statement"),
        ex(ProblemCode.TOO_MANY_VALUES, IDENTITY, withCondition("{\"StringEquals\": {\"aws:username\": [\"a\", \"b\", \"c\"]}}"),
            "ERROR TOO_MANY_VALUES /Statement/0/Condition/StringEquals/aws:username"));
  }

  /** Limits small enough for the size examples, large enough for every other one. */
  private static Limits limitsFor(ProblemCode code) {
    return switch (code) {
      case DOCUMENT_TOO_LARGE -> new Limits(40, 100, 100);
      case TOO_MANY_STATEMENTS -> new Limits(100_000, 2, 100);
      case TOO_MANY_VALUES -> new Limits(100_000, 100, 2);
      default -> Limits.DEFAULT;
    };
  }

  private static Arguments ex(ProblemCode code, PolicyKind kind, String json, String... expected) {
    return Arguments.of(code, kind, json, List.of(expected));
  }

  /** An identity policy with one statement carrying {@code condition}. */
  private static String withCondition(String condition) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
        + " \"Condition\": " + condition + "}]}";
  }

  private static final ResourceScope SCOPE = new ResourceScope(ResourceType.S3_BUCKET, "arn:aws:s3:::amzn-s3-demo-bucket");
  /** A role's trust policy (ResourceScope.principalProblem). */
  private static final ResourceScope TRUST = new ResourceScope(ResourceType.IAM_ROLE_TRUST, null);
  private static final Set<ProblemCode> SCOPED = EnumSet.of(ProblemCode.RESOURCE_MISMATCH, ProblemCode.ACTION_OF_OTHER_SERVICE,
      ProblemCode.NO_ACTION_FOR_RESOURCE_TYPE);

  /** A resource policy with one public Allow statement of these Action and Resource values (JSON text). */
  private static String bucketPolicy(String action, String resource) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": " + action
        + ", \"Resource\": " + resource + "}]}";
  }

  /** An identity policy with one Allow statement of these Action and Resource values (JSON text). */
  private static String withActions(String action, String resource) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": " + action
        + ", \"Resource\": " + resource + "}]}";
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("examples")
  void eachProblemCodeAtItsPointer(ProblemCode code, PolicyKind kind, String json, List<String> expected) {
    ParseResult r = code == ProblemCode.UNSUPPORTED_PRINCIPAL ? PolicyParser.parse(json, TRUST)
        : SCOPED.contains(code) ? PolicyParser.parse(json, SCOPE) : PolicyParser.parse(json, kind, limitsFor(code));
    assertEquals(expected, code == ProblemCode.MISSING_VERSION ? allLines(r) : lines(r), json);
    assertEquals(r.errors().isEmpty(), r.isValid());
    Json tree = JsonReader.read(json.getBytes(StandardCharsets.UTF_8), p -> {});
    for (Problem p : r.problems()) {
      assertTrue(tree == null ? p.pointer().isEmpty() : Pointers.resolves(tree, p.pointer()), p::toLine);
      assertFalse(p.message().isBlank());
    }
  }

  @Test
  void theExamplesCoverEveryProblemCode() {
    Set<ProblemCode> covered = examples().map(a -> (ProblemCode) a.get()[0]).collect(Collectors.toSet());
    Set<ProblemCode> missing = EnumSet.allOf(ProblemCode.class);
    missing.removeAll(covered);
    assertEquals(Set.of(), missing);
  }

  /**
   * Every problem as "SEVERITY CODE pointer" but MISSING_VERSION: most examples here leave Version out
   * for brevity, and that warning is about the document, not the element under test ({@link
   * #allLines} keeps it; {@code CatalogWarningsTest} tests it).
   */
  private static List<String> lines(ParseResult r) {
    return allLines(r).stream().filter(l -> !l.equals("WARNING MISSING_VERSION ")).toList();
  }

  private static List<String> allLines(ParseResult r) {
    return r.problems().stream().map(p -> p.severity() + " " + p.code() + " " + p.pointer()).toList();
  }

  private static List<String> lines(String json, PolicyKind kind) {
    return lines(PolicyParser.parse(json, kind));
  }

  // ================================================================ pointers

  @Nested
  class Locations {
    @Test
    void aSingleStatementObjectHasPointersWithoutAnIndex() {
      String json = "{\"Statement\": {\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\","
          + " \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"yes\"}}}}";
      assertEquals(List.of("ERROR INVALID_EFFECT /Statement/Effect",
              "ERROR INVALID_BOOL /Statement/Condition/Bool/aws:SecureTransport"),
          lines(json, IDENTITY));
    }

    @Test
    void duplicateSidsInASingleStatementObjectCannotHappen() {
      String json = "{\"Statement\": {\"Sid\": \"a\", \"Sid\": \"a\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}";
      assertEquals(List.of("ERROR DUPLICATE_KEY /Statement/Sid"), lines(json, IDENTITY));
    }

    @Test
    void keysWithSlashAndTildeAreEscaped() {
      String json = withCondition("{\"NumericEquals\": {\"aws:PrincipalTag/cost~center\": \"x\", \"a/b/c\": [\"1\", \"y\"]}}");
      assertEquals(List.of("WARNING OPERATOR_TYPE_MISMATCH /Statement/0/Condition/NumericEquals/aws:PrincipalTag~1cost~0center",
              "ERROR INVALID_NUMBER /Statement/0/Condition/NumericEquals/aws:PrincipalTag~1cost~0center",
              "ERROR INVALID_NUMBER /Statement/0/Condition/NumericEquals/a~1b~1c/1"),
          lines(json, IDENTITY));
    }

    @Test
    void principalKeysAndValuesAreLocated() {
      String json = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"*\", \"arn:aws:iam::1:root\"],"
          + " \"Federated\": \"*\", \"Groups\": \"x\"}, \"Action\": \"*\"}]}";
      assertEquals(List.of("ERROR INVALID_PRINCIPAL /Statement/0/Principal/AWS/1",
              "ERROR INVALID_PRINCIPAL /Statement/0/Principal/Federated",
              "ERROR UNKNOWN_PRINCIPAL_TYPE /Statement/0/Principal/Groups"),
          lines(json, RESOURCE));
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
      String json = "{\"Version\": \"1\", \"Statment\": 1, \"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"x\","
          + " \"Resource\": \"y\"}, 3, {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\","
          + " \"Condition\": {\"DateEquals\": {\"aws:CurrentTime\": \"soon\"}, \"Foo\": {}}}]}";
      assertEquals(List.of(
              "ERROR UNKNOWN_KEY /Statment",
              "ERROR INVALID_VERSION /Version",
              "ERROR INVALID_EFFECT /Statement/0/Effect",
              "ERROR INVALID_ACTION /Statement/0/Action",
              "ERROR INVALID_RESOURCE /Statement/0/Resource",
              "ERROR WRONG_TYPE /Statement/1",
              "ERROR INVALID_DATE /Statement/2/Condition/DateEquals/aws:CurrentTime",
              "ERROR UNKNOWN_OPERATOR /Statement/2/Condition/Foo"),
          lines(json, IDENTITY));
    }
  }

  // ================================================================ JSON reading

  @Nested
  class JsonReading {
    @Test
    void aDuplicateInsideADroppedDuplicateIsNotReported() {
      // Only the first "Statement" is kept; the repeated one (with its own repeated Sid) is dropped whole.
      String json = "{\"Statement\": [" + OK + "], \"Statement\": {\"Sid\": \"a\", \"Sid\": \"b\"}}";
      assertEquals(List.of("ERROR DUPLICATE_KEY /Statement"), lines(json, IDENTITY));
    }

    @Test
    void oneOperatorSpelledTwiceIsADuplicateKey() {
      String json = withCondition("{\"DateEquals\": {\"aws:CurrentTime\": \"2024-01-31\"}, \"Bool\": {\"aws:SecureTransport\": true},"
          + " \"dateequals\": {\"aws:EpochTime\": \"0\"}}");
      assertEquals(List.of("ERROR DUPLICATE_KEY /Statement/0/Condition/dateequals"), lines(json, IDENTITY));
      ParseResult r = PolicyParser.parse(json, IDENTITY);
      assertTrue(r.errors().get(0).message().contains("\"DateEquals\""), r.errors().get(0).message());
    }

    @Test
    void differentOperatorsSharingAKeyAreFine() {
      String json = withCondition("{\"StringLike\": {\"s3:prefix\": \"a*\"}, \"StringNotLike\": {\"s3:prefix\": \"ab*\"},"
          + " \"ForAnyValue:StringLike\": {\"s3:prefix\": \"x\"}, \"StringLikeIfExists\": {\"s3:prefix\": \"y\"}}");
      assertEquals(List.of(), lines(json, IDENTITY));
      assertEquals(4, PolicyParser.parse(json, IDENTITY).policy().statements().get(0).conditions().size());
    }

    @Test
    void unpairedSurrogatesAreNotJson() {
      for (String s : List.of("\\ud800", "a\\udc00", "\\ude00\\ud83d")) {
        String json = "{\"Id\": \"" + s + "\", \"Statement\": [" + OK + "]}";
        ParseResult r = PolicyParser.parse(json, IDENTITY);
        assertEquals(List.of("ERROR NOT_JSON "), lines(r), json);
        assertTrue(r.errors().get(0).message().contains("/Id"), r.errors().get(0).message());
      }
      String key = withCondition("{\"StringEquals\": {\"k\\udfff\": \"v\"}}");
      assertEquals(List.of("ERROR NOT_JSON "), lines(key, IDENTITY));
      // The same half character as raw bytes (ED A0 80) is not UTF-8 at all.
      byte[] head = "{\"Id\": \"".getBytes(StandardCharsets.UTF_8);
      byte[] tail = ("\", \"Statement\": [" + OK + "]}").getBytes(StandardCharsets.UTF_8);
      byte[] raw = new byte[head.length + 3 + tail.length];
      System.arraycopy(head, 0, raw, 0, head.length);
      raw[head.length] = (byte) 0xED;
      raw[head.length + 1] = (byte) 0xA0;
      raw[head.length + 2] = (byte) 0x80;
      System.arraycopy(tail, 0, raw, head.length + 3, tail.length);
      assertEquals(List.of("ERROR NOT_JSON "), lines(PolicyParser.parse(raw, IDENTITY, Limits.DEFAULT)));
    }

    @Test
    void pairedSurrogatesAndOtherEscapesAreText() {
      String json = "{\"Id\": \"\\ud83d\\ude00 \\u00e9 \\\" \\\\ \\/ \\n\", \"Statement\": [" + OK + "]}";
      ParseResult r = PolicyParser.parse(json, IDENTITY);
      assertTrue(r.isValid(), r.problems()::toString);
      assertEquals("😀 é \" \\ / \n", r.policy().id());
      assertEquals(r.policy(), PolicyParser.parse(PolicyPrinter.print(r.policy()), IDENTITY).policy());
    }

    @Test
    void aByteOrderMarkIsSkipped() {
      byte[] text = ("{\"Statement\": [" + OK + "]}").getBytes(StandardCharsets.UTF_8);
      byte[] withBom = new byte[text.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(text, 0, withBom, 3, text.length);
      assertTrue(PolicyParser.parse(withBom, IDENTITY, Limits.DEFAULT).isValid());
    }

    @Test
    void commentsSingleQuotesAndNaNAreNotJson() {
      for (String bad : List.of("{/* c */ \"Statement\": [" + OK + "]}", "{\"Statement\": [" + OK + "],}",
          withCondition("{\"NumericEquals\": {\"k\": NaN}}"), "{\"Statement\": [" + OK + "]}\u0000")) {
        assertEquals(List.of("ERROR NOT_JSON "), lines(bad, IDENTITY), bad);
      }
    }
  }

  // ================================================================ kinds

  @Nested
  class Kinds {
    private final String withPrincipal =
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"s3:GetObject\","
            + " \"Resource\": \"arn:aws:s3:::b/*\"}]}";
    private final String trust =
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"},"
            + " \"Action\": \"sts:AssumeRole\"}]}";

    @Test
    void resourcePoliciesNeedAPrincipal() {
      assertTrue(PolicyParser.parse(withPrincipal, RESOURCE).isValid());
      assertEquals(List.of("ERROR MISSING_PRINCIPAL /Statement/0", "ERROR MISSING_PRINCIPAL /Statement/1"),
          lines("{\"Statement\": [" + OK + ", " + OK + "]}", RESOURCE));
    }

    @Test
    void resourcePoliciesMayOmitTheResource() {
      ParseResult r = PolicyParser.parse(trust, RESOURCE);
      assertTrue(r.isValid(), r.problems()::toString);
      assertNull(r.policy().statements().get(0).resource());
    }

    @Test
    void identityPoliciesForbidPrincipalAndNotPrincipalAndNeedAResource() {
      assertEquals(List.of("ERROR PRINCIPAL_NOT_ALLOWED /Statement/0/Principal"), lines(withPrincipal, IDENTITY));
      assertEquals(List.of("ERROR PRINCIPAL_NOT_ALLOWED /Statement/0/Principal", "ERROR MISSING_RESOURCE /Statement/0"),
          lines(trust, IDENTITY));
      String both = "{\"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"NotPrincipal\": \"*\","
          + " \"Action\": \"*\", \"Resource\": \"*\"}]}";
      assertEquals(List.of("ERROR CONFLICTING_ELEMENTS /Statement/0", "ERROR PRINCIPAL_NOT_ALLOWED /Statement/0/Principal",
          "ERROR PRINCIPAL_NOT_ALLOWED /Statement/0/NotPrincipal"), lines(both, IDENTITY));
      assertEquals(List.of("ERROR CONFLICTING_ELEMENTS /Statement/0"), lines(both, RESOURCE));
    }

    @Test
    void identityPoliciesAcceptNotResource() {
      String json = "{\"Statement\": [{\"Effect\": \"Deny\", \"NotAction\": \"iam:*\", \"NotResource\": \"arn:aws:s3:::b/*\"}]}";
      Statement s = PolicyParser.parse(json, IDENTITY).policy().statements().get(0);
      assertEquals(new ActionElement(true, List.of("iam:*")), s.action());
      assertEquals(new ResourceElement(true, List.of("arn:aws:s3:::b/*")), s.resource());
      assertNull(s.principal());
    }
  }

  // ================================================================ size limits

  @Nested
  class SizeLimits {
    @Test
    void theDocumentSizeIsCountedInUtf8Bytes() {
      String json = "{\"Id\": \"é\", \"Statement\": [" + OK + "]}";
      int bytes = json.getBytes(StandardCharsets.UTF_8).length;
      assertEquals(json.length() + 1, bytes);
      assertTrue(PolicyParser.parse(json, IDENTITY, new Limits(bytes, 10, 10)).isValid());
      ParseResult r = PolicyParser.parse(json, IDENTITY, new Limits(bytes - 1, 10, 10));
      assertEquals(List.of("ERROR DOCUMENT_TOO_LARGE "), lines(r));
      assertTrue(r.errors().get(0).message().contains(Integer.toString(bytes)), r.errors().get(0).message());
    }

    @Test
    void statementAndValueCountsAreLimitedExactly() {
      String three = "{\"Statement\": [" + OK + "," + OK + "," + OK + "]}";
      assertTrue(PolicyParser.parse(three, IDENTITY, new Limits(100_000, 3, 10)).isValid());
      assertEquals(List.of("ERROR TOO_MANY_STATEMENTS /Statement"),
          lines(PolicyParser.parse(three, IDENTITY, new Limits(100_000, 2, 10))));
      String values = withCondition("{\"StringEquals\": {\"aws:username\": [\"a\", \"b\", \"c\"]}}");
      assertTrue(PolicyParser.parse(values, IDENTITY, new Limits(100_000, 10, 3)).isValid());
      // A single statement object counts as one statement.
      assertTrue(PolicyParser.parse("{\"Statement\": " + OK + "}", IDENTITY, new Limits(100_000, 1, 1)).isValid());
    }

    @Test
    void oversizedDocumentsAreStillValidatedInFull() {
      String json = "{\"Statement\": [{\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
      assertEquals(List.of("ERROR DOCUMENT_TOO_LARGE ", "ERROR INVALID_EFFECT /Statement/0/Effect"),
          lines(PolicyParser.parse(json, IDENTITY, new Limits(10, 10, 10))));
    }

    @Test
    void limitsArePositiveAndTheServiceDefaultsAreAsPublished() {
      assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1));
      assertThrows(IllegalArgumentException.class, () -> new Limits(1, -1, 1));
      assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, 0));
      assertEquals(20 * 1024, ResourceType.S3_BUCKET.limits().maxDocumentBytes());
      assertEquals(32 * 1024, ResourceType.KMS_KEY.limits().maxDocumentBytes());
      assertEquals(20 * 1024, ResourceType.SQS_QUEUE.limits().maxDocumentBytes());
      assertEquals(30 * 1024, ResourceType.SNS_TOPIC.limits().maxDocumentBytes());
    }
  }

  // ================================================================ versions and variables

  @Nested
  class Variables {
    private String policy(String version) {
      return "{" + (version == null ? "" : "\"Version\": \"" + version + "\", ")
          + "\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::b\","
          + " \"Condition\": {\"StringLike\": {\"s3:prefix\": [\"home/${aws:username}/*\", \"public/*\"]},"
          + " \"NumericLessThan\": {\"s3:max-keys\": \"10\"}}}, {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\","
          + " \"Resource\": \"arn:aws:s3:::b/home/${aws:username}/*\"}]}";
    }

    @Test
    void underVersion2008OrWithoutVersionVariablesAreLiteralWithAWarning() {
      for (String v : Arrays.asList(Policy.VERSION_2008, null)) {
        ParseResult r = PolicyParser.parse(policy(v), IDENTITY);
        List<String> expected = new ArrayList<>();
        if (v == null) {
          expected.add("WARNING MISSING_VERSION ");
        }
        expected.addAll(List.of("WARNING VARIABLE_IS_LITERAL /Statement/0/Condition/StringLike/s3:prefix/0",
            "WARNING VARIABLE_IS_LITERAL /Statement/1/Resource"));
        assertEquals(expected, allLines(r), "Version " + v);
        assertTrue(r.isValid());
        assertFalse(r.policy().variablesEnabled());
        assertEquals(v, r.policy().version());
      }
    }

    @Test
    void underVersion2012VariablesAreVariables() {
      ParseResult r = PolicyParser.parse(policy(Policy.VERSION_2012), IDENTITY);
      assertEquals(List.of(), lines(r));
      assertTrue(r.policy().variablesEnabled());
      assertEquals("arn:aws:s3:::b/home/${aws:username}/*", r.policy().statements().get(1).resource().patterns().get(0));
    }

    @Test
    void variablesAreCheckedOnlyWhereTheyCanAppear() {
      String json = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\","
          + " \"Resource\": \"arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*\", \"Condition\": {"
          + " \"ArnLike\": {\"aws:SourceArn\": \"arn:aws:s3:::${ }\"},"
          + " \"StringEquals\": {\"aws:username\": \"${*}${?}${$}\"},"
          + " \"BinaryEquals\": {\"k\": \"${}\"}}}]}";
      assertEquals(List.of("WARNING INVALID_VARIABLE /Statement/0/Condition/ArnLike/aws:SourceArn",
          "ERROR INVALID_BINARY /Statement/0/Condition/BinaryEquals/k"), lines(json, IDENTITY));
    }
  }

  // ================================================================ warnings leave the policy valid

  @Test
  void warningsAloneLeaveThePolicyValid() {
    String json = "{\"Statement\": [{\"Sid\": \"s\", \"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"AROAJQABLZS4A3QDU576Q\"},"
        + " \"Action\": \"*\", \"Resource\": \"arn:aws:s3:::b/${aws:username}\", \"Condition\": {"
        + " \"ipaddress\": {\"aws:SourceIp\": \"10.1.2.3/8\"}, \"ForAnyValue:NullIfExists\": {\"aws:TagKeys\": \"true\"}}},"
        + " {\"Sid\": \"s\", \"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"*\"}]}";
    ParseResult r = PolicyParser.parse(json, RESOURCE);
    assertEquals(List.of(
        "WARNING PRINCIPAL_UNIQUE_ID /Statement/0/NotPrincipal/AWS",
        "WARNING ALLOW_WITH_NOT_PRINCIPAL /Statement/0/NotPrincipal",
        "WARNING VARIABLE_IS_LITERAL /Statement/0/Resource",
        "WARNING NONCANONICAL_OPERATOR /Statement/0/Condition/ipaddress",
        "WARNING CIDR_HOST_BITS /Statement/0/Condition/ipaddress/aws:SourceIp",
        "WARNING QUALIFIER_IGNORED /Statement/0/Condition/ForAnyValue:NullIfExists",
        "WARNING DUPLICATE_SID /Statement/1/Sid"), lines(r));
    assertTrue(r.isValid());
    assertNotNull(r.policy());
    assertEquals(List.of(), r.errors());
    assertEquals(8, r.warnings().size(), "the seven above and MISSING_VERSION");
    List<Condition> cs = r.policy().statements().get(0).conditions();
    assertEquals(new ConditionOperator(SetQualifier.NONE, BaseOperator.IP_ADDRESS, false), cs.get(0).operator());
    assertEquals(new ConditionOperator(SetQualifier.FOR_ANY_VALUE, BaseOperator.NULL, true), cs.get(1).operator());
  }

  @Test
  void anErrorAnywhereMeansNoPolicy() {
    String json = "{\"Statement\": [" + OK + ", {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
        + " \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"1\"}}}]}";
    ParseResult r = PolicyParser.parse(json, IDENTITY);
    assertFalse(r.isValid());
    assertNull(r.policy());
    assertThrows(IllegalArgumentException.class, () -> new ParseResult(null, List.of()));
  }

  // ================================================================ how values are read

  @Nested
  class Values {
    @Test
    void numbersAndBooleansInConditionValuesBecomeTheirText() {
      String json = withCondition("{\"NumericLessThanEquals\": {\"s3:max-keys\": [10, 1.20, -3, 0.5e1, \"7\"]},"
          + " \"Bool\": {\"aws:SecureTransport\": [true, false, \"TRUE\"]}, \"StringEquals\": {\"aws:username\": 42}}");
      ParseResult r = PolicyParser.parse(json, IDENTITY);
      List<Condition> cs = r.policy() == null ? List.of() : r.policy().statements().get(0).conditions();
      assertEquals(List.of("ERROR INVALID_NUMBER /Statement/0/Condition/NumericLessThanEquals/s3:max-keys/3"), lines(r),
          "exponents are no decimals in policies");
      String ok = json.replace("0.5e1, ", "");
      cs = PolicyParser.parse(ok, IDENTITY).policy().statements().get(0).conditions();
      assertEquals(List.of("10", "1.20", "-3", "7"), cs.get(0).values());
      assertEquals(List.of("true", "false", "TRUE"), cs.get(1).values());
      assertEquals(List.of("42"), cs.get(2).values());
      // and the printer writes them back as strings, which read the same
      Policy p = PolicyParser.parse(ok, IDENTITY).policy();
      assertTrue(PolicyPrinter.print(p).contains("\"1.20\""));
      assertEquals(p, PolicyParser.parse(PolicyPrinter.print(p), IDENTITY).policy());
    }

    @Test
    void statementAsObjectOrArrayGivesTheSameModel() {
      Policy asObject = PolicyParser.parse("{\"Version\": \"2012-10-17\", \"Statement\": " + OK + "}", IDENTITY).policy();
      Policy asArray = PolicyParser.parse("{\"Version\": \"2012-10-17\", \"Statement\": [" + OK + "]}", IDENTITY).policy();
      assertNotNull(asObject);
      assertEquals(asArray, asObject);
      assertEquals(new Policy(Policy.VERSION_2012, null, List.of(new Statement(null, Effect.ALLOW, null,
          new ActionElement(false, List.of("s3:GetObject")), new ResourceElement(false, List.of("*")), List.of()))), asObject);
    }

    @Test
    void valuesAsStringOrArrayGiveTheSameModel() {
      String single = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\", \"Service\":"
          + " \"s3.amazonaws.com\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\","
          + " \"Condition\": {\"StringEquals\": {\"aws:SourceVpce\": \"vpce-1\"}}}]}";
      String arrays = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"111111111111\"], \"Service\":"
          + " [\"s3.amazonaws.com\"]}, \"Action\": [\"s3:GetObject\"], \"Resource\": [\"arn:aws:s3:::b/*\"],"
          + " \"Condition\": {\"StringEquals\": {\"aws:SourceVpce\": [\"vpce-1\"]}}}]}";
      Policy a = PolicyParser.parse(single, RESOURCE).policy();
      assertNotNull(a);
      assertEquals(a, PolicyParser.parse(arrays, RESOURCE).policy());
      Statement s = a.statements().get(0);
      assertEquals(new PrincipalElement(false, new Principals.Listed(Map.of(PrincipalType.AWS, List.of("111111111111"),
          PrincipalType.SERVICE, List.of("s3.amazonaws.com")))), s.principal());
      assertEquals(List.of(new Condition(ConditionOperator.of(BaseOperator.STRING_EQUALS), "aws:SourceVpce", List.of("vpce-1"))),
          s.conditions());
    }

    @Test
    void principalStarAndAwsStarAreKeptApart() {
      String star = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\"}]}";
      String awsStar = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"*\"}]}";
      assertEquals(new Principals.Anyone(), PolicyParser.parse(star, RESOURCE).policy().statements().get(0).principal().principals());
      assertEquals(new Principals.Listed(Map.of(PrincipalType.AWS, List.of("*"))),
          PolicyParser.parse(awsStar, RESOURCE).policy().statements().get(0).principal().principals());
    }

    @Test
    void conditionsKeepDocumentOrderAndOperatorsTheirCanonicalForm() {
      String json = withCondition("{\"forallvalues:stringlikeifexists\": {\"aws:TagKeys\": [\"a*\", \"b\"], \"AWS:TAGKEYS\": \"c\"},"
          + " \"DateLessThan\": {\"aws:CurrentTime\": \"2024-01-31T12:00:00Z\", \"aws:EpochTime\": 1706702400}}");
      ParseResult r = PolicyParser.parse(json, IDENTITY);
      assertEquals(List.of("WARNING NONCANONICAL_OPERATOR /Statement/0/Condition/forallvalues:stringlikeifexists"), lines(r));
      List<Condition> cs = r.policy().statements().get(0).conditions();
      assertEquals(List.of("aws:TagKeys", "AWS:TAGKEYS", "aws:CurrentTime", "aws:EpochTime"),
          cs.stream().map(Condition::key).toList());
      assertEquals("ForAllValues:StringLikeIfExists", cs.get(0).operator().json());
      assertEquals(List.of("1706702400"), cs.get(3).values());
    }

    @Test
    void typedValuesAcceptTheirDocumentedForms() {
      String json = withCondition("{"
          + "\"NumericEquals\": {\"n\": [\"1.2\", \"1.20\", \"-3\", \"+2\", \"-0\"]},"
          + "\"DateEquals\": {\"d\": [\"2024-01-31\", \"2024-01-31T12:00:00Z\", \"2024-01-31T12:00:00\","
          + " \"2024-01-31T14:00:00+02:00\", \"2024-01-31T12:00:00.5Z\", \"1706702400\", \"-1\"]},"
          + "\"Bool\": {\"b\": [\"true\", \"False\"]},"
          + "\"BinaryEquals\": {\"x\": [\"QUJD\", \"\", \"AA==\"]},"
          + "\"IpAddress\": {\"ip\": [\"10.0.0.0/8\", \"10.1.2.3\", \"0.0.0.0/0\", \"2001:db8::/32\", \"::1\", \"::\","
          + " \"::ffff:10.1.2.3\", \"2001:DB8:0:0:0:0:0:1/128\", \"fe80::/64\", \"1:2:3:4:5:6:1.2.3.4\"]}}");
      assertEquals(List.of(), lines(json, IDENTITY));
      String bad = withCondition("{"
          + "\"NumericEquals\": {\"n\": [\"1e3\", \"0x10\", \"1,5\", \"\", \" 1\", \"" + "9".repeat(101) + "\", \".5\", \"5.\"]},"
          + "\"DateEquals\": {\"d\": [\"2024-02-30\", \"31/01/2024\", \"1234567890123\", \"\"]},"
          + "\"IpAddress\": {\"ip\": [\"256.0.0.0\", \"10.0.0\", \"1::2::3\", \"::/129\", \"10.0.0.0/-1\", \"10.0.0.01\","
          + " \"fe80::1%eth0\", \"\"]}}");
      List<String> expected = new ArrayList<>();
      // The validator reads typed values with the evaluator's parsers: a 101-digit number and a
      // 13-digit epoch are numbers (no length limit), a leading zero in an IPv4 part is refused.
      IntStream.range(0, 8).filter(i -> i != 5)
          .forEach(i -> expected.add("ERROR INVALID_NUMBER /Statement/0/Condition/NumericEquals/n/" + i));
      IntStream.range(0, 4).filter(i -> i != 2)
          .forEach(i -> expected.add("ERROR INVALID_DATE /Statement/0/Condition/DateEquals/d/" + i));
      IntStream.range(0, 8).forEach(i -> expected.add("ERROR INVALID_CIDR /Statement/0/Condition/IpAddress/ip/" + i));
      assertEquals(expected, lines(bad, IDENTITY));
    }
  }
}
