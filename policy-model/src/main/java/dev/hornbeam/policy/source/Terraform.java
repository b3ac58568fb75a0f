package dev.hornbeam.policy.source;

import dev.hornbeam.policy.resource.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource policies of a Terraform plan or state as {@code terraform show -json} prints it (Terraform
 * documentation, "JSON Output Format"): {@code resource_changes} (each with {@code change.after} and
 * {@code change.after_unknown}, where {@code true} marks a value known only after apply) when present, else
 * {@code planned_values.root_module} or {@code values.root_module} and their {@code child_modules}. A value
 * known only after apply is a {@link Node.Unknown}; so is a policy that planned_values leave out or give as null
 * (they do so for a value known only after apply); a resource being deleted has no policy to check.
 */
public final class Terraform {
  private Terraform() {}

  public static boolean isPlan(Node root) {
    return root instanceof Node.Obj o && o.members().containsKey("format_version")
        && (o.members().containsKey("resource_changes") || o.members().containsKey("planned_values") || o.members().containsKey("values"));
  }

  public static List<Found> extract(String file, Node root) {
    Node.Obj o = (Node.Obj) root;
    List<Found> out = new ArrayList<>();
    if (o.members().get("resource_changes") instanceof Node.Arr changes) {
      for (Node c : changes.items()) {
        if (!(c instanceof Node.Obj r) || !str(r, "mode").equals("managed")) {
          continue;
        }
        Node change = r.members().get("change");
        Node after = change instanceof Node.Obj ch ? ch.members().get("after") : null;
        Node unknown = change instanceof Node.Obj ch ? ch.members().get("after_unknown") : null;
        if (after == null || (after instanceof Node.Scalar s && s.kind() == Node.Kind.NULL)) {
          continue; // deleted: nothing will hold this policy
        }
        resource(file, r, after, unknown, false, out);
      }
      return out;
    }
    for (String top : List.of("planned_values", "values")) {
      if (o.members().get(top) instanceof Node.Obj v && v.members().get("root_module") instanceof Node.Obj m) {
        module(file, m, top.equals("planned_values"), out);
        return out;
      }
    }
    return out;
  }

  /** @param planned whether {@code m} is planned_values', which leave out (or give as null) what is known only after apply */
  private static void module(String file, Node.Obj m, boolean planned, List<Found> out) {
    if (m.members().get("resources") instanceof Node.Arr rs) {
      for (Node r : rs.items()) {
        if (r instanceof Node.Obj ro && str(ro, "mode").equals("managed")) {
          resource(file, ro, ro.members().get("values"), null, planned, out);
        }
      }
    }
    if (m.members().get("child_modules") instanceof Node.Arr cs) {
      for (Node c : cs.items()) {
        if (c instanceof Node.Obj co) {
          module(file, co, planned, out);
        }
      }
    }
  }

  private static String str(Node.Obj o, String k) {
    return o.members().get(k) instanceof Node.Scalar s ? s.text() : "";
  }

  private static void resource(String file, Node.Obj r, Node values, Node unknown, boolean planned, List<Found> out) {
    String type = str(r, "type");
    String address = str(r, "address");
    List<PolicyPlaces.Place> places = PolicyPlaces.of(PolicyPlaces.Format.TERRAFORM, type);
    Node v = marked(values == null ? new Node.Obj(Map.of(), r.loc()) : values, unknown, address, r.loc());
    if (places.isEmpty()) {
      if (TerraformConfig.awsProvider(type) && v instanceof Node.Obj vo) {
        for (Map.Entry<String, Node> e : vo.members().entrySet()) {
          if (e.getKey().contains("polic") && e.getValue() instanceof Node.Scalar s && s.text().contains("\"Statement\"")) {
            out.add(new Found.Unsupported(file, r.loc(), address, type, "the attribute " + e.getKey()
                + " holds a policy, and Hornbeam does not know the type " + type));
            return;
          }
        }
      }
      return;
    }
    for (PolicyPlaces.Place p : places) {
      try {
        String policyType = p.policyType();
        if (p.typedByArn()) {
          Node arn = v instanceof Node.Obj vo ? vo.members().get(p.arnProperty()) : null;
          if (arn == null || arn instanceof Node.Scalar s && s.kind() == Node.Kind.NULL) {
            // planned_values leave out what is known only after apply
            arn = new Node.Unknown("not in the plan: " + address + "." + p.arnProperty(), r.loc());
          }
          ArnTyping.Typed typed = ArnTyping.of(p.arnProperty(), arn, p.arnTypes(), "check a plan or state in which the ARN is known");
          if (typed instanceof ArnTyping.None none) {
            out.add(new Found.Unsupported(file, r.loc(), address, type, none.reason()));
            continue;
          }
          policyType = ((ArnTyping.Of) typed).type();
        }
        switch (p.holds()) {
          case RESOURCE_POLICY:
          case IDENTITY_POLICY: {
            Node doc = v instanceof Node.Obj vo ? vo.members().get(p.path()) : null;
            if (planned && (doc == null || doc instanceof Node.Scalar s && s.kind() == Node.Kind.NULL)) {
              // Terraform documentation, "JSON Output Format": planned_values' values "Any unknown values are omitted or set
              // to null, making them indistinguishable from absent values" — not known, never no policy.
              doc = new Node.Unknown("not in planned_values (a value known only after apply is left out or null there; a plan's"
                  + " resource_changes say which): " + address + "." + p.path(), r.loc());
            }
            if (doc == null || doc instanceof Node.Scalar s && (s.kind() == Node.Kind.NULL || s.text().isEmpty())) {
              continue;
            }
            Node document = CloudFormation.document(doc);
            if (type.equals(S3_BUCKET_POLICY)) {
              Node bucket = v instanceof Node.Obj vo ? vo.members().get("bucket") : null;
              ArnTyping.Typed typed = s3BucketPolicyType(bucket == null ? new Node.Unknown("not in the plan: " + address + ".bucket",
                  r.loc()) : bucket, document);
              if (typed instanceof ArnTyping.None none) {
                out.add(new Found.Unsupported(file, r.loc(), address, type, none.reason()));
                continue;
              }
              policyType = ((ArnTyping.Of) typed).type();
            }
            out.add(new Found.Policy(file, r.loc(), address, type, policyType, p.path(), document));
            break;
          }
          case LAMBDA_PERMISSION:
            out.add(new Found.Policy(file, r.loc(), address, type, p.policyType(), "values",
                LambdaPermission.policy(v, LambdaPermission.Style.TERRAFORM)));
            break;
          case NOT_CONVERTED:
            out.add(new Found.Unsupported(file, r.loc(), address, type, "Hornbeam does not turn " + type
                + " into the policy it grants yet (a resource of " + p.policyType() + ")"));
            break;
        }
      } catch (SourceException e) {
        out.add(new Found.Broken(file, r.loc(), address, type, e.getMessage()));
      }
    }
  }

  static final String S3_BUCKET_POLICY = "aws_s3_bucket_policy";

  /** A directory bucket's name ends so (Amazon S3 User Guide, "Directory bucket naming rules": base-name--zone-id--x-s3). */
  private static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

  /**
   * The type of an {@code aws_s3_bucket_policy}'s policy. The provider puts it with the S3 Express client when the bucket's
   * name is a directory bucket's (terraform-provider-aws, internal/service/s3/bucket_policy.go, resourceBucketPolicyPut:
   * {@code isDirectoryBucket(bucket)}, a name ending in --x-s3): then it is a directory bucket's ({@code ResourceType.S3_EXPRESS_DIRECTORY_BUCKET}),
   * whose question ranges over s3express actions, which an S3 bucket's does not look at. A bucket named by an
   * {@code aws_s3_bucket} or {@code aws_s3_directory_bucket} reference is of that kind; one whose name is not known
   * is an S3 bucket's policy only when no Allow statement may allow an s3express action, else neither is assumed.
   */
  static ArnTyping.Typed s3BucketPolicyType(Node bucket, Node policy) {
    String general = ResourceType.S3_BUCKET.cloudFormationName();
    String directory = ResourceType.S3_EXPRESS_DIRECTORY_BUCKET.cloudFormationName();
    if (bucket instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      return new ArnTyping.Of(s.text().endsWith(DIRECTORY_BUCKET_SUFFIX) ? directory : general);
    }
    if (bucket instanceof Node.Unknown u && u.expression().startsWith("aws_s3_directory_bucket.")) {
      return new ArnTyping.Of(directory);
    }
    if (bucket instanceof Node.Unknown u && u.expression().startsWith("aws_s3_bucket.")) {
      return new ArnTyping.Of(general);
    }
    if (bucket instanceof Node.Partial p && p.parts().get(p.parts().size() - 1) instanceof Node.Scalar tail
        && !DIRECTORY_BUCKET_SUFFIX.endsWith(tail.text())) {
      return new ArnTyping.Of(tail.text().endsWith(DIRECTORY_BUCKET_SUFFIX) ? directory : general);
    }
    if (!mayAllowS3Express(policy)) {
      return new ArnTyping.Of(general);
    }
    return new ArnTyping.None("bucket " + Text.of(bucket) + " is not known here, and may be a directory bucket's name (--x-s3), whose"
        + " policy the provider puts with S3 Express: the policy may allow s3express actions, which a general purpose bucket's"
        + " question does not look at, so it is checked as neither (write the bucket's name, or name an aws_s3_bucket or"
        + " aws_s3_directory_bucket)");
  }

  /**
   * Whether an Allow statement of {@code policy} may allow an s3express action (a NotAction or an unknown action may).
   * An unknown policy or statement is not counted: it is widened to allow everything to anyone, public as an S3
   * bucket's too.
   */
  private static boolean mayAllowS3Express(Node policy) {
    if (Widening.unknown(policy)) {
      return false;
    }
    Node st = policy instanceof Node.Obj o ? o.members().get("Statement") : null;
    List<Node> statements = st instanceof Node.Arr a ? a.items() : st == null ? List.of() : List.of(st);
    for (Node s : statements) {
      if (!(s instanceof Node.Obj so) || so.members().get("Effect") instanceof Node.Scalar e && e.text().equals("Deny")) {
        continue;
      }
      if (so.members().containsKey("NotAction")) {
        return true;
      }
      Node a = so.members().get("Action");
      for (Node x : a instanceof Node.Arr aa ? aa.items() : a == null ? List.<Node>of() : List.of(a)) {
        if (!(x instanceof Node.Scalar xs)) {
          return true;
        }
        String pattern = xs.text().toLowerCase(java.util.Locale.ROOT);
        int wild = java.util.stream.IntStream.range(0, pattern.length()).filter(i -> pattern.charAt(i) == '*' || pattern.charAt(i) == '?')
            .findFirst().orElse(-1);
        String known = wild < 0 ? pattern : pattern.substring(0, wild);
        if (wild < 0 ? known.startsWith("s3express:") : "s3express:".startsWith(known) || known.startsWith("s3express:")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code values} with each value that {@code unknown} marks {@code true} replaced by an unknown. */
  private static Node marked(Node values, Node unknown, String path, Loc at) {
    if (unknown instanceof Node.Scalar s && s.kind() == Node.Kind.BOOLEAN && s.text().equals("true")) {
      return new Node.Unknown("known after apply: " + path, at);
    }
    if (values instanceof Node.Obj o) {
      Map<String, Node> m = new LinkedHashMap<>(o.members());
      if (unknown instanceof Node.Obj u) {
        for (Map.Entry<String, Node> e : u.members().entrySet()) {
          m.put(e.getKey(), marked(m.getOrDefault(e.getKey(), new Node.Scalar("null", Node.Kind.NULL, at)), e.getValue(),
              path + "." + e.getKey(), at));
        }
      }
      return new Node.Obj(m, o.loc());
    }
    if (values instanceof Node.Arr a && unknown instanceof Node.Arr u) {
      List<Node> items = new ArrayList<>(a.items());
      for (int i = 0; i < u.items().size(); i++) {
        Node old = i < items.size() ? items.get(i) : new Node.Scalar("null", Node.Kind.NULL, at);
        Node nv = marked(old, u.items().get(i), path + "[" + i + "]", at);
        if (i < items.size()) {
          items.set(i, nv);
        } else {
          items.add(nv);
        }
      }
      return new Node.Arr(items, a.loc());
    }
    return values;
  }
}
