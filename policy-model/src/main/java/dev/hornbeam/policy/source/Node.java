package dev.hornbeam.policy.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML value read from a file where users keep policies, each with its place in the file; after
 * CloudFormation's intrinsic functions or Terraform's {@code after_unknown} are taken into account, also
 * values that are not known before deployment ({@link Unknown}) and strings with unknown parts
 * ({@link Partial}). An unknown is never given a fixed value: {@link Widening} decides what it may do.
 */
public sealed interface Node {
  Loc loc();

  record Obj(Map<String, Node> members, Loc loc) implements Node {
    public Obj {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }
  }

  record Arr(List<Node> items, Loc loc) implements Node {
    public Arr {
      items = List.copyOf(items);
    }
  }

  enum Kind { STRING, NUMBER, BOOLEAN, NULL }

  /** A string, number (its text as written), boolean or null. */
  record Scalar(String text, Kind kind, Loc loc) implements Node {
    public static Scalar string(String text, Loc loc) {
      return new Scalar(text, Kind.STRING, loc);
    }
  }

  /**
   * A value not known before deployment.
   *
   * @param expression what it is, as written ({@code Ref BucketName}, {@code ${AWS::AccountId}},
   *     {@code known after apply: aws_s3_bucket_policy.b.policy})
   * @param domain every value it can take when that is a short list known in advance ({@code AWS::Partition}:
   *     the partitions); empty when it may be anything
   * @param same the name of a value that is one and the same wherever it is written under this name in one
   *     deployment ({@code AWS::AccountId}, {@code AWS::Partition}): with an empty domain, one 12-digit account
   *     id ({@link #account}); empty for a value that may differ at each place it is written
   */
  record Unknown(String expression, List<String> domain, String same, Loc loc) implements Node {
    public Unknown {
      domain = List.copyOf(domain);
      java.util.Objects.requireNonNull(same);
    }

    public Unknown(String expression, List<String> domain, Loc loc) {
      this(expression, domain, "", loc);
    }

    public Unknown(String expression, Loc loc) {
      this(expression, List.of(), "", loc);
    }

    /** Whether this is one fixed 12-digit account id, not known before deployment ({@link Deployment}). */
    public boolean account() {
      return !same.isEmpty() && domain.isEmpty();
    }
  }

  /** A string made of known text ({@link Scalar} strings) and at least one {@link Unknown}, in order. */
  record Partial(List<Node> parts, Loc loc) implements Node {
    public Partial {
      parts = List.copyOf(parts);
    }
  }

  /**
   * One of several known values, which one not known before deployment ({@code Fn::If} on a condition that
   * depends on a parameter).
   *
   * @param alternatives the values it may be
   * @param maybeAbsent whether it may also be no value at all ({@code AWS::NoValue})
   */
  record Choice(String expression, List<Node> alternatives, boolean maybeAbsent, Loc loc) implements Node {
    public Choice {
      alternatives = List.copyOf(alternatives);
    }
  }

  /**
   * The values directly inside {@code n}: an object's members, a list's items, a choice's alternatives; none for a
   * scalar, an unknown or a string with unknowns ({@link Partial}, whose parts are pieces of one string).
   */
  static List<Node> children(Node n) {
    return n instanceof Obj o ? List.copyOf(o.members().values()) : n instanceof Arr a ? a.items()
        : n instanceof Choice c ? c.alternatives() : List.of();
  }

  /** The unknown values in {@code n}, in document order (a choice as one unknown naming its expression). */
  static List<Unknown> unknowns(Node n) {
    List<Unknown> out = new ArrayList<>();
    collect(n, out);
    return out;
  }

  private static void collect(Node n, List<Unknown> out) {
    if (n instanceof Unknown u) {
      out.add(u);
    } else if (n instanceof Choice c) {
      out.add(new Unknown(c.expression(), c.loc()));
    } else if (n instanceof Partial p) {
      p.parts().forEach(x -> collect(x, out));
    } else if (n instanceof Obj o) {
      o.members().values().forEach(x -> collect(x, out));
    } else if (n instanceof Arr a) {
      a.items().forEach(x -> collect(x, out));
    }
  }

  /** Concatenates strings and unknowns: a {@link Scalar} when every part is known, else a {@link Partial}. */
  static Node concat(List<Node> parts, Loc loc) {
    List<Node> flat = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean unknown = false;
    for (Node p : parts) {
      List<Node> pieces = p instanceof Partial q ? q.parts() : List.of(p);
      for (Node x : pieces) {
        if (x instanceof Scalar s) {
          text.append(s.text());
        } else {
          if (text.length() > 0) {
            flat.add(Scalar.string(text.toString(), loc));
            text.setLength(0);
          }
          flat.add(x);
          unknown = true;
        }
      }
    }
    if (!unknown) {
      return Scalar.string(text.toString(), loc);
    }
    if (text.length() > 0) {
      flat.add(Scalar.string(text.toString(), loc));
    }
    return new Partial(flat, loc);
  }
}
