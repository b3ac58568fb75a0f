package dev.hornbeam.policy.source;

import java.util.List;

/**
 * What an input holds, one entry per policy (or per thing that should have been one): where it is (file,
 * line and column), the resource's name (a CloudFormation logical id, a Terraform address, a CLI command)
 * and its type in the input.
 */
public sealed interface Found {
  String file();

  Loc loc();

  /** The logical id, Terraform address or CLI command. */
  String name();

  /** The CloudFormation or Terraform resource type, or the CLI command's output. */
  String sourceType();

  /** {@code file:line} (the line left out when not known). */
  default String place() {
    return file() + (loc().line() > 0 ? ":" + loc().line() : "");
  }

  /**
   * A policy document.
   *
   * @param policyType the resource type it is for, by its CloudFormation name (as IAM Access Analyzer's
   *     resourceType); empty for an identity policy
   * @param where the property or attribute holding it ({@code PolicyDocument})
   * @param document the document, intrinsic functions resolved where their value is known
   * @param notes what else the reader has to say about it, one line each (a Terraform resource with {@code count}:
   *     how many copies of the policy there will be is not known)
   */
  record Policy(String file, Loc loc, String name, String sourceType, String policyType, String where, Node document,
      List<String> notes) implements Found {
    public Policy {
      notes = List.copyOf(notes);
    }

    public Policy(String file, Loc loc, String name, String sourceType, String policyType, String where, Node document) {
      this(file, loc, name, sourceType, policyType, where, document, List.of());
    }

    public boolean identity() {
      return policyType.isEmpty();
    }

    /** The policy widened: every unknown as any value it may take ({@link Widening}). */
    public Widening.Widened widened() {
      return Widening.widen(document, identity());
    }

    /**
     * The policies to check for it: the deploying account and partition as each value that decides the answer
     * where that is exact, every other unknown widened ({@link Deployment}); its answer is the worst of theirs.
     */
    public Deployment.Variants variants() {
      return Deployment.of(document, identity());
    }
  }

  /** Something that holds, or may hold, a policy Hornbeam cannot check; {@code reason} says what and why. */
  record Unsupported(String file, Loc loc, String name, String sourceType, String reason) implements Found {}

  /** A part of the input that cannot be read as what it should be; {@code reason} names the rule. */
  record Broken(String file, Loc loc, String name, String sourceType, String reason) implements Found {}
}
