package dev.hornbeam.audit;

import java.util.Objects;

/**
 * One resource of an audit input, not yet checked.
 *
 * @param key unique and stable across runs of the same inputs: {@code <input>:<line or file>#<index>};
 *     the journal records finished resources by it
 * @param accountId the owning account (12 digits as given; not validated here)
 * @param arn the resource's ARN
 * @param resourceType CloudFormation type name as given (a name of {@code dev.hornbeam.policy.resource.ResourceType}); an unknown type is
 *     reported as INVALID by the runner, not dropped
 * @param policy the resource policy as JSON text, or {@code null} when the resource has none (a resource
 *     without a policy is NOT_PUBLIC by its policy: nothing grants access)
 * @param source where it was read, for messages: {@code file:line}
 */
public record ResourceRecord(String key, String accountId, String arn, String resourceType, String policy, String source) {
  public ResourceRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(source, "source");
  }
}
