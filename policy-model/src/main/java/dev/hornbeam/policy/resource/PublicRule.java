package dev.hornbeam.policy.resource;

/**
 * A rule of a resource type's meaning of public beyond the rules every type shares
 * ({@code dev.hornbeam.policy.universe.PublicMeaning}).
 *
 * @param key the condition key it is about, lower case
 * @param restricts whether a fixed value of the key restricts who may call (a caller outside the policy
 *     cannot choose it); false records a key that looks restricting but is not, so that nobody adds it
 * @param namePattern whether a value with a fixed account and a wildcard only as the whole name (an ARN
 *     ending in {@code accesspoint/*}) restricts as well: true for s3:DataAccessPointArn in a bucket
 *     policy, false in an access point policy (Amazon S3 User Guide, "The meaning of public", "Access
 *     points"); only read for s3:DataAccessPointArn ({@code PublicMeaning.fixedPrefixes})
 * @param why the rule in words
 * @param page the AWS documentation page it comes from
 */
public record PublicRule(String key, boolean restricts, boolean namePattern, String why, String page) {
  /** A rule whose key restricts, or not, through fixed values only. */
  public PublicRule(String key, boolean restricts, String why, String page) {
    this(key, restricts, false, why, page);
  }
}
