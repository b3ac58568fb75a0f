package dev.hornbeam.policy.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policy resources attached to more than one type, typed by the ARN they name (by-arn.yaml, hand-written): a
 * literal ARN, Ref / Fn::GetAtt of the template's resource, Fn::Sub with unknown parts; UNSUPPORTED, at the ARN's
 * line, when the ARN may name more than one type or none that Hornbeam knows.
 */
class ArnTypingTest {
  private static final String F = "by-arn.yaml";

  private static String line(Found f) {
    return f.place() + " " + f.name() + " " + f.sourceType() + " "
        + (f instanceof Found.Policy p ? p.policyType() : f.getClass().getSimpleName());
  }

  private static String reason(List<Found> found, String name) {
    Found f = found.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    return f instanceof Found.Unsupported u ? u.reason() : ((Found.Broken) f).reason();
  }

  @Test
  void eachPolicyTypedByItsResourceArn() throws IOException {
    assertEquals(List.of(
        F + ":39 LiteralDashboard AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::Dashboard",
        F + ":49 LiteralStore AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::EventDataStore",
        F + ":57 LiteralChannel AWS::CloudTrail::ResourcePolicy Unsupported",
        F + ":63 GetAttDashboard AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::Dashboard",
        F + ":68 RefStore AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::EventDataStore",
        F + ":72 SubOfChannel AWS::CloudTrail::ResourcePolicy Unsupported",
        F + ":78 SubDashboard AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::Dashboard",
        F + ":82 ParameterArn AWS::CloudTrail::ResourcePolicy Unsupported",
        F + ":87 EitherArn AWS::CloudTrail::ResourcePolicy Unsupported",
        F + ":93 NoArn AWS::CloudTrail::ResourcePolicy Broken",
        F + ":100 StreamPolicy AWS::Kinesis::ResourcePolicy AWS::Kinesis::Stream",
        F + ":105 ConsumerPolicy AWS::Kinesis::ResourcePolicy AWS::Kinesis::StreamConsumer",
        F + ":110 LiteralConsumerPolicy AWS::Kinesis::ResourcePolicy AWS::Kinesis::StreamConsumer",
        F + ":114 SubStreamPolicy AWS::Kinesis::ResourcePolicy Unsupported",
        F + ":119 BucketArnPolicy AWS::Kinesis::ResourcePolicy Unsupported",
        F + ":130 ConsumersStreamPolicy AWS::Kinesis::ResourcePolicy AWS::Kinesis::Stream",
        F + ":135 SubOfConsumersStream AWS::Kinesis::ResourcePolicy AWS::Kinesis::Stream",
        F + ":140 RefConsumer AWS::Kinesis::ResourcePolicy AWS::Kinesis::StreamConsumer",
        F + ":144 ConsumerNamePolicy AWS::Kinesis::ResourcePolicy Unsupported",
        F + ":149 RefStream AWS::Kinesis::ResourcePolicy Unsupported",
        F + ":154 TablesStreamPolicy AWS::Kinesis::ResourcePolicy Unsupported"),
        CloudFormationTest.read(F, Map.of()).stream().map(ArnTypingTest::line).toList());
  }

  @Test
  void theMessagesNameTheArnAndTheCandidates() throws IOException {
    List<Found> found = CloudFormationTest.read(F, Map.of());
    assertEquals("Properties/ResourceArn \"arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567890\" is the ARN of none of"
        + " the types this policy may be for (AWS::CloudTrail::EventDataStore or AWS::CloudTrail::Dashboard), so Hornbeam does not"
        + " know which resource's policy it is (AWS::CloudTrail::EventDataStore: \"channel/01234567890\" is not eventdatastore/ and an"
        + " id, as arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-ee54-4813-92d5-999aeEXAMPLE;"
        + " AWS::CloudTrail::Dashboard: \"channel/01234567890\" is not dashboard/ and a dashboard name, as"
        + " arn:aws:cloudtrail:us-east-1:111122223333:dashboard/my-dashboard)", reason(found, "LiteralChannel"));
    assertEquals("Properties/ResourceArn {\"Fn::Sub\": \"${Channel.ChannelArn}\"} is the ARN of an AWS::CloudTrail::Channel (Channel's"
        + " ChannelArn), which is none of the types this policy may be for (AWS::CloudTrail::EventDataStore or"
        + " AWS::CloudTrail::Dashboard)",
        reason(found, "SubOfChannel"));
    assertEquals("Properties/ResourceArn is not known before deployment (Ref TargetArn), and the policy's type depends on it: it may be"
        + " an AWS::CloudTrail::EventDataStore or AWS::CloudTrail::Dashboard; write the ARN, name the resource with Fn::GetAtt or"
        + " Ref of it in the same template, or give the parameters' values", reason(found, "ParameterArn"));
    assertEquals("Properties/ResourceArn is not known before deployment (Fn::If [Dashboard, …] (the condition depends on values not"
        + " known)), and the policy's type depends on it: it may be an AWS::CloudTrail::Dashboard or"
        + " AWS::CloudTrail::EventDataStore; write the ARN, name the resource with Fn::GetAtt or Ref of it in the same template, or"
        + " give the parameters' values", reason(found, "EitherArn"));
    // a stream's name may hold anything a parameter holds, "/consumer/…" too
    assertEquals("Properties/ResourceArn is not known before deployment (${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId},"
        + " ${StreamName}), and the policy's type depends on it: it may be an AWS::Kinesis::Stream or AWS::Kinesis::StreamConsumer;"
        + " write the ARN, name the resource with Fn::GetAtt or Ref of it in the same template, or give the parameters' values",
        reason(found, "SubStreamPolicy"));
    assertEquals("Properties/ResourceArn is required: it names the resource this policy is attached to, and so its type",
        reason(found, "NoArn"));
  }

  /** Ref and Fn::GetAtt type the policy by what the attribute is the ARN of, not by the resource named. */
  @Test
  void theAttributeDecidesNotTheResource() throws IOException {
    List<Found> found = CloudFormationTest.read(F, Map.of());
    assertEquals("Properties/ResourceArn {\"Fn::GetAtt\": [\"Table\", \"StreamArn\"]} is the ARN of an AWS::DynamoDB::Stream (Table's"
        + " StreamArn), which is none of the types this policy may be for (AWS::Kinesis::Stream or AWS::Kinesis::StreamConsumer)",
        reason(found, "TablesStreamPolicy"));
    assertEquals("Properties/ResourceArn {\"Fn::GetAtt\": [\"Consumer\", \"ConsumerName\"]} is Consumer's ConsumerName (an"
        + " AWS::Kinesis::StreamConsumer), which Hornbeam does not know as the ARN of any type, and the policy's type depends on it:"
        + " it may be an AWS::Kinesis::Stream or AWS::Kinesis::StreamConsumer; write the ARN, or name the resource with the"
        + " attribute that returns its ARN", reason(found, "ConsumerNamePolicy"));
    // Ref of a stream is its name (CloudFormation Template Reference, AWS::Kinesis::Stream, "Return values")
    assertEquals("Properties/ResourceArn {\"Ref\": \"Stream\"} is Stream's Ref (an AWS::Kinesis::Stream), which Hornbeam"
        + " does not know as the ARN of any type, and the policy's type depends on it: it may be an AWS::Kinesis::Stream or"
        + " AWS::Kinesis::StreamConsumer; write the ARN, or name the resource with the attribute that returns its ARN", reason(found, "RefStream"));
  }

  /** A parameter's value, once given, types the policy; so does a condition decided by it. */
  @Test
  void givenValuesDecide() throws IOException {
    List<Found> found = CloudFormationTest.read(F, Map.of("TargetArn", "arn:aws:cloudtrail:eu-west-1:111122223333:dashboard/d",
        "StreamName", "s", "UseDashboard", "no"));
    List<String> lines = found.stream().map(ArnTypingTest::line).toList();
    assertEquals(F + ":83 ParameterArn AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::Dashboard", lines.get(7));
    assertEquals(F + ":91 EitherArn AWS::CloudTrail::ResourcePolicy AWS::CloudTrail::EventDataStore", lines.get(8));
    assertEquals(F + ":115 SubStreamPolicy AWS::Kinesis::ResourcePolicy AWS::Kinesis::Stream", lines.get(13));
  }

  /** Terraform's aws_kinesis_resource_policy and aws_dynamodb_resource_policy: resource_arn decides, known or not. */
  @Test
  void terraformResourceArn() {
    String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":["
        + res("aws_kinesis_resource_policy", "c", "arn:aws:kinesis:us-east-1:111122223333:stream/s/consumer/c:1700000000")
        + "," + res("aws_kinesis_resource_policy", "s", "arn:aws:kinesis:us-east-1:111122223333:stream/s")
        + "," + res("aws_dynamodb_resource_policy", "st", "arn:aws:dynamodb:us-east-1:111122223333:table/tbl/stream/2024-02-12T18:57:26.492")
        + "," + res("aws_dynamodb_resource_policy", "t", "arn:aws:dynamodb:us-east-1:111122223333:table/tbl")
        + "," + res("aws_dynamodb_resource_policy", "u", null) + "]}}}";
    List<Found> found = Inputs.read("plan.json", plan.getBytes(StandardCharsets.UTF_8), Map.of(), null).found();
    assertEquals(List.of(
        "plan.json:1 aws_kinesis_resource_policy.c aws_kinesis_resource_policy AWS::Kinesis::StreamConsumer",
        "plan.json:1 aws_kinesis_resource_policy.s aws_kinesis_resource_policy AWS::Kinesis::Stream",
        "plan.json:1 aws_dynamodb_resource_policy.st aws_dynamodb_resource_policy AWS::DynamoDB::Stream",
        "plan.json:1 aws_dynamodb_resource_policy.t aws_dynamodb_resource_policy AWS::DynamoDB::Table",
        "plan.json:1 aws_dynamodb_resource_policy.u aws_dynamodb_resource_policy Unsupported"),
        found.stream().map(ArnTypingTest::line).toList());
    assertEquals("resource_arn is not known before deployment (not in the plan: aws_dynamodb_resource_policy.u.resource_arn), and the"
        + " policy's type depends on it: it may be an AWS::DynamoDB::Table or AWS::DynamoDB::Stream; check a plan or state in which"
        + " the ARN is known", ((Found.Unsupported) found.get(4)).reason());
  }

  private static String res(String type, String name, String arn) {
    return "{\"address\":\"" + type + "." + name + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name + "\","
        + "\"values\":{" + (arn == null ? "" : "\"resource_arn\":\"" + arn + "\",") + "\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\","
        + "\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}}";
  }
}
