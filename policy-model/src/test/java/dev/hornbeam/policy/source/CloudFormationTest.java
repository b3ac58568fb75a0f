package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloudFormationTest {
  static List<Found> read(String name, Map<String, String> given) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/templates", name));
    Inputs.Read r = Inputs.read(name, bytes, given, null);
    return r.found();
  }

  static String describe(Found f) {
    String head = f.place() + " " + f.name() + " " + f.sourceType();
    if (f instanceof Found.Policy p) {
      Widening.Widened w = p.widened();
      return head + " " + (p.identity() ? "identity" : p.policyType()) + " " + w.refusal().orElse(new String(w.json(), StandardCharsets.UTF_8))
          + w.notes().stream().map(n -> "\n  " + n.toLine()).collect(Collectors.joining());
    }
    return head + " " + f.getClass().getSimpleName() + ": " + (f instanceof Found.Unsupported u ? u.reason() : ((Found.Broken) f).reason());
  }

  static String json(Found f) {
    return new String(((Found.Policy) f).widened().json(), StandardCharsets.UTF_8);
  }

  @Test
  void everyPolicyWithItsLogicalIdTypeAndLine() throws IOException {
    List<String> found = read("unknowns.yaml", Map.of()).stream()
        .map(f -> f.place() + " " + f.name() + " " + f.sourceType() + " " + (f instanceof Found.Policy p
            ? (p.identity() ? "identity" : p.policyType()) : f.getClass().getSimpleName()))
        .toList();
    assertEquals(List.of(
        "unknowns.yaml:22 BucketPolicy AWS::S3::BucketPolicy AWS::S3::Bucket",
        "unknowns.yaml:54 QueuePolicy AWS::SQS::QueuePolicy AWS::SQS::Queue",
        "unknowns.yaml:73 Key AWS::KMS::Key AWS::KMS::Key",
        "unknowns.yaml:91 Role AWS::IAM::Role AWS::IAM::AssumeRolePolicyDocument",
        "unknowns.yaml:99 Role AWS::IAM::Role identity",
        "unknowns.yaml:105 Permission AWS::Lambda::Permission AWS::Lambda::Function",
        "unknowns.yaml:113 Bus AWS::Events::EventBusPolicy Unsupported",
        "unknowns.yaml:123 Mystery AWS::Example::Thing Unsupported"), found);
  }

  @Test
  void unknownValuesAreWidenedAndNamed() throws IOException {
    List<Found> found = read("unknowns.yaml", Map.of());
    Found.Policy bucket = (Found.Policy) found.get(0);
    Widening.Widened w = bucket.widened();
    // the trusted account is a parameter without a value: any principal; the Deny naming the bucket's ARN
    // (its partition unknown) is left out; Fn::If on a condition of literals is resolved.
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadFromTrusted\",\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":[" + partitions("arn:%s:s3:::my-data/*") + "]},{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":[" + partitions("arn:%s:s3:::my-data/AWSLogs/*")
        + "]}]}", json(bucket));
    assertTrue(w.notes().stream().anyMatch(n -> n.toLine().equals("/Statement/0/Principal = ${TrustedAccount}: Principal widened to \"*\"")),
        w.notes().toString());
    assertTrue(w.notes().stream().anyMatch(n -> n.pointer().equals("/Statement/1") && n.effect().contains("Deny statement")));
    assertEquals(List.of(new Loc(24, 13), new Loc(41, 15)), w.statementLocs());
    // a condition holding an unknown is left out; a Deny holding one too
    assertEquals("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}",
        json(found.get(1)));
    // Fn::If on a parameter: both branches' Allow statements are checked
    assertTrue(json(found.get(2)).contains("\"arn:aws:iam::111122223333:root\""), json(found.get(2)));
  }

  private static String partitions(String format) {
    return dev.hornbeam.policy.universe.PrincipalKind.PARTITIONS.stream().map(p -> "\"" + String.format(format, p) + "\"")
        .collect(Collectors.joining(","));
  }

  @Test
  void givenValuesAreUsed() throws IOException {
    List<Found> found = read("unknowns.yaml", Map.of("TrustedAccount", "111122223333", "AWS::Partition", "aws", "Stage", "dev",
        "AWS::AccountId", "444455556666"));
    Found.Policy bucket = (Found.Policy) found.get(0);
    assertEquals(List.of(), bucket.widened().notes());
    assertTrue(json(bucket).contains("\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}"), json(bucket));
    assertTrue(json(bucket).contains("\"Effect\":\"Deny\""), json(bucket));
    // Stage = dev: IsProd is false, its statement absent
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::444455556666:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}", json(found.get(2)));
  }

  @Test
  void aLambdaPermissionIsTheStatementAddPermissionAdds() throws IOException {
    Found.Policy p = (Found.Policy) read("unknowns.yaml", Map.of("AWS::AccountId", "111122223333", "AWS::Partition", "aws")).get(5);
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},"
        + "\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:111122223333:function:f\",\"Condition\":"
        + "{\"StringEquals\":{\"AWS:SourceAccount\":\"111122223333\"},\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::my-data\"}}}]}", json(p));
  }

  private static List<Found> text(String yaml) {
    return Inputs.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), Map.of(), null).found();
  }

  @Test
  void whatIsNotUnderstoodIsReportedWithItsLine() {
    Found f = text("Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument: !Magic x\n").get(0);
    assertTrue(f instanceof Found.Broken b && b.reason().contains("!Magic") && f.loc().line() == 5, f.toString());
    f = text("Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n"
        + "          - Effect: Allow\n            Principal: !Ref Nobody\n").get(0);
    assertTrue(f instanceof Found.Broken b && b.reason().contains("Nobody is neither a parameter nor a resource") && f.loc().line() == 8
        && f.name().equals("P"), f.toString());
    List<Found> t = text("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n");
    assertTrue(t.get(0) instanceof Found.Unsupported u && u.reason().contains("Transform"), t.toString());
    f = text("Resources: {P: {Type: AWS::S3::BucketPolicy, Properties: {PolicyDocument: &a {Statement: []}}}, Q: {Type: AWS::S3::BucketPolicy,"
        + " Properties: {PolicyDocument: *a}}}\n").get(0);
    assertTrue(f instanceof Found.Broken b && b.reason().contains("alias"), f.toString());
  }

  @Test
  void aPolicyGivenAsJsonTextIsRead() {
    Found.Policy p = (Found.Policy) text("Resources:\n  P:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument: >-\n"
        + "        {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sqs:*\", \"Resource\": \"*\"}]}\n").get(0);
    assertEquals("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}", json(p));
  }

  @Test
  void aPolicyBehindAFunctionOrTransformIsNeverSkipped() {
    // CloudFormation User Guide, "AWS::Include transform": Fn::Transform may stand in Properties, beside other
    // properties; what it inserts is known only when deployed. So may Fn::If stand for a list item or an object.
    for (String props : new String[] {
        "      Bucket: b\n      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://x/p.yaml}}\n",
        "      Fn::If: [C, {Bucket: b, PolicyDocument: {Statement: []}}, {Bucket: b, PolicyDocument: {Statement: []}}]\n",
        "      Bucket: b\n      PolicyDocument:\n        Statement: []\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://x/p.yaml}}\n"}) {
      List<Found> f = text("Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n"
          + "    Properties:\n" + props);
      assertEquals(1, f.size(), props + f);
      assertTrue(f.get(0) instanceof Found.Unsupported u && u.reason().contains("known only when deployed") && f.get(0).loc().line() > 0,
          f.toString());
    }
    List<Found> f = text("Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  T:\n    Type: AWS::DynamoDB::GlobalTable\n"
        + "    Properties:\n      Replicas:\n        - !If [C, {Region: us-east-1, ResourcePolicy: {PolicyDocument: {Statement: []}}},"
        + " !Ref AWS::NoValue]\n");
    assertTrue(f.size() == 1 && f.get(0) instanceof Found.Unsupported u && u.reason().contains("Replicas/0"), f.toString());
    // a role's identity policies behind Fn::If: an identity policy not known (check public skips it), never left unsaid
    f = text("Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
        + "      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}\n"
        + "      Policies: !If [C, [{PolicyName: p, PolicyDocument: {Statement: []}}], !Ref AWS::NoValue]\n");
    assertTrue(f.size() == 2 && f.get(1) instanceof Found.Policy p && p.identity() && p.document() instanceof Node.Unknown
        && f.get(1).loc().line() == 8, f.toString());
  }

  @Test
  void fnSelectPicksOnlyWhatIsKnown() {
    String head = "Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n"
        + "    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: ";
    String tail = "\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n";
    // The item before the index may be no value (AWS::NoValue): the index then names the next item, "*".
    Found.Policy p = (Found.Policy) text(head + "!Select [1, [!If [C, \"arn:aws:iam::111122223333:root\", !Ref AWS::NoValue],"
        + " \"arn:aws:iam::111122223333:root\", \"*\"]]" + tail).get(0);
    assertTrue(json(p).contains("\"Principal\":\"*\""), json(p));
    // An index past the list (or past any int) fails the stack; never an internal error here.
    p = (Found.Policy) text(head + "!Select [99999999999, [\"arn:aws:iam::111122223333:root\"]]" + tail).get(0);
    assertTrue(json(p).contains("\"Principal\":\"*\""), json(p));
    // Known items: the one at the index.
    p = (Found.Policy) text(head + "!Select [1, [\"*\", \"arn:aws:iam::111122223333:root\"]]" + tail).get(0);
    assertTrue(json(p).contains("\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}"), json(p));
  }

  /**
   * aws iam get-role: IAM returns the trust policy URL-encoded (IAM API Reference, Role: "URL-encoded compliant with
   * RFC 3986"), where "+" is itself, not a space (form encoding is not RFC 3986); malformed text is refused, located.
   */
  @Test
  void aRolesUrlEncodedTrustPolicyIsDecodedStrictly() {
    String encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22*%22%7D%2C"
        + "%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Condition%22%3A%7B%22StringEquals%22%3A%7B%22aws%3APrincipalTag%2Fk%22%3A%22a+b%22"
        + "%7D%7D%7D%5D%7D";
    Found f = Inputs.read("role.json", ("{\"Role\": {\"RoleName\": \"r\", \"AssumeRolePolicyDocument\": \"" + encoded + "\"}}")
        .getBytes(StandardCharsets.UTF_8), Map.of(), null).found().get(0);
    assertTrue(json(f).contains("\"aws:PrincipalTag/k\":\"a+b\""), json(f));
    f = Inputs.read("role.json", "{\"Role\": {\"RoleName\": \"r\", \"AssumeRolePolicyDocument\": \"%7B%2\"}}"
        .getBytes(StandardCharsets.UTF_8), Map.of(), null).found().get(0);
    assertTrue(f instanceof Found.Broken b && b.reason().contains("RFC 3986") && f.loc().line() == 1, f.toString());
  }
}
