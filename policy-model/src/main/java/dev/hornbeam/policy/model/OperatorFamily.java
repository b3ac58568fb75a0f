package dev.hornbeam.policy.model;

/** What a condition operator compares, and so how its values must be written. */
public enum OperatorFamily {
  STRING,
  NUMERIC,
  DATE,
  BOOL,
  BINARY,
  IP_ADDRESS,
  ARN,
  NULL
}
