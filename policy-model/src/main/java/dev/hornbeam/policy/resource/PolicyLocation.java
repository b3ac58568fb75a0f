package dev.hornbeam.policy.resource;

import java.util.List;
import java.util.Set;

/**
 * Where a tool's output holds a resource's policy document.
 *
 * @param source the tool: an AWS CLI command ({@code aws s3api get-bucket-policy}) or an AWS Config
 *     resource type (as a configuration item names it: {@code AWS::IAM::Role} holds the trust policy of
 *     the registry's role trust policy type)
 * @param path the members from the output's top to the policy, each possibly holding JSON text to decode
 *     first (AWS Config gives some members as JSON strings)
 * @param noPolicy which values of the last member mean that the resource has no policy; any other value
 *     that is not a policy in the {@code encoding} is not knowing whether there is one (fail closed)
 * @param encoding how the policy is written at the end of the path
 * @param page the AWS documentation page or published source this comes from
 * @param printed for an AWS CLI command, the members it prints in each object on the path, one set a level
 *     (the first the output's top), each including the path's member; {@link #ANY_MEMBER} for a map, whose
 *     keys are any names (get-queue-attributes' Attributes). Empty for AWS Config: an output is recognised by
 *     having only these members (AWS CLI Command Reference, each command's "Output", from the service model)
 */
public record PolicyLocation(String source, List<String> path, Set<NoPolicy> noPolicy, Encoding encoding, String page,
    List<Set<String>> printed) {
  /** A level of {@link #printed} that is a map: any member may be beside the path's. */
  public static final Set<String> ANY_MEMBER = Set.of("*");

  public PolicyLocation {
    path = List.copyOf(path);
    noPolicy = Set.copyOf(noPolicy);
    printed = printed.stream().map(Set::copyOf).toList();
    if (!printed.isEmpty() && printed.size() != path.size()) {
      throw new IllegalArgumentException("one set of printed members for each member of " + source + "'s path: " + path);
    }
    for (int i = 0; i < printed.size(); i++) {
      if (!printed.get(i).equals(ANY_MEMBER) && !printed.get(i).contains(path.get(i))) {
        throw new IllegalArgumentException(source + " prints " + path.get(i) + " among " + printed.get(i));
      }
    }
  }

  public PolicyLocation(String source, List<String> path, Set<NoPolicy> noPolicy, Encoding encoding, String page) {
    this(source, path, noPolicy, encoding, page, List.of());
  }

  /** The values of a policy member that say "this resource has no policy". */
  public enum NoPolicy {
    /** The member is missing from its (present) parent: an SQS queue's attributes without {@code Policy}. */
    ABSENT,
    /** The member is JSON {@code null}: an S3 bucket's {@code policyText} without a bucket policy. */
    NULL,
    /** The member is an empty JSON object: an S3 access point's {@code Policy} without a policy. */
    EMPTY_OBJECT
  }

  /** How the policy is written in the member. */
  public enum Encoding {
    /**
     * A JSON string holding the policy's JSON text, possibly JSON-encoded again (a string holding a JSON
     * string literal, as AWS Config writes some KMS key policies). Any other kind of value is a bad record.
     */
    JSON_TEXT,
    /**
     * A string holding the policy's JSON text percent-encoded (RFC 3986), as IAM returns policies: IAM API
     * Reference, "Role" data type, AssumeRolePolicyDocument ("URL-encoded compliant with RFC 3986").
     * Decoded strictly: a {@code %} not followed by two hexadecimal digits, bytes that are not UTF-8 or a
     * literal {@code {} (text that was never encoded) are a bad record; {@code +} stays {@code +}.
     */
    URL_ENCODED_JSON_TEXT,
    /**
     * The policy as a JSON object (its members kept in order, numbers as written; a member twice is a bad
     * record), or a JSON string holding its text: configuration items of types AWS Config reads through
     * the CloudFormation resource schema, where the policy property is of type object.
     */
    JSON_OBJECT_OR_TEXT,
    /**
     * A JSON string holding the policy's JSON text escaped once more, the body of a JSON string literal
     * ({@code {\"Version\":…}}, slashes possibly {@code \/}), as API Gateway returns a REST API's policy:
     * decoded as that literal (the Terraform AWS provider's aws_api_gateway_rest_api reads it so,
     * hashicorp/terraform-provider-aws pull requests 4211 and 4606). Text that is not such a body is a bad record.
     */
    ESCAPED_JSON_TEXT
  }

  /** Whether the last member's absence, inside a present parent, means the resource has no policy. */
  public boolean absentMeansNoPolicy() {
    return noPolicy.contains(NoPolicy.ABSENT);
  }

  /** The path as text, e.g. {@code supplementaryConfiguration.BucketPolicy.policyText}. */
  public String dotted() {
    return String.join(".", path);
  }
}
