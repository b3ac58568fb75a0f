package dev.hornbeam.policy.parse;

/**
 * What a policy is attached to, which decides whether it names principals (IAM User Guide, "AWS JSON
 * policy elements: Principal": "You cannot use the Principal element in an identity-based policy";
 * resource-based policies must name one).
 */
public enum PolicyKind {
  /** Bucket, key, queue, topic, trust and other resource-based policies: Principal or NotPrincipal required. */
  RESOURCE,
  /** Identity-based policies, permission boundaries, session policies and SCPs: no Principal. */
  IDENTITY
}
