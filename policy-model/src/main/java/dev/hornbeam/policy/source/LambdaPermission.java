package dev.hornbeam.policy.source;

import dev.hornbeam.policy.universe.PrincipalKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lambda permission ({@code AWS::Lambda::Permission}, Terraform's {@code aws_lambda_permission}) is not a
 * policy document but the arguments of Lambda's AddPermission, which adds one statement to the function's
 * resource-based policy. AWS Lambda API Reference, "AddPermission", and Lambda Developer Guide, "Viewing
 * resource-based IAM policies in Lambda": the statement is {@code {"Sid": StatementId, "Effect": "Allow",
 * "Principal": …, "Action": Action, "Resource": the function's ARN, "Condition": …}} where the principal is
 * {@code "*"}, {@code {"Service": p}} for a service principal, or {@code {"AWS": p}} for an account (as its
 * root ARN) or an ARN; {@code SourceArn} adds {@code "ArnLike": {"AWS:SourceArn": …}}, {@code SourceAccount}
 * {@code "StringEquals": {"AWS:SourceAccount": …}}, {@code PrincipalOrgID} {@code "StringEquals":
 * {"aws:PrincipalOrgID": …}}, {@code EventSourceToken} {@code "StringEquals": {"lambda:EventSourceToken": …}},
 * {@code FunctionUrlAuthType} {@code "StringEquals": {"lambda:FunctionUrlAuthType": …}}. An argument it does
 * not know is refused, never ignored.
 */
public final class LambdaPermission {
  private LambdaPermission() {}

  public enum Style {
    CLOUDFORMATION("Action", "FunctionName", "Principal", "SourceArn", "SourceAccount", "PrincipalOrgID", "EventSourceToken",
        "FunctionUrlAuthType", List.of()),
    TERRAFORM("action", "function_name", "principal", "source_arn", "source_account", "principal_org_id", "event_source_token",
        "function_url_auth_type", List.of("id", "qualifier", "statement_id", "statement_id_prefix", "region", "timeouts"));

    final String action;
    final String function;
    final String principal;
    final String sourceArn;
    final String sourceAccount;
    final String orgId;
    final String token;
    final String urlAuth;
    final List<String> ignored;

    Style(String action, String function, String principal, String sourceArn, String sourceAccount, String orgId, String token,
        String urlAuth, List<String> ignored) {
      this.action = action;
      this.function = function;
      this.principal = principal;
      this.sourceArn = sourceArn;
      this.sourceAccount = sourceAccount;
      this.orgId = orgId;
      this.token = token;
      this.urlAuth = urlAuth;
      this.ignored = ignored;
    }
  }

  /** The one-statement policy the permission adds. */
  public static Node policy(Node props, Style st) throws SourceException {
    if (!(props instanceof Node.Obj o)) {
      throw new SourceException(props.loc(), "a Lambda permission's properties are an object");
    }
    Map<String, Node> m = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : o.members().entrySet()) {
      boolean isNull = e.getValue() instanceof Node.Scalar s && s.kind() == Node.Kind.NULL;
      if (!isNull && !st.ignored.contains(e.getKey())) {
        m.put(e.getKey(), e.getValue());
      }
    }
    Loc at = o.loc();
    List<String> known = List.of(st.action, st.function, st.principal, st.sourceArn, st.sourceAccount, st.orgId, st.token, st.urlAuth);
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new SourceException(m.get(k).loc(), "the Lambda permission's " + k + " is not one Hornbeam turns into the statement"
            + " AddPermission adds (" + String.join(", ", known) + ")");
      }
    }
    for (String k : List.of(st.action, st.function, st.principal)) {
      if (!m.containsKey(k)) {
        throw new SourceException(at, "a Lambda permission needs " + k);
      }
    }
    Map<String, Node> s = new LinkedHashMap<>();
    s.put("Effect", Node.Scalar.string("Allow", at));
    s.put("Principal", principal(m.get(st.principal)));
    s.put("Action", m.get(st.action));
    Node fn = m.get(st.function);
    s.put("Resource", fn instanceof Node.Scalar f && f.text().startsWith("arn:") ? fn
        : new Node.Unknown("the ARN of the function " + Text.of(fn), fn.loc()));
    Map<String, Node> arnLike = new LinkedHashMap<>();
    Map<String, Node> equals = new LinkedHashMap<>();
    if (m.containsKey(st.sourceArn)) {
      arnLike.put("AWS:SourceArn", m.get(st.sourceArn));
    }
    if (m.containsKey(st.sourceAccount)) {
      equals.put("AWS:SourceAccount", m.get(st.sourceAccount));
    }
    if (m.containsKey(st.orgId)) {
      equals.put("aws:PrincipalOrgID", m.get(st.orgId));
    }
    if (m.containsKey(st.token)) {
      equals.put("lambda:EventSourceToken", m.get(st.token));
    }
    if (m.containsKey(st.urlAuth)) {
      equals.put("lambda:FunctionUrlAuthType", m.get(st.urlAuth));
    }
    Map<String, Node> condition = new LinkedHashMap<>();
    if (!equals.isEmpty()) {
      condition.put("StringEquals", new Node.Obj(equals, at));
    }
    if (!arnLike.isEmpty()) {
      condition.put("ArnLike", new Node.Obj(arnLike, at));
    }
    if (!condition.isEmpty()) {
      s.put("Condition", new Node.Obj(condition, at));
    }
    Map<String, Node> policy = new LinkedHashMap<>(); // in this order: Map.of's order differs from run to run
    policy.put("Version", Node.Scalar.string("2012-10-17", at));
    policy.put("Statement", new Node.Arr(List.of(new Node.Obj(s, at)), at));
    return new Node.Obj(policy, at);
  }

  private static Node principal(Node p) throws SourceException {
    Node.Unknown account = account(p);
    if (account != null) {
      // the deploying account (AWS::AccountId, data.aws_caller_identity): one 12-digit id, which Deployment checks as such
      return root(account, p.loc());
    }
    if (p instanceof Node.Partial part && part.parts().get(0) instanceof Node.Scalar first && first.text().startsWith("arn:")) {
      return new Node.Obj(Map.of("AWS", p), p.loc()); // an ARN, some of it not known: its unknowns are widened in the entry
    }
    if (!(p instanceof Node.Scalar s0) || !(s0.kind() == Node.Kind.STRING || s0.kind() == Node.Kind.NUMBER)) {
      return p; // a value not known: widened as a Principal
    }
    Node.Scalar s = Node.Scalar.string(s0.text(), s0.loc());
    Loc at = s.loc();
    String v = s.text();
    if (v.equals("*")) {
      return s;
    }
    if (v.matches("[0-9]{12}")) {
      return root(s, at);
    }
    if (v.startsWith("arn:")) {
      return new Node.Obj(Map.of("AWS", s), at);
    }
    // Service principals end in amazonaws.com (amazonaws.com.cn in China), and a few in amazon.com: Alexa's
    // (Lambda Developer Guide, "Using AWS Lambda with Alexa": add-permission --principal alexa-appkit.amazon.com).
    if (v.matches("[a-z0-9.-]+\\.(amazonaws\\.com(\\.cn)?|amazon\\.com)")) {
      return new Node.Obj(Map.of("Service", s), at);
    }
    throw new SourceException(at, "the Lambda permission's principal \"" + v + "\" is neither *, an account id, an ARN nor a"
        + " service principal (…amazonaws.com, …amazon.com)");
  }

  /** An account id is its root ARN in the policy; the partition is the function's, not known here. */
  private static Node root(Node account, Loc at) {
    return new Node.Obj(Map.of("AWS", Node.concat(List.of(Node.Scalar.string("arn:", at),
        new Node.Unknown("the function's partition", PrincipalKind.PARTITIONS, at), Node.Scalar.string(":iam::", at), account,
        Node.Scalar.string(":root", at)), at)), at);
  }

  /**
   * The unknown {@code p} is when it is one account id ({@link Node.Unknown#account}: {@code Ref AWS::AccountId}, an
   * {@code Fn::Sub} of it alone, {@code data.aws_caller_identity.NAME.account_id}), else null.
   */
  private static Node.Unknown account(Node p) {
    Node one = p instanceof Node.Partial part && part.parts().size() == 1 ? part.parts().get(0) : p;
    return one instanceof Node.Unknown u && u.account() ? u : null;
  }
}
