package dev.hornbeam.policy.source;

import dev.hornbeam.policy.parse.PercentDecoding;
import dev.hornbeam.policy.resource.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * Reads a file where users keep policies and says what it is: a Terraform configuration file (by its name,
 * {@code .tf}, with the other {@code .tf} files of its directory for the data sources it uses), a CloudFormation
 * template, a Terraform plan,
 * an AWS CLI output naming its type ({@code aws iam get-role}, {@code aws secretsmanager
 * get-resource-policy}), or a policy document (JSON or YAML), whose type the user gives.
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
    if (root instanceof Node.Obj o && o.members().get("Role") instanceof Node.Obj role
        && role.members().containsKey("AssumeRolePolicyDocument")) {
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
    if (root instanceof Node.Obj o && o.members().get("ResourcePolicy") instanceof Node.Scalar rp && o.members().containsKey("ARN")
        && List.of("ARN", "Name", "ResourcePolicy").containsAll(o.members().keySet())) {
      String name = o.members().get("Name") instanceof Node.Scalar n ? n.text() : "-";
      try {
        return new Read(Format.AWS_CLI, List.of(new Found.Policy(file, rp.loc(), name, "aws secretsmanager get-resource-policy",
            ResourceType.SECRETS_MANAGER_SECRET.cloudFormationName(), "ResourcePolicy", CloudFormation.document(rp))));
      } catch (SourceException e) {
        return new Read(Format.AWS_CLI, List.of(new Found.Broken(file, rp.loc(), name, "aws secretsmanager get-resource-policy",
            e.getMessage())));
      }
    }
    if (policyType == null) {
      return new Read(Format.POLICY, List.of());
    }
    return new Read(Format.POLICY, List.of(new Found.Policy(file, root.loc(), "-", "policy", policyType, "", root)));
  }
}
