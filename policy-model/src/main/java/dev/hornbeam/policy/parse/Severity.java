package dev.hornbeam.policy.parse;

/** ERROR makes a policy invalid; WARNING does not. */
public enum Severity {
  ERROR,
  WARNING
}
