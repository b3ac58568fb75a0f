package dev.hornbeam.policy.resource;

/**
 * A rule of a resource type's meaning of public beyond the rules every type shares
 * ({@code dev.hornbeam.policy.universe.PublicMeaning}).
 *
 * @param key the condition key it is about, lower case
 * @param restricts whether a fixed value of the key restricts who may call (a caller outside the policy
 *     cannot choose it); false records a key that looks restricting but is not, so that nobody adds it
 * @param why the rule in words
 * @param page the AWS documentation page it comes from
 */
public record PublicRule(String key, boolean restricts, String why, String page) {}
