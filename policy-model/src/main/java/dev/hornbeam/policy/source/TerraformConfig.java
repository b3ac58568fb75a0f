package dev.hornbeam.policy.source;

import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.GroupedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The policies of Terraform configuration files ({@code .tf}, HCL2), as written — no plan is made, so nothing
 * is evaluated: a policy given as a heredoc or a string of JSON, as {@code jsonencode} of an object, or as
 * {@code data.aws_iam_policy_document.NAME.json} (converted here as the AWS provider does). Every reference,
 * variable, local, function call other than {@code jsonencode}, conditional, {@code for} expression and
 * {@code ${…}} interpolation is a {@link Node.Unknown} that may be anything, never a fixed value, as a plan's
 * {@code after_unknown}; {@link Widening} decides what it may do. Resource types are those of
 * {@link PolicyPlaces} (Terraform format), as for plans. A resource with {@code count} or {@code for_each} is one
 * policy with a note that how many copies there are is not known.
 *
 * <p>Terraform language documentation: "Strings and Templates" (a template that is one interpolation alone,
 * {@code "${x}"}, is x itself; <code>$${</code> and <code>%%{</code> are literal; heredocs interpolate as quoted strings),
 * "Meta-Arguments" ({@code count}, {@code for_each}, {@code depends_on}, {@code provider}, {@code lifecycle}).
 */
public final class TerraformConfig {
  private TerraformConfig() {}

  /** A Terraform configuration file, by its name. */
  public static boolean isConfig(String file) {
    return file.endsWith(".tf");
  }

  private static final String SOURCE = "Terraform";
  private static final String DOCUMENT = "aws_iam_policy_document";

  /** {@code data.aws_caller_identity.NAME.account_id}: one data source's account, one 12-digit id. */
  private static final Pattern CALLER_ACCOUNT = Pattern.compile("data\\.aws_caller_identity\\.[A-Za-z_][A-Za-z0-9_-]*\\.account_id");

  /**
   * A reference as an unknown value; {@code data.aws_caller_identity.NAME.account_id} is one 12-digit account id,
   * the same wherever it is written (Terraform AWS provider, "Data Source: aws_caller_identity"; without count or
   * for_each, as its unindexed name says), which {@link Deployment} checks as such.
   */
  static Node.Unknown reference(String text, Loc at) {
    return new Node.Unknown(text, List.of(), CALLER_ACCOUNT.matcher(text).matches() ? text : "", at);
  }
  /**
   * Whether {@code type} is a resource of the AWS provider or of the AWS Cloud Control provider ({@code awscc_},
   * whose policy resources, such as {@code awscc_s3_bucket_policy}, are not in {@link PolicyPlaces}): a resource of
   * such a type that holds a policy Hornbeam does not check is UNSUPPORTED.
   */
  static boolean awsProvider(String type) {
    return type.startsWith("aws_") || type.startsWith("awscc_");
  }

  private static final Set<String> META = Set.of("count", "for_each", "depends_on", "provider", "lifecycle");
  private static final Pattern RESOURCE_HEADER = Pattern.compile("(?m)^[ \\t]*resource[ \\t]+\"([^\"]+)\"[ \\t]+\"([^\"]+)\"[ \\t]*\\{");
  /** An identifying attribute of an AWS resource or data source ({@code aws_s3_bucket.b.arn}, {@code data.aws_region.r.name}). */
  private static final Pattern ONE_TOKEN = Pattern.compile(
      "(data\\.)?aws_[a-z0-9_]+\\.[A-Za-z_][A-Za-z0-9_-]*(\\[[0-9]+])?\\.[a-z_]*(arn|id|name|bucket|region|partition|suffix|prefix|url)");
  /**
   * A managed resource's attribute ({@code aws_dynamodb_table.t.stream_arn}, {@code aws_kinesis_stream.s[0].arn}): type, name,
   * index, attribute.
   */
  private static final Pattern RESOURCE_ATTRIBUTE = Pattern.compile("(aws_[a-z0-9_]+)\\.([A-Za-z_][A-Za-z0-9_-]*)(\\[[^\\]]*])?\\.([a-z_]+)");
  /** Stands for an unknown value in JSON text while it is parsed; text holding it is refused. */
  private static final String MARK = "@@hornbeam-unknown-";

  /**
   * The other {@code .tf} files of {@code file}'s directory (a Terraform module), by name, for the
   * {@code aws_iam_policy_document} data sources they define, and the override files ({@link #isOverride}), which may
   * replace a resource's arguments; none when the directory cannot be listed. A file that cannot be read (or a symbolic
   * link, which is not followed) defines nothing here: a reference to its data sources stays unknown; an override file
   * so is given as {@code null} bytes, and may have replaced any argument.
   */
  public static Map<String, byte[]> siblings(String file) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Path p = Path.of(file).toAbsolutePath();
    Path dir = p.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, x -> x.getFileName().toString().endsWith(".tf")
        || isOverride(x.getFileName().toString()))) {
      for (Path x : ds) {
        if (!x.equals(p) && Files.isRegularFile(x, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try {
            out.put(x.toString(), Files.readAllBytes(x));
          } catch (IOException e) {
            // its data sources stay unknown
            if (isOverride(x.toString())) {
              out.put(x.toString(), null);
            }
          }
        } else if (!x.equals(p) && isOverride(x.toString())) {
          out.put(x.toString(), null); // not read (a link, …): what it overrides is not known
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /**
   * Whether {@code file} is an override file (Terraform language documentation, "Override Files": {@code override.tf},
   * {@code override.tf.json}, or a name ending in {@code _override.tf} or {@code _override.tf.json}), whose blocks are
   * merged into the module's blocks of the same address, their arguments replacing the original's.
   */
  static boolean isOverride(String file) {
    String n = Path.of(file).getFileName().toString();
    return n.equals("override.tf") || n.equals("override.tf.json") || n.endsWith("_override.tf") || n.endsWith("_override.tf.json");
  }

  /**
   * The resource blocks of the override files among {@code siblings}, by address: where each is and the arguments it
   * sets; under {@code "*"}, an override file Hornbeam cannot read (Terraform's JSON syntax, or HCL it does not
   * understand), which may replace any argument. None for an override file itself: its blocks are checked as written.
   */
  private static Map<String, Override> overrides(String file, Map<String, byte[]> siblings) {
    Map<String, Override> out = new LinkedHashMap<>();
    if (isOverride(file)) {
      return out;
    }
    for (Map.Entry<String, byte[]> e : siblings.entrySet()) {
      if (!isOverride(e.getKey())) {
        continue;
      }
      String name = Path.of(e.getKey()).getFileName().toString();
      if (!name.endsWith(".tf") || e.getValue() == null) {
        out.putIfAbsent("*", new Override(name, Set.of()));
        continue;
      }
      try {
        for (Symbol s : HclReader.read(new String(e.getValue(), StandardCharsets.UTF_8))) {
          if (s instanceof HCLBlock b && b.blockNames.size() == 3 && b.blockNames.get(0).equals("resource")) {
            Set<String> set = new HashSet<>();
            children(b).forEach(x -> set.add(x instanceof HCLBlock xb ? xb.blockNames.get(0) : String.valueOf(x.getName())));
            out.putIfAbsent(b.blockNames.get(1) + "." + b.blockNames.get(2), new Override(name + ":" + HclReader.line(b), set));
          }
        }
      } catch (SourceException x) {
        out.putIfAbsent("*", new Override(name, Set.of()));
      }
    }
    return out;
  }

  /** An override file's block: where it is ({@code override.tf:3}) and the arguments and blocks it sets. */
  private record Override(String where, Set<String> sets) {}

  /** A data source {@code aws_iam_policy_document} as written, with the lines of its file. */
  private record DataDoc(HCLBlock block, String[] lines) {}

  /**
   * Every policy of {@code file}, in the order of its resources.
   *
   * @param siblings the other files of its module (name to bytes), whose data sources it may use
   */
  public static List<Found> extract(String file, byte[] bytes, Map<String, byte[]> siblings) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<Symbol> top;
    try {
      top = HclReader.read(text);
    } catch (SourceException e) {
      return List.of(new Found.Broken(file, e.loc(), "-", SOURCE, e.getMessage()));
    }
    Map<String, List<DataDoc>> docs = new LinkedHashMap<>();
    collect(top, text, docs);
    for (byte[] other : siblings.values()) {
      if (other == null) {
        continue;
      }
      String t = new String(other, StandardCharsets.UTF_8);
      try {
        collect(HclReader.read(t), t, docs);
      } catch (SourceException e) {
        // that file is reported when it is read itself; its data sources stay unknown here
      }
    }
    Reader r = new Reader(file, text.split("\r\n|\r|\n", -1), docs, overrides(file, siblings));
    List<Found> out = new ArrayList<>();
    Set<String> read = new HashSet<>();
    for (Symbol s : top) {
      if (s instanceof HCLBlock b && !b.blockNames.isEmpty() && b.blockNames.get(0).equals("resource")) {
        if (b.blockNames.size() != 3) {
          out.add(new Found.Broken(file, loc(b), "-", SOURCE, "a resource block has a type and a name: resource \"TYPE\" \"NAME\""));
          continue;
        }
        read.add(b.blockNames.get(1) + "." + b.blockNames.get(2));
        r.resource(b, out);
      } else if (s instanceof HCLBlock b && b.blockNames.size() == 2 && b.blockNames.get(0).equals("module")) {
        r.module(b, out);
      } else if (s instanceof HCLAttribute a) {
        out.add(new Found.Broken(file, loc(a), "-", SOURCE, "the argument " + a.getName() + " is outside any block: a .tf file"
            + " holds blocks (resource, data, variable, …)"));
      }
    }
    Matcher m = RESOURCE_HEADER.matcher(text);
    while (m.find()) {
      if (!read.contains(m.group(1) + "." + m.group(2))) {
        int line = (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
        out.add(new Found.Broken(file, new Loc(line, 0), m.group(1) + "." + m.group(2), m.group(1),
            "Hornbeam's HCL reader did not read this resource block: the text before it is not HCL it understands"));
      }
    }
    return out;
  }

  private static void collect(List<Symbol> top, String text, Map<String, List<DataDoc>> docs) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (Symbol s : top) {
      if (s instanceof HCLBlock b && b.blockNames.size() == 3 && b.blockNames.get(0).equals("data")
          && b.blockNames.get(1).equals(DOCUMENT)) {
        docs.computeIfAbsent(b.blockNames.get(2), k -> new ArrayList<>()).add(new DataDoc(b, lines));
      }
    }
  }

  static Loc loc(Symbol s) {
    return new Loc(HclReader.line(s), 0);
  }

  private static List<Symbol> children(Symbol s) {
    return s.getChildren() == null ? List.of() : s.getChildren();
  }

  /** The arguments of a block body, by name (an argument given twice is an error, as in HCL). */
  private static Map<String, HCLAttribute> arguments(HCLBlock b) throws SourceException {
    Map<String, HCLAttribute> out = new LinkedHashMap<>();
    for (Symbol s : children(b)) {
      if (s instanceof HCLAttribute a) {
        if (a.getName() == null) {
          throw new SourceException(loc(a), "an argument's name is an expression: not a Terraform block's argument");
        }
        if (out.put(a.getName(), a) != null) {
          throw new SourceException(loc(a), "the argument " + a.getName() + " is given twice in one block");
        }
      }
    }
    return out;
  }

  private static List<HCLBlock> blocks(HCLBlock b) {
    List<HCLBlock> out = new ArrayList<>();
    for (Symbol s : children(b)) {
      if (s instanceof HCLBlock x) {
        out.add(x);
      }
    }
    return out;
  }

  /** Reads the resources of one file. */
  private static final class Reader {
    final String file;
    final String[] lines;
    final Map<String, List<DataDoc>> docs;
    final Map<String, Override> overrides;
    String[] current;

    Reader(String file, String[] lines, Map<String, List<DataDoc>> docs, Map<String, Override> overrides) {
      this.file = file;
      this.lines = lines;
      this.current = lines;
      this.docs = docs;
      this.overrides = overrides;
    }

    /** Why the arguments {@code place} reads may not be the ones deployed (an override file replaces them), or null. */
    private String overridden(String address, PolicyPlaces.Place place) {
      Override any = overrides.get("*");
      if (any != null) {
        return "the override file " + any.where() + " (which Hornbeam does not read) may replace this block's arguments";
      }
      Override o = overrides.get(address);
      if (o == null) {
        return null;
      }
      boolean replaced = place.holds() == PolicyPlaces.Holds.LAMBDA_PERMISSION
          ? o.sets().stream().anyMatch(x -> !META.contains(x))
          : o.sets().contains(place.path()) || place.typedByArn() && o.sets().contains(place.arnProperty());
      return replaced ? "the override file's block at " + o.where() + " replaces its arguments (Terraform merges override files"
          + " into this block): the policy deployed is not the one written here, and is checked in that file" : null;
    }

    void resource(HCLBlock b, List<Found> out) {
      String type = b.blockNames.get(1);
      String address = type + "." + b.blockNames.get(2);
      Loc at = loc(b);
      Map<String, HCLAttribute> args;
      try {
        args = arguments(b);
      } catch (SourceException e) {
        out.add(new Found.Broken(file, e.loc(), address, type, e.getMessage()));
        return;
      }
      List<String> notes = new ArrayList<>();
      for (String multi : List.of("count", "for_each")) {
        if (args.containsKey(multi)) {
          notes.add(multi + " (line " + HclReader.line(args.get(multi)) + "): Terraform makes one copy of this policy for each"
              + " instance, how many not known here; each is checked as this one, with " + (multi.equals("count") ? "count.index"
              : "each.key and each.value") + " unknown");
        }
      }
      List<PolicyPlaces.Place> places = PolicyPlaces.of(PolicyPlaces.Format.TERRAFORM, type);
      if (places.isEmpty()) {
        if (awsProvider(type)) {
          for (HCLAttribute a : args.values()) {
            if (a.getName().contains("polic") && looksLikePolicy(a)) {
              out.add(new Found.Unsupported(file, at, address, type, "the argument " + a.getName() + " holds a policy, and Hornbeam"
                  + " does not know the type " + type));
              return;
            }
          }
        }
        return;
      }
      for (PolicyPlaces.Place p : places) {
        try {
          String overridden = p.holds() == PolicyPlaces.Holds.NOT_CONVERTED ? null : overridden(address, p);
          if (overridden != null) {
            out.add(new Found.Unsupported(file, at, address, type, overridden));
            continue;
          }
          String policyType = p.policyType();
          if (p.typedByArn()) {
            HCLAttribute arn = args.get(p.arnProperty());
            if (arn == null) {
              out.add(new Found.Broken(file, at, address, type, p.arnProperty() + " is required: it names the resource this policy is"
                  + " attached to, and so its type"));
              continue;
            }
            ArnTyping.Typed typed = typeByArn(p, value(children(arn), loc(arn)));
            if (typed instanceof ArnTyping.None none) {
              out.add(new Found.Unsupported(file, loc(arn), address, type, none.reason()));
              continue;
            }
            policyType = ((ArnTyping.Of) typed).type();
          }
          switch (p.holds()) {
            case RESOURCE_POLICY:
            case IDENTITY_POLICY: {
              HCLAttribute a = args.get(p.path());
              if (a == null) {
                continue;
              }
              if (children(a).size() == 1 && children(a).get(0) instanceof HCLValue v && ("".equals(v.value) || v.value == null)) {
                continue; // null or "": no policy, as Terraform.java reads a plan
              }
              Node doc = policy(a);
              if (doc instanceof Node.Scalar s && s.kind() == Node.Kind.NULL) {
                continue;
              }
              if (type.equals(Terraform.S3_BUCKET_POLICY)) {
                HCLAttribute bucket = args.get("bucket");
                ArnTyping.Typed typed = Terraform.s3BucketPolicyType(bucket == null ? new Node.Unknown("no bucket argument", at)
                    : value(children(bucket), loc(bucket)), doc);
                if (typed instanceof ArnTyping.None none) {
                  out.add(new Found.Unsupported(file, at, address, type, none.reason()));
                  continue;
                }
                policyType = ((ArnTyping.Of) typed).type();
              }
              out.add(new Found.Policy(file, at, address, type, policyType, p.path(), doc, notes));
              break;
            }
            case LAMBDA_PERMISSION: {
              Map<String, Node> m = new LinkedHashMap<>();
              for (HCLAttribute a : args.values()) {
                if (!META.contains(a.getName())) {
                  m.put(a.getName(), value(children(a), loc(a)));
                }
              }
              out.add(new Found.Policy(file, at, address, type, p.policyType(), "arguments",
                  LambdaPermission.policy(new Node.Obj(m, at), LambdaPermission.Style.TERRAFORM), notes));
              break;
            }
            case NOT_CONVERTED:
              out.add(new Found.Unsupported(file, at, address, type, "Hornbeam does not turn " + type
                  + " into the policy it grants yet (a resource of " + p.policyType() + ")"));
              break;
          }
        } catch (SourceException e) {
          out.add(new Found.Broken(file, e.loc().line() > 0 ? e.loc() : at, address, type, e.getMessage()));
        }
      }
    }

    /**
     * The type of a policy attached to the resource its ARN argument names ({@link ArnTyping}), as for a plan: a reference to
     * a resource's attribute ({@code aws_kinesis_stream_consumer.c.stream_arn}) by the type whose ARN that attribute is
     * ({@link ArnTyping#ofAttribute}), anything else by the one candidate the value may name.
     */
    private static ArnTyping.Typed typeByArn(PolicyPlaces.Place p, Node arn) {
      if (arn instanceof Node.Unknown u) {
        Matcher m = RESOURCE_ATTRIBUTE.matcher(u.expression());
        if (m.matches()) {
          return ArnTyping.ofAttribute(p.arnProperty(), u.expression(), m.group(1) + "." + m.group(2), m.group(1), m.group(4),
              p.arnTypes());
        }
      }
      return ArnTyping.of(p.arnProperty(), arn, p.arnTypes(), "write the ARN, or name the resource with the attribute that returns"
          + " its ARN");
    }

    /**
     * A module call: its arguments go to the module's own resources, which Hornbeam reads only in the module's
     * files. An argument that holds a policy (terraform-aws-modules/s3-bucket's {@code policy}) is UNSUPPORTED here,
     * never left unsaid; the module's files, or a plan (which lists the module's resources), are checked instead.
     */
    void module(HCLBlock b, List<Found> out) {
      String address = "module." + b.blockNames.get(1);
      Map<String, HCLAttribute> args;
      try {
        args = arguments(b);
      } catch (SourceException e) {
        out.add(new Found.Broken(file, e.loc(), address, "module", e.getMessage()));
        return;
      }
      for (HCLAttribute a : args.values()) {
        if (a.getName().contains("polic") && looksLikePolicy(a)) {
          out.add(new Found.Unsupported(file, loc(b), address, "module", "the module argument " + a.getName() + " holds a policy,"
              + " which the module gives to its resources: Hornbeam does not follow modules (check the module's .tf files, or a"
              + " plan, which lists the module's resources)"));
          return;
        }
      }
    }

    private boolean looksLikePolicy(HCLAttribute a) {
      List<Symbol> c = children(a);
      if (c.size() == 1 && c.get(0) instanceof HCLValue v && v.value instanceof String s) {
        return s.contains("\"Statement\"");
      }
      if (c.size() == 1 && c.get(0) instanceof VariableTree t) {
        return t.getName() != null && (t.getName().startsWith("data." + DOCUMENT + ".") || t.getName().equals("jsonencode"));
      }
      return false;
    }

    /** The policy an argument holds: JSON text (heredoc or string), jsonencode of an object, a data source's json. */
    Node policy(HCLAttribute a) throws SourceException {
      List<Symbol> c = children(a);
      Loc at = loc(a);
      if (c.isEmpty()) {
        throw new SourceException(at, "the argument " + a.getName() + " has no value");
      }
      Symbol only = c.size() == 1 ? c.get(0) : null;
      if (only instanceof StringInterpolatedExpression t) {
        Symbol inner = alone(t);
        if (inner != null) {
          only = inner;
        }
      }
      if (only instanceof VariableTree t && dataReference(t) != null) {
        return document(dataReference(t), at);
      }
      if (only instanceof HCLValue v && v.value instanceof String raw && heredoc(a)) {
        int first = HclReader.line(a) + 1;
        List<Node> parts = template(raw, first);
        if (parts.size() == 1 && parts.get(0) instanceof Node.Unknown u) {
          return u;
        }
        return json(parts, first, at);
      }
      Node v = value(c, at);
      if (v instanceof Node.Scalar s && s.kind() == Node.Kind.STRING) {
        return json(List.of(v), 0, at);
      }
      if (v instanceof Node.Partial p) {
        return json(p.parts(), 0, at);
      }
      if (v instanceof Node.Obj || v instanceof Node.Unknown || v instanceof Node.Scalar s2 && s2.kind() == Node.Kind.NULL) {
        return v;
      }
      throw new SourceException(at, "the argument " + a.getName() + " is neither JSON text nor jsonencode of an object");
    }

    private boolean heredoc(HCLAttribute a) {
      int i = HclReader.line(a) - 1;
      return i >= 0 && i < current.length && current[i].matches(".*=\\s*<<-?[A-Za-z_][A-Za-z0-9_-]*\\s*$");
    }

    /** The name of the aws_iam_policy_document that {@code data.aws_iam_policy_document.NAME.json} names, or null. */
    private String dataReference(VariableTree t) {
      String n = t.getName();
      if (n == null || children(t).stream().anyMatch(x -> !(x instanceof Variable) || x instanceof VariableTree)) {
        return null;
      }
      String[] p = n.split("\\.");
      return p.length == 4 && p[0].equals("data") && p[1].equals(DOCUMENT) && (p[3].equals("json") || p[3].equals("minified_json"))
          ? p[2] : null;
    }

    /** The expression of a template that is one interpolation alone ({@code "${x}"}), or null. */
    private Symbol alone(StringInterpolatedExpression t) {
      Symbol one = null;
      for (Symbol s : children(t)) {
        if (s instanceof HCLValue v && "".equals(v.value) || s instanceof Operator o && "+".equals(o.getName())) {
          continue;
        }
        if (one != null || !(s instanceof StringInterpolatedExpression)) {
          return null;
        }
        one = s;
      }
      return one != null && children(one).size() == 1 ? children(one).get(0) : null;
    }

    /** An expression (the symbols of one argument or item) as a value; anything not a literal is unknown. */
    Node value(List<Symbol> c, Loc at) throws SourceException {
      if (c.size() == 1) {
        return value(c.get(0));
      }
      return new Node.Unknown(text(c), c.isEmpty() ? at : loc(c.get(0)));
    }

    Node value(Symbol s) throws SourceException {
      Loc at = loc(s);
      if (s instanceof HCLValue v) {
        switch (String.valueOf(v.type)) {
          case "string":
            return literal(String.valueOf(v.value), at);
          case "number":
            return new Node.Scalar(String.valueOf(v.value), Node.Kind.NUMBER, at);
          case "boolean":
            return new Node.Scalar(String.valueOf(v.value), Node.Kind.BOOLEAN, at);
          case "null":
            return new Node.Scalar("null", Node.Kind.NULL, at);
          default:
            return new Node.Unknown(text(List.of(s)), at);
        }
      }
      if (s instanceof HCLArray a) {
        List<Node> items = new ArrayList<>();
        for (Symbol x : children(a)) {
          if (x instanceof Operator) {
            return new Node.Unknown(text(List.of(s)), at); // items with operators: their bounds are not known here
          }
          items.add(value(x));
        }
        return new Node.Arr(items, at);
      }
      if (s instanceof HCLBlock b) {
        return object(b); // value() is never given a body's nested block: a block here is an object literal
      }
      if (s instanceof StringInterpolatedExpression t) {
        return template(t);
      }
      if (s instanceof VariableTree t && t.getName() != null && t.getName().equals("jsonencode") && children(t).size() == 1
          && children(t).get(0) instanceof Function f) {
        List<Symbol> args = children(f);
        if (args.size() == 1) {
          Node v = value(args.get(0));
          if (v instanceof Node.Scalar sc && sc.kind() == Node.Kind.STRING) {
            return Node.Scalar.string("\"" + sc.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"", at);
          }
          return v; // an object or list: the policy reader takes it as the JSON text jsonencode makes of it
        }
      }
      if (s instanceof GroupedExpression g && !(s instanceof com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ForConditional)
          && children(g).size() == 1) {
        return value(children(g).get(0));
      }
      return reference(text(List.of(s)), at);
    }

    /** An object literal ({@code {k = v, …}}; hcl4j reads it as a block). */
    private Node object(HCLBlock b) throws SourceException {
      Map<String, Node> m = new LinkedHashMap<>();
      for (Symbol x : children(b)) {
        if (!(x instanceof HCLAttribute a) || a.getName() == null) {
          return new Node.Unknown(text(List.of(b)), loc(b));
        }
        if (m.put(a.getName(), value(children(a), loc(a))) != null) {
          throw new SourceException(loc(a), "the key " + a.getName() + " is given twice in one object");
        }
      }
      return new Node.Obj(m, loc(b));
    }

    /**
     * A string's text: <code>$${</code> and <code>%%{</code> are literal; a <code>%{…}</code> directive is unknown. hcl4j splits a
     * quoted string's interpolations out, not a heredoc's: a <code>${</code> left in the text is one, and is unknown.
     */
    private Node literal(String raw, Loc at) throws SourceException {
      if (raw.replace("$${", "").contains("${")) {
        // hcl4j places a heredoc's value at its closing line: its text starts as many lines above as it has newlines
        List<Node> parts = template(raw, at.line() - (int) raw.chars().filter(ch -> ch == '\n').count());
        return parts.size() == 1 ? parts.get(0) : Node.concat(parts, at);
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < raw.length(); i++) {
        if (raw.startsWith("$${", i) || raw.startsWith("%%{", i)) {
          sb.append(raw.charAt(i)).append('{');
          i += 2;
        } else if (raw.startsWith("%{", i)) {
          return new Node.Unknown("a template directive in \"" + raw + "\"", at);
        } else {
          sb.append(raw.charAt(i));
        }
      }
      return Node.Scalar.string(sb.toString(), at);
    }

    /** A quoted template with interpolations: its known text and unknown parts. */
    private Node template(StringInterpolatedExpression t) throws SourceException {
      Loc at = loc(t);
      Symbol one = alone(t);
      if (one != null) {
        return value(one);
      }
      List<Node> parts = new ArrayList<>();
      for (Symbol s : children(t)) {
        if (s instanceof Operator o && "+".equals(o.getName())) {
          continue;
        }
        Node v = s instanceof StringInterpolatedExpression inner ? value(children(inner), at) : value(s);
        if (v instanceof Node.Scalar sc && sc.kind() != Node.Kind.NULL || v instanceof Node.Unknown || v instanceof Node.Partial) {
          parts.add(v instanceof Node.Scalar sc2 ? Node.Scalar.string(sc2.text(), sc2.loc()) : v);
        } else {
          parts.add(new Node.Unknown(text(List.of(s)), at));
        }
      }
      return Node.concat(parts, at);
    }

    /** A heredoc's text as known text and unknown interpolations ({@code ${…}}); a directive makes it unknown. */
    private List<Node> template(String raw, int firstLine) throws SourceException {
      List<Node> parts = new ArrayList<>();
      StringBuilder sb = new StringBuilder();
      int line = firstLine;
      for (int i = 0; i < raw.length(); i++) {
        char ch = raw.charAt(i);
        if (raw.startsWith("$${", i) || raw.startsWith("%%{", i)) {
          sb.append(ch).append('{');
          i += 2;
        } else if (raw.startsWith("%{", i)) {
          return List.of(new Node.Unknown("a template directive (%{…}) in the heredoc", new Loc(line, 0)));
        } else if (raw.startsWith("${", i)) {
          int end = close(raw, i + 2);
          if (end < 0) {
            throw new SourceException(new Loc(line, 0), "not HCL: an interpolation ${ is not closed in the heredoc");
          }
          if (sb.length() > 0) {
            parts.add(Node.Scalar.string(sb.toString(), new Loc(line, 0)));
            sb.setLength(0);
          }
          parts.add(reference(raw.substring(i + 2, end).strip(), new Loc(line, 0)));
          line += (int) raw.substring(i, end).chars().filter(x -> x == '\n').count();
          i = end;
        } else {
          if (ch == '\n') {
            line++;
          }
          sb.append(ch);
        }
      }
      if (sb.length() > 0 || parts.isEmpty()) {
        parts.add(Node.Scalar.string(sb.toString(), new Loc(firstLine, 0)));
      }
      return parts;
    }

    /** The index of the '}' that closes an interpolation whose expression starts at {@code from}, or -1. */
    private static int close(String s, int from) {
      int depth = 1;
      for (int i = from; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch == '"') {
          for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
            if (s.charAt(i) == '\\') {
              i++;
            }
          }
        } else if (ch == '{') {
          depth++;
        } else if (ch == '}' && --depth == 0) {
          return i;
        }
      }
      return -1;
    }

    /**
     * JSON text made of known text and unknown parts, read with each unknown in its place: inside a JSON string
     * it is part of the string, elsewhere a whole value. Places are the file's ({@code firstLine} is the
     * text's first line, 0 when it is one quoted string at {@code at}).
     */
    private Node json(List<Node> parts, int firstLine, Loc at) throws SourceException {
      StringBuilder sb = new StringBuilder();
      List<Node.Unknown> unknowns = new ArrayList<>();
      boolean inString = false;
      boolean escape = false;
      for (Node p : parts) {
        if (p instanceof Node.Scalar s) {
          if (s.text().contains(MARK)) {
            throw new SourceException(at, "the policy holds the text " + MARK + ", which Hornbeam uses to read it");
          }
          for (char ch : s.text().toCharArray()) {
            if (escape) {
              escape = false;
            } else if (inString && ch == '\\') {
              escape = true;
            } else if (ch == '"') {
              inString = !inString;
            }
          }
          sb.append(s.text());
        } else {
          Node.Unknown u = p instanceof Node.Unknown x ? x : new Node.Unknown(Text.of(p), p.loc());
          if (!oneToken(u, inString)) {
            // Terraform language documentation, "Strings and Templates": an interpolation writes its value into the text
            // as it is. A value holding a '"' (or, outside a string, any JSON text) would end the string and be read
            // as the policy's own statements: what the policy is, not only this value, is not known.
            return new Node.Unknown(u.expression() + " written into the policy's JSON text (its value may hold JSON, which"
                + " would be read as the policy's own text)", u.loc());
          }
          String mark = MARK + unknowns.size() + "@@";
          unknowns.add(u);
          sb.append(inString ? mark : "\"" + mark + "\"");
        }
      }
      String text = sb.toString();
      if (!SourceReader.isJson(text.getBytes(StandardCharsets.UTF_8)) || text.isBlank()) {
        throw new SourceException(at, "the policy is a string that is not JSON (it does not start with { or [)");
      }
      Node read;
      try {
        read = SourceReader.read(text.getBytes(StandardCharsets.UTF_8));
      } catch (SourceException e) {
        throw new SourceException(place(e.loc(), firstLine, at), "the policy is a string that is not JSON: " + e.getMessage());
      }
      return unmark(read, unknowns, firstLine, at);
    }

    /**
     * Whether an interpolation written into JSON text stays one token there: inside a string, an attribute of an AWS
     * resource or data source that names or identifies it (an ARN, id, name, account id, region, partition: AWS's
     * identifiers hold no '"' or '\\'), or count.index; outside a string, also jsonencode(…), which writes exactly one
     * JSON value. A variable, local, module output, each.key or each.value, or another function may hold anything.
     */
    private static boolean oneToken(Node.Unknown u, boolean inString) {
      String e = u.expression();
      return ONE_TOKEN.matcher(e).matches() || e.equals("count.index") || !inString && e.startsWith("jsonencode(");
    }

    private static Loc place(Loc rel, int firstLine, Loc at) {
      return firstLine > 0 && rel.line() > 0 ? new Loc(firstLine + rel.line() - 1, 0) : at;
    }

    private Node unmark(Node n, List<Node.Unknown> unknowns, int firstLine, Loc at) {
      Loc l = place(n.loc(), firstLine, at);
      if (n instanceof Node.Obj o) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : o.members().entrySet()) {
          if (e.getKey().contains(MARK)) {
            return new Node.Unknown("an object with a key not known: " + marked(e.getKey(), unknowns, l), l);
          }
          m.put(e.getKey(), unmark(e.getValue(), unknowns, firstLine, at));
        }
        return new Node.Obj(m, l);
      }
      if (n instanceof Node.Arr a) {
        List<Node> items = new ArrayList<>();
        for (Node x : a.items()) {
          items.add(unmark(x, unknowns, firstLine, at));
        }
        return new Node.Arr(items, l);
      }
      if (n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING && s.text().contains(MARK)) {
        List<Node> parts = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(MARK) + "([0-9]+)@@").matcher(s.text());
        int last = 0;
        while (m.find()) {
          if (m.start() > last) {
            parts.add(Node.Scalar.string(s.text().substring(last, m.start()), l));
          }
          Node.Unknown u = unknowns.get(Integer.parseInt(m.group(1)));
          parts.add(new Node.Unknown(u.expression(), u.domain(), u.same(), l));
          last = m.end();
        }
        if (last < s.text().length()) {
          parts.add(Node.Scalar.string(s.text().substring(last), l));
        }
        return parts.size() == 1 ? parts.get(0) : Node.concat(parts, l);
      }
      if (n instanceof Node.Scalar s) {
        return new Node.Scalar(s.text(), s.kind(), l);
      }
      return n;
    }

    private static String marked(String key, List<Node.Unknown> unknowns, Loc l) {
      Matcher m = Pattern.compile(Pattern.quote(MARK) + "([0-9]+)@@").matcher(key);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement("${" + unknowns.get(Integer.parseInt(m.group(1))).expression() + "}"));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    /**
     * The policy an {@code aws_iam_policy_document} data source makes, as the AWS provider writes it (Terraform
     * AWS provider documentation, "Data Source: aws_iam_policy_document"): {@code version} (default
     * 2012-10-17), {@code policy_id} as Id, each {@code statement} block as a statement — {@code sid},
     * {@code effect} (default Allow), {@code actions}, {@code not_actions}, {@code resources},
     * {@code not_resources}, {@code principals} and {@code not_principals} blocks ({@code type},
     * {@code identifiers}; type "*" with identifiers ["*"] is {@code "Principal": "*"}), {@code condition} blocks
     * ({@code test}, {@code variable}, {@code values}). A document merging others ({@code source_policy_documents},
     * {@code override_policy_documents}, {@code source_json}, {@code override_json}) is unknown: the merge is not
     * modelled. A {@code dynamic "statement"} makes an unknown statement.
     */
    private Node document(String name, Loc at) throws SourceException {
      List<DataDoc> found = docs.getOrDefault(name, List.of());
      String ref = "data." + DOCUMENT + "." + name + ".json";
      if (found.isEmpty()) {
        return new Node.Unknown(ref + " (no such data source in the module's files read)", at);
      }
      if (found.size() > 1) {
        return new Node.Unknown(ref + " (the data source is defined " + found.size() + " times)", at);
      }
      DataDoc d = found.get(0);
      String[] before = current;
      current = d.lines();
      try {
        return document(d.block(), ref);
      } finally {
        current = before;
      }
    }

    private Node document(HCLBlock b, String ref) throws SourceException {
      Loc at = loc(b);
      Map<String, HCLAttribute> args = arguments(b);
      for (String merge : List.of("source_policy_documents", "override_policy_documents", "source_json", "override_json")) {
        if (args.containsKey(merge)) {
          return new Node.Unknown(ref + " merges other documents (" + merge + "), which Hornbeam does not model", loc(args.get(merge)));
        }
      }
      for (String k : args.keySet()) {
        if (!List.of("version", "policy_id").contains(k) && !META.contains(k)) {
          throw new SourceException(loc(args.get(k)), k + " is not an argument of " + DOCUMENT + " (version, policy_id, statement,"
              + " source_policy_documents, override_policy_documents)");
        }
      }
      List<Node> statements = new ArrayList<>();
      for (HCLBlock s : blocks(b)) {
        String kind = s.blockNames.get(0);
        if (kind.equals("statement")) {
          statements.add(statement(s));
        } else if (kind.equals("dynamic") && s.blockNames.size() > 1 && s.blockNames.get(1).equals("statement")) {
          statements.add(new Node.Unknown(ref + ": dynamic \"statement\" blocks (how many statements, and what they hold, is not"
              + " known)", loc(s)));
        } else if (!kind.equals("lifecycle")) {
          throw new SourceException(loc(s), "a " + kind + " block is not one of " + DOCUMENT + "'s (statement)");
        }
      }
      Map<String, Node> doc = new LinkedHashMap<>();
      doc.put("Version", args.containsKey("version") ? value(children(args.get("version")), at) : Node.Scalar.string("2012-10-17", at));
      if (args.containsKey("policy_id")) {
        doc.put("Id", value(children(args.get("policy_id")), at));
      }
      doc.put("Statement", new Node.Arr(statements, at));
      return new Node.Obj(doc, at);
    }

    private Node statement(HCLBlock s) throws SourceException {
      Loc at = loc(s);
      Map<String, HCLAttribute> args = arguments(s);
      Map<String, String> names = new LinkedHashMap<>();
      names.put("sid", "Sid");
      names.put("effect", "Effect");
      names.put("actions", "Action");
      names.put("not_actions", "NotAction");
      names.put("resources", "Resource");
      names.put("not_resources", "NotResource");
      for (String k : args.keySet()) {
        if (!names.containsKey(k)) {
          throw new SourceException(loc(args.get(k)), k + " is not an argument of an " + DOCUMENT + " statement ("
              + String.join(", ", names.keySet()) + ", and principals, not_principals and condition blocks)");
        }
      }
      Map<String, Node> st = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : names.entrySet()) {
        HCLAttribute a = args.get(e.getKey());
        if (a == null) {
          if (e.getKey().equals("effect")) {
            st.put("Effect", Node.Scalar.string("Allow", at)); // the provider's default
          }
          continue;
        }
        Node v = value(children(a), loc(a));
        if (e.getKey().equals("sid") && v instanceof Node.Scalar sc && sc.text().isEmpty()) {
          continue; // the provider leaves an empty sid out
        }
        st.put(e.getValue(), v);
      }
      List<HCLBlock> principals = new ArrayList<>();
      List<HCLBlock> notPrincipals = new ArrayList<>();
      List<HCLBlock> conditions = new ArrayList<>();
      Map<String, Node> dynamic = new LinkedHashMap<>();
      for (HCLBlock x : blocks(s)) {
        String kind = x.blockNames.get(0);
        if (kind.equals("principals")) {
          principals.add(x);
        } else if (kind.equals("not_principals")) {
          notPrincipals.add(x);
        } else if (kind.equals("condition")) {
          conditions.add(x);
        } else if (kind.equals("dynamic") && x.blockNames.size() > 1
            && List.of("principals", "not_principals", "condition").contains(x.blockNames.get(1))) {
          String of = x.blockNames.get(1);
          dynamic.put(of.equals("principals") ? "Principal" : of.equals("condition") ? "Condition" : "NotPrincipal",
              new Node.Unknown("dynamic \"" + of + "\" blocks", loc(x)));
        } else {
          throw new SourceException(loc(x), "a " + String.join(" ", x.blockNames) + " block is not one of an " + DOCUMENT
              + " statement's (principals, not_principals, condition)");
        }
      }
      if (!principals.isEmpty()) {
        st.put("Principal", principals(principals, at));
      }
      if (!notPrincipals.isEmpty()) {
        st.put("NotPrincipal", principals(notPrincipals, at));
      }
      if (!conditions.isEmpty()) {
        st.put("Condition", conditions(conditions, at));
      }
      st.putAll(dynamic);
      return new Node.Obj(st, at);
    }

    private Node principals(List<HCLBlock> bs, Loc at) throws SourceException {
      Map<String, Node> m = new LinkedHashMap<>();
      for (HCLBlock b : bs) {
        Map<String, HCLAttribute> args = arguments(b);
        if (!args.containsKey("type") || !args.containsKey("identifiers") || args.size() != 2) {
          throw new SourceException(loc(b), "a " + b.blockNames.get(0) + " block has type and identifiers, and nothing else");
        }
        Node type = value(children(args.get("type")), loc(b));
        Node ids = value(children(args.get("identifiers")), loc(b));
        if (!(type instanceof Node.Scalar t && t.kind() == Node.Kind.STRING)) {
          return new Node.Unknown("a " + b.blockNames.get(0) + " block's type: " + Text.of(type), loc(b));
        }
        if (t.text().equals("*")) {
          if (bs.size() != 1 || !(ids instanceof Node.Arr a && a.items().size() == 1 && a.items().get(0) instanceof Node.Scalar one
              && one.text().equals("*"))) {
            throw new SourceException(loc(b), "a " + b.blockNames.get(0) + " block of type \"*\" has identifiers [\"*\"] and is the"
                + " statement's only one");
          }
          return Node.Scalar.string("*", loc(b));
        }
        Node old = m.get(t.text());
        if (old == null) {
          m.put(t.text(), ids);
        } else if (old instanceof Node.Arr x && ids instanceof Node.Arr y) {
          List<Node> both = new ArrayList<>(x.items());
          both.addAll(y.items());
          m.put(t.text(), new Node.Arr(both, x.loc()));
        } else {
          m.put(t.text(), new Node.Unknown("the " + t.text() + " identifiers of several blocks, one not known", loc(b)));
        }
      }
      return new Node.Obj(m, at);
    }

    private Node conditions(List<HCLBlock> bs, Loc at) throws SourceException {
      Map<String, Map<String, Node>> m = new LinkedHashMap<>();
      for (HCLBlock b : bs) {
        Map<String, HCLAttribute> args = arguments(b);
        if (!args.keySet().equals(Set.of("test", "variable", "values"))) {
          throw new SourceException(loc(b), "a condition block has test, variable and values, and nothing else");
        }
        Node test = value(children(args.get("test")), loc(b));
        Node variable = value(children(args.get("variable")), loc(b));
        Node values = value(children(args.get("values")), loc(b));
        if (!(test instanceof Node.Scalar t) || !(variable instanceof Node.Scalar v)) {
          return new Node.Unknown("a condition block's test or variable: " + Text.of(test) + " " + Text.of(variable), loc(b));
        }
        Map<String, Node> keys = m.computeIfAbsent(t.text(), k -> new LinkedHashMap<>());
        Node old = keys.get(v.text());
        if (old == null) {
          keys.put(v.text(), values);
        } else if (old instanceof Node.Arr x && values instanceof Node.Arr y) {
          List<Node> both = new ArrayList<>(x.items());
          both.addAll(y.items());
          keys.put(v.text(), new Node.Arr(both, x.loc()));
        } else {
          keys.put(v.text(), new Node.Unknown("the values of several " + t.text() + " " + v.text() + " conditions, one not known",
              loc(b)));
        }
      }
      Map<String, Node> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, new Node.Obj(v, at)));
      return new Node.Obj(out, at);
    }
  }

  /** An expression as written, roughly, for messages ({@code var.x}, {@code lookup(…)}, {@code a ? b : c}). */
  static String text(List<Symbol> c) {
    return c.stream().map(TerraformConfig::text).collect(Collectors.joining(" "));
  }

  private static String text(Symbol s) {
    if (s instanceof VariableTree t) {
      List<Symbol> c = children(t);
      if (c.size() == 1 && c.get(0) instanceof Function f) {
        return f.getName() + "(…)";
      }
      StringBuilder sb = new StringBuilder();
      for (Symbol x : c) {
        if (x instanceof HCLArray) {
          sb.append("[").append(text(children(x))).append("]");
        } else if (x instanceof Function f) {
          sb.append(sb.length() > 0 ? "." : "").append(f.getName()).append("(…)");
        } else {
          sb.append(sb.length() > 0 ? "." : "").append(x.getName());
        }
      }
      return sb.toString();
    }
    if (s instanceof HCLValue v) {
      return "string".equals(v.type) ? "\"" + v.value + "\"" : String.valueOf(v.value);
    }
    if (s instanceof Operator o) {
      return o.getName();
    }
    if (s instanceof Function f) {
      return f.getName() + "(…)";
    }
    if (s instanceof StringInterpolatedExpression) {
      return "a string template";
    }
    if (s instanceof HCLArray) {
      return "[" + text(children(s)) + "]";
    }
    if (s instanceof HCLBlock b && b.blockNames.size() == 1 && b.blockNames.get(0).startsWith("[for")) {
      return "a for expression";
    }
    String kind = s.getClass().getSimpleName();
    return kind.equals("ComputedTuple") || kind.equals("ComputedObject") ? "a for expression" : kind.equals("HCLBlock") ? "{…}"
        : s.getName() == null ? kind : s.getName();
  }
}
