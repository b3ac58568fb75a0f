package dev.hornbeam.policy.source;

import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.PrincipalKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The resource policies of a CloudFormation template (JSON or YAML), each with its logical id, type and
 * place, intrinsic functions resolved where their value is known (CloudFormation User Guide, "Intrinsic
 * function reference"): {@code Ref} and {@code Fn::GetAtt} of a resource whose name is a literal property,
 * {@code Fn::Sub} and {@code Fn::Join} of known parts, {@code Fn::If} on a condition that only compares known
 * values, {@code Fn::FindInMap} and {@code Fn::Select} with known arguments. A parameter's value is not known
 * unless given, nor are the pseudo parameters ({@code AWS::AccountId}, {@code AWS::Region}, …; {@code
 * AWS::Partition} is one of the partitions): such a value is a {@link Node.Unknown}, never a fixed value, and
 * {@link Widening} decides what it may do; {@code AWS::AccountId} and {@code AWS::Partition} are marked as one value
 * for the whole stack ({@link Node.Unknown#same}), which {@link Deployment} checks value by value where that is exact.
 */
public final class CloudFormation {
  private static final int MAX_DEPTH = 50;

  /** {@code AWS::NoValue}: the property or list item is removed. */
  private static final Node NO_VALUE = new Node.Scalar("AWS::NoValue", Node.Kind.NULL, Loc.NONE);

  private enum Truth { TRUE, FALSE, UNKNOWN }

  /**
   * What {@code Ref} and {@code Fn::GetAtt} return for resources whose name is a property, as {@code Fn::Sub}
   * text over the resource's properties (CloudFormation User Guide, each type's "Return values"). A type or
   * attribute not here is unknown; so is a name property that is absent (CloudFormation generates the name).
   */
  private static final Map<String, String> RETURNS = Map.ofEntries(
      Map.entry(ResourceType.S3_BUCKET.cloudFormationName() + " Ref", "${BucketName}"),
      Map.entry(ResourceType.S3_BUCKET.cloudFormationName() + " Arn", "arn:${AWS::Partition}:s3:::${BucketName}"),
      Map.entry(ResourceType.SQS_QUEUE.cloudFormationName() + " QueueName", "${QueueName}"),
      Map.entry(ResourceType.SQS_QUEUE.cloudFormationName() + " Arn", "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}"),
      Map.entry(ResourceType.SNS_TOPIC.cloudFormationName() + " Ref", "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}"),
      Map.entry(ResourceType.SNS_TOPIC.cloudFormationName() + " TopicArn", "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}"),
      Map.entry(ResourceType.SNS_TOPIC.cloudFormationName() + " TopicName", "${TopicName}"),
      Map.entry("AWS::IAM::Role Ref", "${RoleName}"),
      Map.entry(ResourceType.LAMBDA_FUNCTION.cloudFormationName() + " Ref", "${FunctionName}"),
      Map.entry(ResourceType.LAMBDA_FUNCTION.cloudFormationName() + " Arn", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}"),
      Map.entry(ResourceType.DYNAMODB_TABLE.cloudFormationName() + " Ref", "${TableName}"),
      Map.entry(ResourceType.ECR_REPOSITORY.cloudFormationName() + " Ref", "${RepositoryName}"),
      Map.entry(ResourceType.KINESIS_STREAM.cloudFormationName() + " Ref", "${Name}"));

  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)}");

  private final String file;
  private final Map<String, Node> resources;
  private final Map<String, Node> parameters;
  private final Map<String, Node> conditions;
  private final Map<String, Node> mappings;
  private final Map<String, String> given;

  private CloudFormation(String file, Node.Obj root, Map<String, String> given) {
    this.file = file;
    this.resources = members(root, "Resources");
    this.parameters = members(root, "Parameters");
    this.conditions = members(root, "Conditions");
    this.mappings = members(root, "Mappings");
    this.given = Map.copyOf(given);
  }

  private static Map<String, Node> members(Node.Obj root, String name) {
    return root.members().get(name) instanceof Node.Obj o ? o.members() : Map.of();
  }

  /** Whether {@code root} is a CloudFormation template: an object with a Resources object of objects with a Type. */
  public static boolean isTemplate(Node root) {
    if (!(root instanceof Node.Obj o) || !(o.members().get("Resources") instanceof Node.Obj r)) {
      return false;
    }
    return o.members().containsKey("AWSTemplateFormatVersion") || (!r.members().isEmpty()
        && r.members().values().stream().allMatch(x -> x instanceof Node.Obj x2 && x2.members().containsKey("Type")));
  }

  /**
   * Every policy of the template, in the order of its resources.
   *
   * @param given values of parameters and pseudo parameters ({@code AWS::AccountId}) given by the user
   */
  public static List<Found> extract(String file, Node root, Map<String, String> given) {
    if (!isTemplate(root)) {
      return List.of(new Found.Broken(file, root.loc(), "-", "CloudFormation",
          "not a CloudFormation template: no Resources object of resources with a Type"));
    }
    CloudFormation t = new CloudFormation(file, (Node.Obj) root, given);
    List<Found> out = new ArrayList<>();
    Node transform = ((Node.Obj) root).members().get("Transform");
    if (transform != null) {
      out.add(new Found.Unsupported(file, transform.loc(), "Transform", "CloudFormation",
          "the template has a Transform (" + Text.of(transform) + "), which may add or change resources and policies when"
              + " deployed: only the template as written is checked"));
    }
    for (Map.Entry<String, Node> r : t.resources.entrySet()) {
      t.resource(r.getKey(), r.getValue(), out);
    }
    return out;
  }

  private void resource(String id, Node r, List<Found> out) {
    if (!(r instanceof Node.Obj o) || !(o.members().get("Type") instanceof Node.Scalar type)) {
      out.add(new Found.Broken(file, r.loc(), id, "?", "a resource is an object with a Type string"));
      return;
    }
    Node props = o.members().getOrDefault("Properties", new Node.Obj(Map.of(), o.loc()));
    List<PolicyPlaces.Place> places = PolicyPlaces.of(PolicyPlaces.Format.CLOUDFORMATION, type.text());
    if (places.isEmpty()) {
      policyLooking(props, "").ifPresent(where -> out.add(new Found.Unsupported(file, o.loc(), id, type.text(),
          "the property " + where + " looks like a policy, and Hornbeam does not know the type " + type.text())));
      return;
    }
    for (PolicyPlaces.Place p : places) {
      try {
        String policyType = p.policyType();
        if (p.typedByArn()) {
          Node arn = props instanceof Node.Obj po ? po.members().get(p.arnProperty()) : null;
          if (arn == null) {
            out.add(new Found.Broken(file, o.loc(), id, type.text(), "Properties/" + p.arnProperty() + " is required: it names the"
                + " resource this policy is attached to, and so its type"));
            continue;
          }
          ArnTyping.Typed typed = typeByArn(p, arn);
          if (typed instanceof ArnTyping.None none) {
            out.add(new Found.Unsupported(file, arn.loc().line() > 0 ? arn.loc() : o.loc(), id, type.text(),
                "Properties/" + none.reason()));
            continue;
          }
          policyType = ((ArnTyping.Of) typed).type();
        }
        switch (p.holds()) {
          case RESOURCE_POLICY:
          case IDENTITY_POLICY: {
            Optional<Map.Entry<String, Node>> hidden = hidden(props, p.path(), "Properties", true);
            if (hidden.isPresent()) {
              Node h = hidden.get().getValue();
              Loc l = h.loc().line() > 0 ? h.loc() : o.loc();
              String what = hidden.get().getKey() + " is " + Text.of(h) + ": what it makes of " + p.path() + " is known only when deployed";
              // An identity policy stays one (check public skips it, validate says it is unknown); a resource policy is UNSUPPORTED.
              out.add(p.holds() == PolicyPlaces.Holds.IDENTITY_POLICY
                  ? new Found.Policy(file, l, id, type.text(), policyType, p.path(), new Node.Unknown(what, l))
                  : new Found.Unsupported(file, l, id, type.text(), what + " (a policy it may give or change is not skipped)"));
              break;
            }
            for (Map.Entry<String, Node> at : at(props, p.path(), "").entrySet()) {
              Node doc = document(resolve(at.getValue(), 0));
              if (doc != NO_VALUE) {
                out.add(new Found.Policy(file, at.getValue().loc(), id, type.text(), policyType, at.getKey(), doc));
              }
            }
            break;
          }
          case LAMBDA_PERMISSION:
            out.add(new Found.Policy(file, o.loc(), id, type.text(), p.policyType(), "Properties",
                LambdaPermission.policy(resolve(props, 0), LambdaPermission.Style.CLOUDFORMATION)));
            break;
          case NOT_CONVERTED:
            out.add(new Found.Unsupported(file, o.loc(), id, type.text(), "Hornbeam does not turn " + type.text()
                + " into the policy it grants yet (a resource of " + p.policyType() + ")"));
            break;
        }
      } catch (SourceException e) {
        out.add(new Found.Broken(file, e.loc().line() > 0 ? e.loc() : o.loc(), id, type.text(), e.getMessage()));
      }
    }
  }

  /**
   * The type of a policy attached to the resource its ARN property names ({@link ArnTyping}): when the property is the
   * {@code Ref} or {@code Fn::GetAtt} of the template's resource (or {@code Fn::Sub} of just that), the type whose ARN
   * that attribute of that resource's type returns ({@link ArnTyping#ofAttribute}: a consumer's StreamARN is its
   * stream's); else the one candidate the ARN's value may name.
   */
  private ArnTyping.Typed typeByArn(PolicyPlaces.Place p, Node arn) throws SourceException {
    Optional<List<String>> target = target(arn);
    if (target.isPresent()) {
      String id = target.get().get(0);
      Node r = resources.get(id);
      String t = r instanceof Node.Obj ro && ro.members().get("Type") instanceof Node.Scalar ts ? ts.text() : "?";
      return ArnTyping.ofAttribute(p.arnProperty(), Text.of(arn), id, t, target.get().get(1), p.arnTypes());
    }
    return ArnTyping.of(p.arnProperty(), resolve(arn, 0), p.arnTypes(), "write the ARN, name the resource with Fn::GetAtt or Ref"
        + " of it in the same template, or give the parameters' values");
  }

  private static final Pattern SUB_OF_ONE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.([A-Za-z0-9.]+))?}");

  /**
   * The logical id of the template's resource that {@code n} is the Ref or Fn::GetAtt of, if it is one, and the attribute
   * ({@code Ref} for Ref).
   */
  private Optional<List<String>> target(Node n) {
    if (!(n instanceof Node.Obj o) || o.members().size() != 1) {
      return Optional.empty();
    }
    Map.Entry<String, Node> e = o.members().entrySet().iterator().next();
    List<String> out = null;
    if (e.getKey().equals("Ref") && e.getValue() instanceof Node.Scalar s) {
      out = List.of(s.text(), "Ref");
    } else if (e.getKey().equals("Fn::GetAtt")) {
      try {
        out = getAttParts(e.getValue(), o.loc());
      } catch (SourceException x) {
        return Optional.empty();
      }
    } else if (e.getKey().equals("Fn::Sub") && e.getValue() instanceof Node.Scalar s) {
      java.util.regex.Matcher m = SUB_OF_ONE.matcher(s.text());
      out = m.matches() ? List.of(m.group(1), m.group(3) == null ? "Ref" : m.group(3)) : null;
    }
    return out != null && resources.containsKey(out.get(0)) ? Optional.of(out) : Optional.empty();
  }

  /** A policy given as JSON text is read as JSON (its places are then the property's). */
  static Node document(Node d) throws SourceException {
    if (d instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
      try {
        return relocate(SourceReader.read(s.text().getBytes(StandardCharsets.UTF_8)), s.loc());
      } catch (SourceException e) {
        throw new SourceException(s.loc(), "the policy is a string that is not JSON: " + e.getMessage());
      }
    }
    return d;
  }

  private static Node relocate(Node n, Loc at) {
    if (n instanceof Node.Obj o) {
      Map<String, Node> m = new java.util.LinkedHashMap<>();
      o.members().forEach((k, v) -> m.put(k, relocate(v, at)));
      return new Node.Obj(m, at);
    }
    if (n instanceof Node.Arr a) {
      return new Node.Arr(a.items().stream().map(x -> relocate(x, at)).toList(), at);
    }
    if (n instanceof Node.Scalar s) {
      return new Node.Scalar(s.text(), s.kind(), at);
    }
    return n;
  }

  /** The values at {@code path} ("A/B", "A/*&#47;B") under {@code n}, by their property path. */
  private static Map<String, Node> at(Node n, String path, String prefix) {
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    if (path.isEmpty()) {
      out.put(prefix, n);
      return out;
    }
    int slash = path.indexOf('/');
    String head = slash < 0 ? path : path.substring(0, slash);
    String rest = slash < 0 ? "" : path.substring(slash + 1);
    if (head.equals("*")) {
      if (n instanceof Node.Arr a) {
        for (int i = 0; i < a.items().size(); i++) {
          out.putAll(at(a.items().get(i), rest, prefix + "/" + i));
        }
      }
      return out;
    }
    if (n instanceof Node.Obj o && o.members().containsKey(head)) {
      out.putAll(at(o.members().get(head), rest, prefix.isEmpty() ? head : prefix + "/" + head));
    }
    return out;
  }

  /**
   * Where on the way to the policy at {@code path} the template holds something whose content is known only when
   * deployed, with its property path: a function standing for the Properties or for an object or list item on the
   * way ({@code Fn::If}, which {@link #at} cannot look into), or an {@code Fn::Transform} beside other members
   * anywhere on the way or in the policy (CloudFormation User Guide, "AWS::Include transform": it may stand in
   * Properties; what it inserts is not in the template). A function standing for the policy itself, or for a value
   * in it, is resolved as any other (an unknown is widened).
   */
  private static Optional<Map.Entry<String, Node>> hidden(Node n, String path, String at, boolean onTheWay) {
    if (n instanceof Node.Obj o) {
      boolean call = o.members().size() == 1 && o.members().keySet().stream().allMatch(k -> k.equals("Ref") || k.startsWith("Fn::"));
      if (o.members().size() > 1 && o.members().containsKey("Fn::Transform")) {
        return Optional.of(Map.entry(at + "/Fn::Transform", o.members().get("Fn::Transform")));
      }
      if (onTheWay && call) {
        return Optional.of(Map.entry(at, n));
      }
    }
    if (path.isEmpty()) {
      // in the policy: only a transform beside other members hides what the policy is
      List<Map.Entry<String, Node>> children = new ArrayList<>();
      if (n instanceof Node.Obj o) {
        o.members().forEach((k, v) -> children.add(Map.entry(at + "/" + k, v)));
      } else if (n instanceof Node.Arr a) {
        for (int i = 0; i < a.items().size(); i++) {
          children.add(Map.entry(at + "/" + i, a.items().get(i)));
        }
      }
      for (Map.Entry<String, Node> c : children) {
        Optional<Map.Entry<String, Node>> x = hidden(c.getValue(), "", c.getKey(), false);
        if (x.isPresent()) {
          return x;
        }
      }
      return Optional.empty();
    }
    int slash = path.indexOf('/');
    String head = slash < 0 ? path : path.substring(0, slash);
    String rest = slash < 0 ? "" : path.substring(slash + 1);
    if (head.equals("*") && n instanceof Node.Arr a) {
      for (int i = 0; i < a.items().size(); i++) {
        Optional<Map.Entry<String, Node>> x = hidden(a.items().get(i), rest, at + "/" + i, !rest.isEmpty());
        if (x.isPresent()) {
          return x;
        }
      }
    } else if (n instanceof Node.Obj o && o.members().containsKey(head)) {
      return hidden(o.members().get(head), rest, at + "/" + head, !rest.isEmpty());
    }
    return Optional.empty();
  }

  /** The first property under {@code n} that holds an object or JSON text with a Statement. */
  private static Optional<String> policyLooking(Node n, String path) {
    if (n instanceof Node.Obj o) {
      if (o.members().containsKey("Statement") && !path.isEmpty()) {
        return Optional.of(path);
      }
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        Optional<String> x = policyLooking(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey());
        if (x.isPresent()) {
          return x;
        }
      }
    } else if (n instanceof Node.Arr a) {
      for (int i = 0; i < a.items().size(); i++) {
        Optional<String> x = policyLooking(a.items().get(i), path + "/" + i);
        if (x.isPresent()) {
          return x;
        }
      }
    } else if (n instanceof Node.Scalar s && s.text().contains("\"Statement\"")) {
      return Optional.of(path);
    }
    return Optional.empty();
  }

  /** {@code n} with its intrinsic functions resolved; {@link #NO_VALUE} for AWS::NoValue. */
  Node resolve(Node n, int depth) throws SourceException {
    if (depth > MAX_DEPTH) {
      throw new SourceException(n.loc(), "intrinsic functions nested or referring to each other more than " + MAX_DEPTH + " deep");
    }
    if (n instanceof Node.Obj o) {
      if (o.members().size() == 1) {
        String k = o.members().keySet().iterator().next();
        if (k.equals("Ref") || k.startsWith("Fn::")) {
          return function(k, o.members().get(k), o, depth);
        }
      }
      Map<String, Node> m = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        Node v = resolve(e.getValue(), depth + 1);
        if (v != NO_VALUE) {
          m.put(e.getKey(), v);
        }
      }
      return new Node.Obj(m, o.loc());
    }
    if (n instanceof Node.Arr a) {
      List<Node> items = new ArrayList<>();
      for (Node x : a.items()) {
        Node v = resolve(x, depth + 1);
        if (v != NO_VALUE) {
          items.add(v);
        }
      }
      return new Node.Arr(items, a.loc());
    }
    return n;
  }

  private Node function(String fn, Node arg, Node.Obj call, int depth) throws SourceException {
    Loc at = call.loc();
    switch (fn) {
      case "Ref":
        if (!(arg instanceof Node.Scalar s) || s.kind() != Node.Kind.STRING) {
          throw new SourceException(at, "Ref takes the name of a parameter or resource");
        }
        return ref(s.text(), "Ref " + s.text(), at, depth);
      case "Fn::GetAtt": {
        List<String> parts = getAttParts(arg, at);
        return getAtt(parts.get(0), parts.get(1), "Fn::GetAtt " + parts.get(0) + "." + parts.get(1), at, depth);
      }
      case "Fn::Sub":
        return sub(arg, at, depth);
      case "Fn::Join":
        return join(arg, at, depth);
      case "Fn::If":
        return ifFn(arg, call, depth);
      case "Fn::Select": {
        if (arg instanceof Node.Arr a && a.items().size() == 2) {
          Node i = resolve(a.items().get(0), depth + 1);
          Node l = resolve(a.items().get(1), depth + 1);
          // An index past the list fails the stack (Template Reference, "Fn::Select"); so may an item that is no value
          // (AWS::NoValue) — or it is left out and the index names the next one: either way the item is not known.
          if (i instanceof Node.Scalar is && is.text().matches("[0-9]{1,9}") && l instanceof Node.Arr la
              && Integer.parseInt(is.text()) < la.items().size() && la.items().subList(0, Integer.parseInt(is.text()) + 1).stream()
                  .noneMatch(x -> x instanceof Node.Choice c && c.maybeAbsent())) {
            return la.items().get(Integer.parseInt(is.text()));
          }
        }
        return new Node.Unknown(Text.of(call), at);
      }
      case "Fn::FindInMap": {
        if (arg instanceof Node.Arr a && a.items().size() == 3) {
          List<String> keys = new ArrayList<>();
          for (Node x : a.items()) {
            if (resolve(x, depth + 1) instanceof Node.Scalar s) {
              keys.add(s.text());
            }
          }
          if (keys.size() == 3 && mappings.get(keys.get(0)) instanceof Node.Obj m1 && m1.members().get(keys.get(1)) instanceof Node.Obj m2
              && m2.members().containsKey(keys.get(2))) {
            return resolve(m2.members().get(keys.get(2)), depth + 1);
          }
        }
        return new Node.Unknown(Text.of(call), at);
      }
      default:
        // Fn::ImportValue, Fn::GetAZs, Fn::Split, Fn::Base64, Fn::Cidr, Fn::Transform, …: not known before deployment here.
        return new Node.Unknown(Text.of(call), at);
    }
  }

  private static List<String> getAttParts(Node arg, Loc at) throws SourceException {
    if (arg instanceof Node.Arr a && a.items().size() == 2 && a.items().get(0) instanceof Node.Scalar r
        && a.items().get(1) instanceof Node.Scalar n) {
      return List.of(r.text(), n.text());
    }
    if (arg instanceof Node.Scalar s && s.text().indexOf('.') > 0) {
      int dot = s.text().indexOf('.');
      return List.of(s.text().substring(0, dot), s.text().substring(dot + 1));
    }
    throw new SourceException(at, "Fn::GetAtt takes [LogicalId, Attribute] (an attribute named by a function is not supported)");
  }

  /** The value of a parameter, pseudo parameter or resource. */
  private Node ref(String name, String expression, Loc at, int depth) throws SourceException {
    if (given.containsKey(name)) {
      return Node.Scalar.string(given.get(name), at);
    }
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (name.equals("AWS::Partition")) {
      // AWS General Reference, "Partitions": the value is one of them, the stack's partition wherever it is written.
      return new Node.Unknown(expression, PrincipalKind.PARTITIONS, name, at);
    }
    if (name.equals("AWS::AccountId")) {
      // CloudFormation User Guide, "Pseudo parameters reference": the id of the account the stack is created in, one
      // value wherever it is written; an account id is 12 digits (AWS Account Management Reference Guide, "View AWS
      // account identifiers"). Deployment checks it as such where that is exact.
      return new Node.Unknown(expression, List.of(), name, at);
    }
    if (name.startsWith("AWS::") || parameters.containsKey(name)) {
      return new Node.Unknown(expression, at);
    }
    if (resources.containsKey(name)) {
      return returned(name, "Ref", expression, at, depth);
    }
    throw new SourceException(at, expression + ": " + name + " is neither a parameter nor a resource of the template");
  }

  private Node getAtt(String id, String attribute, String expression, Loc at, int depth) throws SourceException {
    if (!resources.containsKey(id)) {
      throw new SourceException(at, expression + ": " + id + " is not a resource of the template");
    }
    return returned(id, attribute, expression, at, depth);
  }

  private Node returned(String id, String attribute, String expression, Loc at, int depth) throws SourceException {
    Node r = resources.get(id);
    String type = r instanceof Node.Obj o && o.members().get("Type") instanceof Node.Scalar t ? t.text() : "";
    String text = RETURNS.get(type + " " + attribute);
    if (text == null) {
      return new Node.Unknown(expression, at);
    }
    Map<String, Node> props = r instanceof Node.Obj o && o.members().get("Properties") instanceof Node.Obj p ? p.members() : Map.of();
    Node value = substitute(text, name -> {
      if (name.startsWith("AWS::")) {
        return ref(name, "${" + name + "}", at, depth + 1);
      }
      Node v = props.get(name);
      return v == null ? new Node.Unknown(expression + " (" + type + "." + name + " not given: CloudFormation generates it)", at)
          : resolve(v, depth + 1);
    }, at);
    return value;
  }

  private interface Vars {
    Node value(String name) throws SourceException;
  }

  private Node sub(Node arg, Loc at, int depth) throws SourceException {
    Node text;
    Map<String, Node> vars;
    if (arg instanceof Node.Arr a && a.items().size() == 2 && a.items().get(1) instanceof Node.Obj m) {
      text = a.items().get(0);
      vars = m.members();
    } else {
      text = arg;
      vars = Map.of();
    }
    if (!(text instanceof Node.Scalar s) || s.kind() != Node.Kind.STRING) {
      throw new SourceException(at, "Fn::Sub takes a string, or [string, {name: value}]");
    }
    return substitute(s.text(), name -> {
      if (vars.containsKey(name)) {
        return resolve(vars.get(name), depth + 1);
      }
      int dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith("AWS::")) {
        return getAtt(name.substring(0, dot), name.substring(dot + 1), "${" + name + "}", at, depth + 1);
      }
      return ref(name, "${" + name + "}", at, depth + 1);
    }, at);
  }

  /** Fn::Sub's substitution: ${Name} replaced, ${!Literal} written as ${Literal}. */
  private static Node substitute(String text, Vars vars, Loc at) throws SourceException {
    List<Node> parts = new ArrayList<>();
    java.util.regex.Matcher m = VAR.matcher(text);
    int last = 0;
    while (m.find()) {
      parts.add(Node.Scalar.string(text.substring(last, m.start()), at));
      String name = m.group(1).strip();
      if (name.startsWith("!")) {
        parts.add(Node.Scalar.string("${" + name.substring(1) + "}", at));
      } else {
        Node v = vars.value(name);
        if (v == NO_VALUE || v instanceof Node.Obj || v instanceof Node.Arr) {
          throw new SourceException(at, "${" + name + "} in Fn::Sub is not a string");
        }
        parts.add(v instanceof Node.Choice c ? new Node.Unknown(c.expression(), at) : v);
      }
      last = m.end();
    }
    parts.add(Node.Scalar.string(text.substring(last), at));
    return Node.concat(parts, at);
  }

  private Node join(Node arg, Loc at, int depth) throws SourceException {
    if (!(arg instanceof Node.Arr a) || a.items().size() != 2) {
      throw new SourceException(at, "Fn::Join takes [delimiter, [values]]");
    }
    Node delim = resolve(a.items().get(0), depth + 1);
    Node list = resolve(a.items().get(1), depth + 1);
    if (!(delim instanceof Node.Scalar d)) {
      return new Node.Unknown(Text.of(new Node.Obj(Map.of("Fn::Join", arg), at)), at);
    }
    if (!(list instanceof Node.Arr l)) {
      return new Node.Unknown(Text.of(new Node.Obj(Map.of("Fn::Join", arg), at)), at);
    }
    List<Node> parts = new ArrayList<>();
    for (int i = 0; i < l.items().size(); i++) {
      Node x = l.items().get(i);
      if (i > 0) {
        parts.add(Node.Scalar.string(d.text(), at));
      }
      if (x instanceof Node.Obj || x instanceof Node.Arr) {
        throw new SourceException(x.loc(), "Fn::Join joins strings, not " + (x instanceof Node.Obj ? "an object" : "a list"));
      }
      parts.add(x instanceof Node.Choice c ? new Node.Unknown(c.expression(), at) : x);
    }
    return Node.concat(parts, at);
  }

  private Node ifFn(Node arg, Node.Obj call, int depth) throws SourceException {
    Loc at = call.loc();
    if (!(arg instanceof Node.Arr a) || a.items().size() != 3 || !(a.items().get(0) instanceof Node.Scalar c)) {
      throw new SourceException(at, "Fn::If takes [ConditionName, value if true, value if false]");
    }
    Truth t = condition(c.text(), at, depth + 1);
    if (t == Truth.TRUE) {
      return resolve(a.items().get(1), depth + 1);
    }
    if (t == Truth.FALSE) {
      return resolve(a.items().get(2), depth + 1);
    }
    List<Node> alts = new ArrayList<>();
    boolean absent = false;
    for (Node x : a.items().subList(1, 3)) {
      Node v = resolve(x, depth + 1);
      if (v == NO_VALUE) {
        absent = true;
      } else {
        alts.add(v);
      }
    }
    return new Node.Choice("Fn::If [" + c.text() + ", …] (the condition depends on values not known)", alts, absent, at);
  }

  private Truth condition(String name, Loc at, int depth) throws SourceException {
    Node c = conditions.get(name);
    if (c == null) {
      throw new SourceException(at, "the condition " + name + " is not in the template's Conditions");
    }
    return truth(c, depth + 1);
  }

  private Truth truth(Node c, int depth) throws SourceException {
    if (depth > MAX_DEPTH) {
      throw new SourceException(c.loc(), "conditions refer to each other more than " + MAX_DEPTH + " deep");
    }
    if (!(c instanceof Node.Obj o) || o.members().size() != 1) {
      return Truth.UNKNOWN;
    }
    String fn = o.members().keySet().iterator().next();
    Node arg = o.members().get(fn);
    List<Node> args = arg instanceof Node.Arr a ? a.items() : List.of(arg);
    switch (fn) {
      case "Condition":
        return arg instanceof Node.Scalar s ? condition(s.text(), c.loc(), depth) : Truth.UNKNOWN;
      case "Fn::Equals": {
        if (args.size() != 2) {
          return Truth.UNKNOWN;
        }
        Node x = resolve(args.get(0), depth + 1);
        Node y = resolve(args.get(1), depth + 1);
        if (x instanceof Node.Scalar sx && y instanceof Node.Scalar sy && x != NO_VALUE && y != NO_VALUE) {
          return sx.text().equals(sy.text()) ? Truth.TRUE : Truth.FALSE;
        }
        return Truth.UNKNOWN;
      }
      case "Fn::Not":
        if (args.size() != 1) {
          return Truth.UNKNOWN;
        }
        Truth t = truth(args.get(0), depth + 1);
        return t == Truth.TRUE ? Truth.FALSE : t == Truth.FALSE ? Truth.TRUE : Truth.UNKNOWN;
      case "Fn::And":
      case "Fn::Or": {
        boolean and = fn.equals("Fn::And");
        Truth acc = and ? Truth.TRUE : Truth.FALSE;
        for (Node x : args) {
          Truth v = truth(x, depth + 1);
          if (v == (and ? Truth.FALSE : Truth.TRUE)) {
            return v;
          }
          if (v == Truth.UNKNOWN) {
            acc = Truth.UNKNOWN;
          }
        }
        return acc;
      }
      default:
        return Truth.UNKNOWN;
    }
  }
}
