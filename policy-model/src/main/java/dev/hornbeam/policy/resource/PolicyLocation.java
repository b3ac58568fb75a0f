package dev.hornbeam.policy.resource;

import java.util.List;

/**
 * Where a tool's output holds a resource's policy document.
 *
 * @param source the tool: an AWS CLI command ({@code aws s3api get-bucket-policy}) or an AWS Config
 *     resource type (as a configuration item names it)
 * @param path the members from the output's top to the policy, each possibly holding JSON text to decode
 *     first (AWS Config gives some members as JSON strings)
 * @param absentMeansNoPolicy whether the last member's absence, inside a present parent, means the resource
 *     has no policy (an SQS queue's attributes without {@code Policy}); otherwise a missing member is not
 *     knowing whether there is a policy
 * @param page the AWS documentation page this comes from
 */
public record PolicyLocation(String source, List<String> path, boolean absentMeansNoPolicy, String page) {
  public PolicyLocation {
    path = List.copyOf(path);
  }

  /** The path as text, e.g. {@code supplementaryConfiguration.BucketPolicy.policyText}. */
  public String dotted() {
    return String.join(".", path);
  }
}
