package dev.hornbeam.policy.source;

import dev.hornbeam.policy.parse.CliOutput;
import dev.hornbeam.policy.parse.PercentDecoding;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a file where users keep policies and says what it is: a Terraform configuration file (by its name,
 * {@code .tf}, with the other {@code .tf} files of its directory for the data sources it uses), a CloudFormation
 * template, a Terraform plan,
 * an AWS CLI output at the place the registry names for a type ({@link CliOutput}; {@code aws iam get-role} here),
 * or a policy document (JSON or YAML), whose type the user gives.
 */
public final class Inputs {
  private Inputs() {}

  /** TERRAFORM is a plan ({@code terraform show -json}), TERRAFORM_CONFIG a configuration file ({@code .tf}). */
  public enum Format { CLOUDFORMATION, TERRAFORM, TERRAFORM_CONFIG, AWS_CLI, POLICY }

  /**
   * @param found its policies (for {@link Format#POLICY}, the one policy, with the type given, or none when
   *     no type was given)
   */
  public record Read(Format format, List<Found> found) {}

  /**
   * @param given values of CloudFormation parameters and pseudo parameters given by the user
   * @param policyType the type of a plain policy document (a CloudFormation name), or null when not given
   */
  public static Read read(String file, byte[] bytes, Map<String, String> given, String policyType) {
    if (TerraformConfig.isConfig(file)) {
      return new Read(Format.TERRAFORM_CONFIG, TerraformConfig.extract(file, bytes, TerraformConfig.siblings(file)));
    }
    Node root;
    try {
      root = SourceReader.read(bytes);
    } catch (SourceException e) {
      return new Read(Format.POLICY, List.of(new Found.Broken(file, e.loc(), "-", "-", e.getMessage())));
    }
    if (CloudFormation.isTemplate(root)) {
      return new Read(Format.CLOUDFORMATION, CloudFormation.extract(file, root, given));
    }
    if (Terraform.isPlan(root)) {
      return new Read(Format.TERRAFORM, Terraform.extract(file, root));
    }
    Optional<CliOutput.Unwrapped> cli = SourceReader.isJson(bytes) ? CliOutput.unwrap(bytes) : Optional.empty();
    if (cli.isPresent()) {
      return cliOutput(file, root, cli.get(), policyType);
    }
    // aws iam get-role: the trust policy an object (as the AWS CLI prints it) or URL-encoded (as IAM returns it), in
    // exactly the output's shape (the members the registry says the command prints).
    List<java.util.Set<String>> printed = ResourceType.IAM_ROLE_TRUST.cliLocation().orElseThrow().printed();
    if (root instanceof Node.Obj o && o.members().get("Role") instanceof Node.Obj role
        && role.members().containsKey("AssumeRolePolicyDocument") && printed.get(0).containsAll(o.members().keySet())
        && printed.get(1).containsAll(role.members().keySet())) {
      Node doc = role.members().get("AssumeRolePolicyDocument");
      String name = role.members().get("RoleName") instanceof Node.Scalar n ? n.text() : "-";
      try {
        if (doc instanceof Node.Scalar s && s.text().startsWith("%")) {
          // IAM's API returns the document URL-encoded (RFC 3986, where "+" is itself); AWS CLI v2 prints it decoded.
          // IAM API Reference, Role.
          doc = Node.Scalar.string(PercentDecoding.decode(s.text()), s.loc());
        }
        return new Read(Format.AWS_CLI, List.of(new Found.Policy(file, doc.loc(), name, "aws iam get-role",
            ResourceType.IAM_ROLE_TRUST.cloudFormationName(), "Role/AssumeRolePolicyDocument", CloudFormation.document(doc))));
      } catch (SourceException e) {
        return new Read(Format.AWS_CLI, List.of(new Found.Broken(file, doc.loc(), name, "aws iam get-role", e.getMessage())));
      } catch (PercentDecoding.Malformed e) {
        return new Read(Format.AWS_CLI, List.of(new Found.Broken(file, doc.loc(), name, "aws iam get-role",
            "Role/AssumeRolePolicyDocument is not URL-encoded JSON text (RFC 3986, as IAM returns a trust policy): " + e.getMessage())));
      }
    }
    if (policyType == null) {
      return new Read(Format.POLICY, List.of());
    }
    return new Read(Format.POLICY, List.of(new Found.Policy(file, root.loc(), "-", "policy", policyType, "", root)));
  }

  /**
   * An AWS CLI output at a place the registry names ({@link CliOutput}). When only one type's command prints its
   * shape, its policy of that type ({@code --type}, if given, must be it); when several do ({@code {"Policy": "…"}}),
   * read as a policy document is: it needs the type, which must be one of theirs.
   */
  private static Read cliOutput(String file, Node root, CliOutput.Unwrapped u, String policyType) {
    Node at = root;
    for (String member : u.pointer().substring(1).split("/")) {
      at = at instanceof Node.Obj o && o.members().get(member) != null ? o.members().get(member) : at;
    }
    Format format = u.types().size() == 1 ? Format.AWS_CLI : Format.POLICY;
    if (policyType == null && format == Format.POLICY) {
      return new Read(Format.POLICY, List.of());
    }
    ResourceType type = u.types().get(0);
    if (policyType != null) {
      Optional<ResourceType> given = ResourceType.ofCloudFormationName(policyType);
      Optional<String> mismatch = given.isEmpty() ? Optional.of("the AWS CLI output (" + u.commands() + ") is the policy of "
          + u.typeNames() + ", not of " + policyType) : u.mismatch(given.get());
      if (mismatch.isPresent()) {
        return new Read(format, List.of(new Found.Broken(file, at.loc(), "-", u.commands(), mismatch.get())));
      }
      type = given.get();
    }
    String where = u.pointer().substring(1);
    String name = name(root);
    try {
      return new Read(format, List.of(new Found.Policy(file, at.loc(), name, u.commands(), type.cloudFormationName(), where,
          SourceReader.read(u.policy()))));
    } catch (SourceException e) {
      return new Read(format, List.of(new Found.Broken(file, at.loc(), name, u.commands(), where + ": " + e.getMessage())));
    }
  }

  /**
   * Members an AWS CLI output names its resource by, beside the policy (Secrets Manager's Name, ECR's repositoryName,
   * Backup's BackupVaultName, EFS's FileSystemId, API Gateway's name; AWS CLI Command Reference, each command's "Output"): what the verdict
   * line calls the resource. Only a label: the shape the output must have is the registry's.
   */
  private static final List<String> NAME_MEMBERS = List.of("Name", "repositoryName", "BackupVaultName", "FileSystemId", "name");

  private static String name(Node root) {
    if (root instanceof Node.Obj o) {
      for (String member : NAME_MEMBERS) {
        if (o.members().get(member) instanceof Node.Scalar n && n.kind() == Node.Kind.STRING && !n.text().isBlank()) {
          return n.text();
        }
      }
    }
    return "-";
  }
}
