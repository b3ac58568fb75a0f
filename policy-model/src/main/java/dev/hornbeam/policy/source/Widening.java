package dev.hornbeam.policy.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a policy holding values unknown before deployment into a policy Hornbeam can answer for, which
 * allows at least every request that the policy allows for any values the unknowns may take. The rule
 * (issue 16): AWS allows a request when an Allow statement matches it and no Deny statement does (IAM
 * User Guide, "Policy evaluation logic"), so
 * <ul>
 *   <li>a Deny statement holding an unknown is left out (less denial);
 *   <li>an unknown Effect is Allow; an unknown statement, or an unknown Statement or policy, is
 *       {@code {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}};
 *   <li>in an Allow statement, an unknown in {@code Principal}, or an entry of {@code Action} or
 *       {@code Resource} holding one, becomes {@code "*"}; a known choice of values ({@code Fn::If}) becomes
 *       all its values ({@code "*"} when the whole {@code Action} or {@code Resource} may be left out), and a string whose only unknowns have a short list of values ({@code AWS::Partition})
 *       becomes every string they make (a list of entries matches their union);
 *   <li>an unknown in {@code NotPrincipal}, {@code NotAction} or {@code NotResource} of an Allow makes it
 *       {@code Principal}, {@code Action} or {@code Resource} {@code "*"} (the element then matches everything);
 *   <li>a {@code Condition} entry (operator and key) holding an unknown is left out: the other entries
 *       still all have to hold, fewer conditions allow more; an unknown {@code Condition} is left out whole;
 *   <li>an unknown {@code Sid} or {@code Id} is left out. An unknown {@code Version}, or an unknown in any
 *       other element, is refused (the policy is not checked), since no widening of it is known to be sound.
 * </ul>
 * Every unknown met is named in a {@link Note}. {@code WideningPropertiesTest} checks the rule against the
 * reference evaluator.
 *
 * <p>Allowing more is not being more public: who is a stranger depends on what the policy names, and listing every
 * value of a choice or partition names more. The public-access question therefore takes such choices and partitions
 * one value at a time first ({@link Deployment}), and widens each result.
 */
public final class Widening {
  private Widening() {}

  /** How many strings a string with finite-domain unknowns may expand into before it becomes "*". */
  static final int MAX_EXPANSION = 64;

  /**
   * An unknown value and what was done with it.
   *
   * @param pointer where it is in the policy as written (RFC 6901)
   * @param expression the unknown as written ({@code Ref BucketArn})
   * @param loc where it is in the source file
   * @param effect what the widening did ({@code Principal widened to "*"})
   */
  public record Note(String pointer, String expression, Loc loc, String effect) {
    public String toLine() {
      return (pointer.isEmpty() ? "/" : pointer) + " = " + expression + ": " + effect;
    }
  }

  /**
   * The policy to check.
   *
   * @param json its JSON text (empty when refused)
   * @param notes every unknown value and what was done with it
   * @param statementLocs where each statement of {@code json} (by index) comes from in the source file
   * @param refusal why it cannot be widened soundly, when it cannot
   */
  public record Widened(byte[] json, List<Note> notes, List<Loc> statementLocs, Optional<String> refusal) {
    public Widened {
      notes = List.copyOf(notes);
      statementLocs = List.copyOf(statementLocs);
    }

    public boolean hasUnknowns() {
      return !notes.isEmpty();
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** Widens {@code policy}; {@code identity} for identity policies (their statements have no Principal). */
  public static Widened widen(Node policy, boolean identity) {
    Run run = new Run(identity);
    Object out;
    try {
      out = run.policy(policy);
    } catch (Refused r) {
      return new Widened(new byte[0], run.notes, List.of(), Optional.of(r.getMessage()));
    }
    return new Widened(write(out), run.notes, run.statementLocs, Optional.empty());
  }

  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** Output values: Map (object), List (array), String, or a {@link Node.Scalar} written as its kind. */
  private static final class Run {
    final boolean identity;
    final List<Note> notes = new ArrayList<>();
    final List<Loc> statementLocs = new ArrayList<>();

    Run(boolean identity) {
      this.identity = identity;
    }

    void note(Node n, String pointer, String effect) {
      for (Node.Unknown u : Node.unknowns(n)) {
        notes.add(new Note(pointer, u.expression(), u.loc(), effect));
      }
    }

    Object policy(Node p) throws Refused {
      if (unknown(p)) {
        note(p, "", "the whole policy is unknown: checked as a policy that allows everything");
        statementLocs.add(p.loc());
        Map<String, Object> all = new LinkedHashMap<>(); // in this order: Map.of's order differs from run to run
        all.put("Version", "2012-10-17");
        all.put("Statement", List.of(open()));
        return all;
      }
      if (!(p instanceof Node.Obj o)) {
        return known(p, "");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        String ptr = "/" + escape(e.getKey());
        Node v = e.getValue();
        if (e.getKey().equals("Statement")) {
          List<Object> statements = statements(v, ptr);
          if (statements.isEmpty() && has(v)) {
            // Every statement was a Deny left out: the policy allows nothing, said as AWS reads it.
            Map<String, Object> none = open();
            none.put("Effect", "Deny");
            statements.add(none);
            statementLocs.add(v.loc());
          }
          out.put("Statement", statements);
        } else if (e.getKey().equals("Id") && has(v)) {
          note(v, ptr, "Id left out");
        } else {
          out.put(e.getKey(), known(v, ptr));
        }
      }
      return out;
    }

    List<Object> statements(Node v, String ptr) throws Refused {
      List<Object> out = new ArrayList<>();
      if (v instanceof Node.Arr a) {
        for (int i = 0; i < a.items().size(); i++) {
          statement(a.items().get(i), ptr + "/" + i, false, out);
        }
      } else {
        statement(v, ptr, false, out);
      }
      return out;
    }

    void statement(Node s, String ptr, boolean chosen, List<Object> out) throws Refused {
      if (s instanceof Node.Choice c) {
        note(c, ptr, "each statement it may be is checked (an Allow widened, a Deny left out)");
        for (Node alt : c.alternatives()) {
          if (alt instanceof Node.Arr a) {
            for (Node x : a.items()) {
              statement(x, ptr, true, out);
            }
          } else {
            statement(alt, ptr, true, out);
          }
        }
        return;
      }
      if (unknown(s)) {
        note(s, ptr, "an unknown statement: checked as one that allows everything");
        statementLocs.add(s.loc());
        out.add(open());
        return;
      }
      if (!(s instanceof Node.Obj o)) {
        statementLocs.add(s.loc());
        out.add(known(s, ptr));
        return;
      }
      Node effect = o.members().get("Effect");
      boolean deny = effect instanceof Node.Scalar e && e.text().equals("Deny");
      if (deny) {
        if (chosen || has(o)) {
          if (!chosen) {
            note(o, ptr, "the Deny statement holding it is left out");
          }
          return;
        }
        statementLocs.add(o.loc());
        out.add(known(o, ptr));
        return;
      }
      Map<String, Object> w = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        String k = e.getKey();
        Node v = e.getValue();
        String p = ptr + "/" + escape(k);
        if (!has(v)) {
          w.put(k, known(v, p));
          continue;
        }
        switch (k) {
          case "Effect":
            note(v, p, "Effect taken as Allow");
            w.put(k, "Allow");
            break;
          case "Sid":
            note(v, p, "Sid left out");
            break;
          case "Principal": {
            Optional<Object> entries = principal(v, p);
            if (entries.isEmpty()) {
              note(v, p, "Principal widened to \"*\"");
            }
            w.put(k, entries.orElse("*"));
            break;
          }
          case "Action":
          case "Resource":
            w.put(k, entries(v, p, k));
            break;
          case "NotPrincipal":
          case "NotAction":
          case "NotResource": {
            String positive = k.substring(3);
            note(v, p, k + " replaced by " + positive + " \"*\" (it then matches everything)");
            w.put(positive, "*");
            break;
          }
          case "Condition": {
            Object c = condition(v, p);
            if (c != null) {
              w.put(k, c);
            }
            break;
          }
          default:
            throw new Refused(p + " holds a value not known before deployment (" + Node.unknowns(v).get(0).expression()
                + ") in an element Hornbeam does not widen");
        }
      }
      statementLocs.add(o.loc());
      out.add(w);
    }

    /** A Principal with its unknowns expanded, or empty when it must become "*". */
    Optional<Object> principal(Node v, String ptr) {
      if (!(v instanceof Node.Obj o)) {
        return Optional.empty();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : o.members().entrySet()) {
        Optional<List<Object>> xs = expand(e.getValue());
        if (xs.isEmpty()) {
          return Optional.empty();
        }
        out.put(e.getKey(), xs.get());
      }
      note(v, ptr, "each value it may take is listed");
      return Optional.of(out);
    }

    /** Action or Resource: each entry holding an unknown expanded, or "*". */
    Object entries(Node v, String ptr, String element) {
      if (v instanceof Node.Choice c && c.maybeAbsent()) {
        // The element itself may be left out (AWS::NoValue): a statement without it matches every action or
        // resource as the evaluator reads it, so no list of the values it may take covers that case.
        note(v, ptr, element + " may be absent: widened to \"*\"");
        return "*";
      }
      List<Node> items = v instanceof Node.Arr a ? a.items() : List.of(v);
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Node x = items.get(i);
        String p = v instanceof Node.Arr ? ptr + "/" + i : ptr;
        if (!has(x)) {
          out.add(scalarOrSelf(x));
          continue;
        }
        Optional<List<Object>> xs = expand(x);
        if (xs.isPresent()) {
          note(x, p, "each value it may take is listed");
          out.addAll(xs.get());
        } else {
          note(x, p, element + " entry widened to \"*\"");
          out.add("*");
        }
      }
      return v instanceof Node.Arr ? out : out.size() == 1 ? out.get(0) : out;
    }

    /** Every string an entry may be, when that is a short known list; empty when it may be anything. */
    Optional<List<Object>> expand(Node x) {
      if (x instanceof Node.Scalar s) {
        return Optional.of(List.of(scalarOrSelf(s)));
      }
      if (x instanceof Node.Arr a) {
        List<Object> out = new ArrayList<>();
        for (Node i : a.items()) {
          Optional<List<Object>> xs = expand(i);
          if (xs.isEmpty()) {
            return Optional.empty();
          }
          out.addAll(xs.get());
        }
        return Optional.of(out);
      }
      if (x instanceof Node.Choice c) {
        List<Object> out = new ArrayList<>();
        for (Node alt : c.alternatives()) {
          Optional<List<Object>> xs = expand(alt);
          if (xs.isEmpty()) {
            return Optional.empty();
          }
          out.addAll(xs.get());
        }
        return out.size() <= MAX_EXPANSION ? Optional.of(out) : Optional.empty();
      }
      if (x instanceof Node.Unknown u && !u.domain().isEmpty()) {
        return Optional.of(List.copyOf(u.domain()));
      }
      if (x instanceof Node.Partial p) {
        List<String> acc = List.of("");
        for (Node part : p.parts()) {
          List<String> values;
          if (part instanceof Node.Scalar s) {
            values = List.of(s.text());
          } else if (part instanceof Node.Unknown u && !u.domain().isEmpty()) {
            values = u.domain();
          } else {
            return Optional.empty();
          }
          List<String> next = new ArrayList<>();
          for (String a : acc) {
            for (String b : values) {
              next.add(a + b);
            }
          }
          if (next.size() > MAX_EXPANSION) {
            return Optional.empty();
          }
          acc = next;
        }
        return Optional.of(new ArrayList<>(acc));
      }
      return Optional.empty();
    }

    /** A Condition with every entry holding an unknown left out; null when nothing is left. */
    Object condition(Node v, String ptr) throws Refused {
      if (!(v instanceof Node.Obj o)) {
        note(v, ptr, "the Condition is left out (fewer conditions allow more)");
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Node> op : o.members().entrySet()) {
        String p = ptr + "/" + escape(op.getKey());
        if (!(op.getValue() instanceof Node.Obj keys)) {
          if (has(op.getValue())) {
            note(op.getValue(), p, "the condition operator's entries are left out (fewer conditions allow more)");
          } else {
            out.put(op.getKey(), known(op.getValue(), p));
          }
          continue;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Node> k : keys.members().entrySet()) {
          String kp = p + "/" + escape(k.getKey());
          if (has(k.getValue())) {
            note(k.getValue(), kp, "the condition on " + k.getKey() + " is left out (fewer conditions allow more)");
          } else {
            kept.put(k.getKey(), known(k.getValue(), kp));
          }
        }
        if (!kept.isEmpty() || keys.members().isEmpty()) {
          out.put(op.getKey(), kept);
        }
      }
      return out.isEmpty() && !o.members().isEmpty() ? null : out;
    }

    Map<String, Object> open() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("Effect", "Allow");
      if (!identity) {
        s.put("Principal", "*");
      }
      s.put("Action", "*");
      s.put("Resource", "*");
      return s;
    }

    /** A value with no unknown, as it is; one with an unknown is refused. */
    Object known(Node n, String ptr) throws Refused {
      if (has(n)) {
        throw new Refused(ptr + " holds a value not known before deployment (" + Node.unknowns(n).get(0).expression()
            + ") in an element Hornbeam does not widen");
      }
      return plain(n);
    }
  }

  static boolean unknown(Node n) {
    return n instanceof Node.Unknown || n instanceof Node.Partial || n instanceof Node.Choice;
  }

  static boolean has(Node n) {
    return !Node.unknowns(n).isEmpty();
  }

  private static Object scalarOrSelf(Node n) {
    return n instanceof Node.Scalar s && s.kind() == Node.Kind.STRING ? s.text() : n;
  }

  /** A node without unknowns as output values. */
  static Object plain(Node n) {
    if (n instanceof Node.Obj o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.members().forEach((k, v) -> m.put(k, plain(v)));
      return m;
    }
    if (n instanceof Node.Arr a) {
      List<Object> l = new ArrayList<>();
      a.items().forEach(x -> l.add(plain(x)));
      return l;
    }
    return scalarOrSelf(n);
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  static byte[] write(Object v) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      write(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static final java.util.regex.Pattern JSON_NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  @SuppressWarnings("unchecked")
  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object x : l) {
        write(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Node.Scalar s) {
      switch (s.kind()) {
        case STRING:
          g.writeString(s.text());
          break;
        case NUMBER:
          if (JSON_NUMBER.matcher(s.text()).matches()) {
            g.writeNumber(s.text());
          } else {
            g.writeString(s.text());
          }
          break;
        case BOOLEAN:
          g.writeBoolean(s.text().equalsIgnoreCase("true"));
          break;
        case NULL:
          g.writeNull();
          break;
      }
    } else {
      throw new IllegalStateException("not a plain value: " + v);
    }
  }
}
