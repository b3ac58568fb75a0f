package dev.hornbeam.policy.eval;

/**
 * The decision of one policy for one request (IAM User Guide, "Policy evaluation logic": an explicit
 * deny overrides any allow; without an applicable allow the request is implicitly denied).
 */
public enum Outcome {
  ALLOW,
  EXPLICIT_DENY,
  IMPLICIT_DENY
}
