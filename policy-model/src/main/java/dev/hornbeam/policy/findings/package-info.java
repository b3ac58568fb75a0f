/**
 * Who has access: the zone of trust, and findings as cubes over the policy's own atoms (its principal
 * entries, action and resource patterns, and single-valued condition tests), each a small policy so that
 * the reference evaluator and the encoder read it the same way. The search that finds them is in the
 * portfolio module ({@code dev.hornbeam.portfolio.findings}); the symbolic zone in smt-encoder.
 */
package dev.hornbeam.policy.findings;
