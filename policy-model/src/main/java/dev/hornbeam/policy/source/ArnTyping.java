package dev.hornbeam.policy.source;

import dev.hornbeam.policy.eval.Arns;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type of a policy whose resource is named by an ARN property, for the policy resources that attach to more
 * than one type ({@code AWS::CloudTrail::ResourcePolicy}: an event data store, a dashboard or a channel; {@code
 * AWS::Kinesis::ResourcePolicy}: a stream or a consumer; {@link PolicyPlaces.Place#arnTypes}). The type is the one
 * candidate whose ARN shape may be the value's: its service and resource fields ({@link ResourceType#mayName}),
 * the partition, region and account not looked at (they do not tell the types apart, and CloudTrail's own
 * ResourceArn pattern, {@code ^[a-zA-Z0-9._/\-:]+$}, does not constrain them either).
 *
 * <p>A value not known before deployment is decided only when a single candidate may fit it: in a string with
 * unknown parts, the resource field's known text up to its first unknown part must be able to start an ARN of
 * the type; an unknown before the resource field must be a pseudo parameter that holds no {@code :} ({@code
 * AWS::Region}, {@code AWS::AccountId}, {@code AWS::Partition}, {@code AWS::URLSuffix}), or the fields cannot be
 * told apart. When more than one candidate may fit, or none, the policy is not checked as any of them: the
 * caller reports it UNSUPPORTED at the ARN's place (fail closed: checking it as one type could miss a rule of
 * the other), naming the candidates and how to make the ARN known.
 */
final class ArnTyping {
  private ArnTyping() {}

  /** The outcome: the type's CloudFormation name, or why there is none. */
  sealed interface Typed {}

  record Of(String type) implements Typed {}

  record None(String reason) implements Typed {}

  /**
   * Pseudo parameters whose values hold no {@code :} (CloudFormation User Guide, "Pseudo parameters reference":
   * an account id, a region name, a partition, a domain suffix), as {@link CloudFormation} names their unknowns.
   */
  private static final Pattern COLON_FREE =
      Pattern.compile("(Ref |\\$\\{)AWS::(AccountId|Region|Partition|URLSuffix)}?");

  /**
   * What a resource's attribute returns the ARN of, keyed {@code "TYPE ATTRIBUTE"} ({@code Ref} as the attribute
   * {@code "Ref"}): a CloudFormation name, of a registry type or of one outside it (named in messages). An attribute not
   * here is not known to be an ARN of any type: the policy is then not typed by it.
   */
  private static final Map<String, String> ARN_ATTRIBUTES = Map.ofEntries(
      // CloudFormation Template Reference, "Return values" of each type. A Kinesis stream: Ref returns the stream's
      // name, Fn::GetAtt Arn its ARN. A Kinesis stream consumer: Ref and ConsumerARN return the consumer's ARN;
      // StreamARN is "the ARN of the stream with which you registered the consumer". A DynamoDB table: Ref returns
      // the table's name, Arn its ARN, StreamArn "the ARN of the DynamoDB stream". A CloudTrail event data store,
      // dashboard and channel: Ref returns the primary identifier, EventDataStoreArn, DashboardArn or ChannelArn.
      Map.entry(ResourceType.KINESIS_STREAM.cloudFormationName() + " Arn", ResourceType.KINESIS_STREAM.cloudFormationName()),
      Map.entry(ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName() + " Ref", ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName()),
      Map.entry(ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName() + " ConsumerARN",
          ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName()),
      Map.entry(ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName() + " StreamARN", ResourceType.KINESIS_STREAM.cloudFormationName()),
      Map.entry(ResourceType.DYNAMODB_TABLE.cloudFormationName() + " Arn", ResourceType.DYNAMODB_TABLE.cloudFormationName()),
      Map.entry(ResourceType.DYNAMODB_TABLE.cloudFormationName() + " StreamArn", ResourceType.DYNAMODB_STREAM.cloudFormationName()),
      Map.entry(ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName() + " Ref",
          ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName()),
      Map.entry(ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName() + " EventDataStoreArn",
          ResourceType.CLOUDTRAIL_EVENT_DATA_STORE.cloudFormationName()),
      Map.entry(ResourceType.CLOUDTRAIL_DASHBOARD.cloudFormationName() + " Ref", ResourceType.CLOUDTRAIL_DASHBOARD.cloudFormationName()),
      Map.entry(ResourceType.CLOUDTRAIL_DASHBOARD.cloudFormationName() + " DashboardArn", ResourceType.CLOUDTRAIL_DASHBOARD.cloudFormationName()),
      Map.entry("AWS::CloudTrail::Channel Ref", "AWS::CloudTrail::Channel"),
      Map.entry("AWS::CloudTrail::Channel ChannelArn", "AWS::CloudTrail::Channel"),
      // Terraform AWS provider documentation, "Attribute Reference" of each resource: aws_kinesis_stream's arn;
      // aws_kinesis_stream_consumer's arn (the consumer's) and stream_arn (the stream it is registered with);
      // aws_dynamodb_table's arn (the table's) and stream_arn ("ARN of the Table Stream").
      Map.entry("aws_kinesis_stream arn", ResourceType.KINESIS_STREAM.cloudFormationName()),
      Map.entry("aws_kinesis_stream_consumer arn", ResourceType.KINESIS_STREAM_CONSUMER.cloudFormationName()),
      Map.entry("aws_kinesis_stream_consumer stream_arn", ResourceType.KINESIS_STREAM.cloudFormationName()),
      Map.entry("aws_dynamodb_table arn", ResourceType.DYNAMODB_TABLE.cloudFormationName()),
      Map.entry("aws_dynamodb_table stream_arn", ResourceType.DYNAMODB_STREAM.cloudFormationName()));

  /**
   * The type of the policy whose resource's ARN is the attribute {@code attribute} ({@code Ref} for CloudFormation's Ref)
   * of a resource of type {@code resourceType} ({@code name} in messages), among {@code candidates}: the type whose ARN
   * that attribute returns ({@link #ARN_ATTRIBUTES}), never the resource's own type alone (a consumer's StreamARN is
   * its stream's). An attribute not known to return an ARN of a type is {@link None}, naming the candidates.
   *
   * @param written the ARN property as written, for messages
   */
  static Typed ofAttribute(String property, String written, String name, String resourceType, String attribute, List<String> candidates) {
    String type = ARN_ATTRIBUTES.get(resourceType + " " + attribute);
    String of = name + "'s " + attribute;
    if (type == null) {
      return new None(property + " " + written + " is " + of + " (an " + resourceType + "), which Hornbeam does not know as the ARN of"
          + " any type, and the policy's type depends on it: it may be an " + String.join(" or ", candidates) + "; write the ARN, or"
          + " name the resource with the attribute that returns its ARN");
    }
    if (!candidates.contains(type)) {
      return new None(property + " " + written + " is the ARN of an " + type + " (" + of + "), which is none of the types this"
          + " policy may be for (" + String.join(" or ", candidates) + ")");
    }
    return new Of(type);
  }

  /**
   * The type of the policy whose resource's ARN is {@code value} (intrinsic functions resolved), among
   * {@code candidates} (CloudFormation names of registry types).
   *
   * @param property the ARN's property, for messages ({@code ResourceArn})
   * @param advice how the input can make the ARN known, for messages
   */
  static Typed of(String property, Node value, List<String> candidates, String advice) {
    List<ResourceType> types = candidates.stream().map(n -> ResourceType.ofCloudFormationName(n).orElseThrow(
        () -> new IllegalStateException("not a registry type: " + n))).toList();
    Set<ResourceType> fit = fitting(value, types);
    String names = names(types);
    if (fit.size() == 1) {
      return new Of(fit.iterator().next().cloudFormationName());
    }
    if (fit.isEmpty()) {
      String problems = types.stream().map(t -> t.cloudFormationName() + ": " + problem(t, value))
          .collect(Collectors.joining("; "));
      return new None(property + " " + Text.of(value) + " is the ARN of none of the types this policy may be for (" + names
          + "), so Hornbeam does not know which resource's policy it is (" + problems + ")");
    }
    List<String> unknowns = Node.unknowns(value).stream().map(Node.Unknown::expression).toList();
    return new None(property + " is not known before deployment (" + String.join(", ", unknowns) + "), and the policy's type"
        + " depends on it: it may be an " + names(new ArrayList<>(fit)) + "; " + advice);
  }

  private static String names(List<ResourceType> types) {
    return types.stream().map(ResourceType::cloudFormationName).collect(Collectors.joining(" or "));
  }

  private static String problem(ResourceType t, Node value) {
    if (value instanceof Node.Scalar s) {
      return t.arnProblem(s.text()).orElse("its service or resource field is not one");
    }
    return "its known parts cannot be one: " + t.arnShape().resourceText();
  }

  /** The candidates {@code value} may be the ARN of. */
  private static Set<ResourceType> fitting(Node value, List<ResourceType> types) {
    Set<ResourceType> out = new LinkedHashSet<>();
    if (value instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      List<String> f = Arns.fields(s.text());
      if (f != null && f.get(0).equals("arn")) {
        types.stream().filter(t -> t.mayName(f.get(2), f.get(5), true)).forEach(out::add);
      }
    } else if (value instanceof Node.Partial p) {
      List<List<Node>> f = fields(p);
      if (f == null) {
        out.addAll(types); // an unknown that may hold a ':' before the resource field: the fields are not known
      } else if (f.size() == 6 && (!literal(f.get(0)) || known(f.get(0)).equals("arn"))) {
        if (!literal(f.get(0)) || !literal(f.get(2))) {
          out.addAll(types); // "arn" or the service not known
        } else {
          types.stream().filter(t -> t.mayName(known(f.get(2)), known(f.get(5)), literal(f.get(5)))).forEach(out::add);
        }
      }
    } else if (value instanceof Node.Choice c) {
      if (c.maybeAbsent()) {
        out.addAll(types);
      }
      for (Node alt : c.alternatives()) {
        out.addAll(fitting(alt, types));
      }
    } else if (value instanceof Node.Unknown u) {
      if (u.domain().isEmpty()) {
        out.addAll(types);
      } else {
        for (String d : u.domain()) {
          out.addAll(fitting(Node.Scalar.string(d, u.loc()), types));
        }
      }
    }
    return out;
  }

  private static boolean literal(List<Node> field) {
    return field.stream().allMatch(x -> x instanceof Node.Scalar);
  }

  /** The known text at the start of a field (up to its first unknown part). */
  private static String known(List<Node> field) {
    StringBuilder b = new StringBuilder();
    for (Node x : field) {
      if (!(x instanceof Node.Scalar s)) {
        break;
      }
      b.append(s.text());
    }
    return b.toString();
  }

  /**
   * The six fields of an ARN with unknown parts, split on the first five {@code :} of its known text, each a list of
   * known text and unknowns (fewer than six when the known text has fewer {@code :}); {@code null} when an unknown
   * that may hold a {@code :} comes before the fifth.
   */
  private static List<List<Node>> fields(Node.Partial p) {
    List<List<Node>> fields = new ArrayList<>();
    List<Node> current = new ArrayList<>();
    for (Node piece : p.parts()) {
      if (piece instanceof Node.Scalar s) {
        String text = s.text();
        int start = 0;
        while (fields.size() < 5) {
          int colon = text.indexOf(':', start);
          if (colon < 0) {
            break;
          }
          if (colon > start) {
            current.add(Node.Scalar.string(text.substring(start, colon), s.loc()));
          }
          fields.add(current);
          current = new ArrayList<>();
          start = colon + 1;
        }
        if (start < text.length()) {
          current.add(Node.Scalar.string(text.substring(start), s.loc()));
        }
      } else {
        if (fields.size() < 5 && !(piece instanceof Node.Unknown u && colonFree(u))) {
          return null;
        }
        current.add(piece);
      }
    }
    fields.add(current);
    return fields;
  }

  private static boolean colonFree(Node.Unknown u) {
    return !u.domain().isEmpty() ? u.domain().stream().noneMatch(d -> d.contains(":")) : COLON_FREE.matcher(u.expression()).matches();
  }
}
