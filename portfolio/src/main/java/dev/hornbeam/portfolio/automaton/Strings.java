package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.StringFormula;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.automaton.Automaton;

/**
 * The string theory. A literal on one variable and constants (equal to, prefix, suffix, in a regular
 * expression, or the negation of one) narrows that variable's language at once. A literal relating
 * several variables waits for the leaf, where (1) a positive equation {@code x = t} with {@code x} a
 * variable defines {@code x} (the caller's ARN from its parts), (2) every other literal becomes "this
 * concatenation of constants and free variables is in the language L", and (3) such constraints are
 * decided by splitting the run of a deterministic automaton for L at the variables' boundaries: the
 * concatenation is in L iff there are states q_i such that each variable's string leads from q_i to
 * q_{i+1} — a finite choice, each branch a regular constraint per variable. Exact for these shapes;
 * anything else (an equation with variables on both sides and no variable alone, a negated one, an
 * if-then-else term) is UNSUPPORTED.
 */
final class Strings {
  /** A piece of a concatenation. */
  sealed interface Piece permits Text, Ref {}

  record Text(String text) implements Piece {}

  record Ref(String name) implements Piece {}

  /** {@code pieces} (concatenated) must be in {@code language}. */
  record Constraint(List<Piece> pieces, Automaton language) {}

  private final Languages languages;
  private final Map<String, Formula> definitions;
  private final Map<Automaton, Automaton> dfas = new IdentityHashMap<>();

  Strings(Languages languages, Map<String, Formula> definitions) {
    this.languages = languages;
    this.definitions = definitions;
  }

  /** The pieces of a term, pinned values read as text, adjacent texts joined. */
  List<Piece> pieces(StringFormula t) {
    List<Piece> out = new ArrayList<>();
    pieces(t, out);
    List<Piece> joined = new ArrayList<>();
    for (Piece p : out) {
      if (p instanceof Text x && !joined.isEmpty() && joined.get(joined.size() - 1) instanceof Text y) {
        joined.set(joined.size() - 1, new Text(y.text() + x.text()));
      } else if (!(p instanceof Text x && x.text().isEmpty())) {
        joined.add(p);
      }
    }
    return joined;
  }

  private void pieces(StringFormula t, List<Piece> out) {
    if (t instanceof StringFormula.Const c) {
      out.add(new Text(c.value()));
    } else if (t instanceof StringFormula.Var v) {
      if (definitions.get(v.name()) instanceof StringFormula d) {
        pieces(d, out);
      } else {
        out.add(new Ref(v.name()));
      }
    } else if (t instanceof StringFormula.Concat c) {
      for (StringFormula p : c.parts()) {
        pieces(p, out);
      }
    } else if (t instanceof StringFormula.Ite) {
      throw Unknown.UNSUPPORTED.because("an if-then-else string (a policy variable with a default)");
    } else {
      throw Unknown.UNSUPPORTED.because("a string term of no known kind");
    }
  }

  /** An atom's subject and the other side (the prefix, suffix or constant; empty for a regular expression). */
  private record Sides(List<Piece> subject, List<Piece> other) {}

  /** The variable of a string atom on one variable and constants, else null. */
  private String oneVariable(BoolFormula atom) {
    Sides sides;
    try {
      sides = sides(atom);
    } catch (Unknown.GiveUp g) {
      return null;
    }
    if (sides == null || text(sides.other()) == null || sides.subject().size() != 1 || !(sides.subject().get(0) instanceof Ref r)) {
      return null;
    }
    return r.name();
  }

  /** The two sides of a string atom, the text side (if any) as {@code other}; null for another kind. */
  private Sides sides(BoolFormula atom) {
    if (atom instanceof StringFormula.Equal e) {
      List<Piece> l = pieces(e.left());
      List<Piece> r = pieces(e.right());
      return text(l) != null ? new Sides(r, l) : new Sides(l, r);
    }
    if (atom instanceof StringFormula.PrefixOf p) {
      return new Sides(pieces(p.string()), pieces(p.prefix()));
    }
    if (atom instanceof StringFormula.SuffixOf x) {
      return new Sides(pieces(x.string()), pieces(x.suffix()));
    }
    if (atom instanceof StringFormula.InRegex r) {
      return new Sides(pieces(r.string()), List.of());
    }
    return null;
  }

  static String text(List<Piece> ps) {
    StringBuilder b = new StringBuilder();
    for (Piece p : ps) {
      if (!(p instanceof Text t)) {
        return null;
      }
      b.append(t.text());
    }
    return b.toString();
  }

  private record LanguageKey(BoolFormula atom, boolean positive, String other) {}

  private final Map<LanguageKey, Automaton> atomLanguages = new HashMap<>();

  /** The language an atom puts on its (one) subject, for the positive or the negated atom (cached). */
  /**
   * Narrowings already computed, by the identity of the language narrowed and of the atom's language (both
   * shared between branches: a branch copies its map of languages, and atoms' languages are cached), so
   * that probing the same alternative again, or in a sibling branch, builds no product automaton.
   */
  private final Map<Automaton, Map<Automaton, Automaton>> narrowings = new java.util.IdentityHashMap<>();

  private static final Automaton NOTHING = org.apache.lucene.util.automaton.Automata.makeEmpty();

  /** Exclusions already turned into one language, by their languages' identities in order. */
  private final Map<IdentityList, Automaton> exclusions = new HashMap<>();

  /**
   * Takes the exclusions kept by {@link #literal}: per variable, the complement of the union of the
   * excluded languages narrows its language. False when a language becomes empty.
   */
  boolean flush(Branch b) {
    if (b.excluded.isEmpty()) {
      return true;
    }
    for (Map.Entry<String, List<Automaton>> e : b.excluded.entrySet()) {
      List<Automaton> parts = e.getValue();
      Automaton allowed = exclusions.computeIfAbsent(new IdentityList(List.copyOf(parts)), k -> Languages.complement(
          parts.size() == 1 ? parts.get(0) : org.apache.lucene.util.automaton.Operations.union(parts)));
      Automaton narrowed = narrow(b.languages.get(e.getKey()), allowed);
      b.languages.put(e.getKey(), narrowed);
      if (Languages.isEmpty(narrowed)) {
        b.excluded.clear();
        return false;
      }
    }
    b.excluded.clear();
    return true;
  }

  /** A list compared by its elements' identities (automata have no value equality). */
  private record IdentityList(List<Automaton> parts) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof IdentityList other) || other.parts.size() != parts.size()) {
        return false;
      }
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i) != other.parts.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (Automaton a : parts) {
        h = 31 * h + System.identityHashCode(a);
      }
      return h;
    }
  }

  /** {@code current} (null: any string) intersected with {@code by}. */
  private Automaton narrow(Automaton current, Automaton by) {
    if (current == null) {
      return by;
    }
    return narrowings.computeIfAbsent(current, k -> new java.util.IdentityHashMap<>())
        .computeIfAbsent(by, k -> Languages.intersect(current, by));
  }

  private Automaton language(BoolFormula atom, List<Piece> other, boolean pos) {
    LanguageKey key = new LanguageKey(atom, pos, text(other));
    Automaton cached = atomLanguages.get(key);
    if (cached == null) {
      cached = build(atom, other, pos);
      atomLanguages.put(key, cached);
    }
    return cached;
  }

  private Automaton build(BoolFormula atom, List<Piece> other, boolean pos) {
    Automaton l;
    if (atom instanceof StringFormula.Equal) {
      l = Languages.literal(text(other));
    } else if (atom instanceof StringFormula.PrefixOf) {
      l = Languages.prefixed(text(other));
    } else if (atom instanceof StringFormula.SuffixOf) {
      l = Languages.suffixed(text(other));
    } else if (atom instanceof StringFormula.InRegex r) {
      l = languages.of(r.regex());
    } else {
      throw Unknown.UNSUPPORTED.because("a boolean of no known kind");
    }
    return pos ? l : Languages.complement(l);
  }

  /**
   * Takes a string literal in branch {@code b}: narrows one variable's language at once, or keeps a
   * literal on several variables for the leaf. False when the branch is contradicted.
   */
  boolean literal(BoolFormula atom, boolean pos, Branch b) {
    Sides sides = sides(atom);
    if (sides == null) {
      throw Unknown.UNSUPPORTED.because("a boolean of no known kind");
    }
    List<Piece> subject = sides.subject();
    List<Piece> other = sides.other();
    if (text(other) == null) {
      b.strings.add(new Branch.Goal(atom, pos)); // variables on both sides
      return ends(atom, pos, b);
    }
    String ground = text(subject);
    if (ground != null) {
      return accepts(language(atom, other, pos), ground);
    }
    if (subject.size() == 1 && subject.get(0) instanceof Ref r) {
      if (!pos) {
        // x not in L: kept, with the other exclusions on x taken in the same propagation, for one
        // complement of their union ({@link #flush}): one at a time, each narrowing rebuilt a growing
        // automaton (a caller excluded from 100 named role sessions cost 100 products of 1,000 states).
        b.excluded.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(language(atom, other, true));
        return true;
      }
      Automaton current = b.languages.get(r.name());
      Automaton lang = language(atom, other, pos);
      Automaton narrowed;
      if (pos && atom instanceof StringFormula.Equal && current != null) {
        // x = "text": the text, if the language so far has it (a walk, no product automaton).
        narrowed = Languages.intersects(current, lang) ? lang : NOTHING;
      } else {
        narrowed = narrow(current, lang);
      }
      b.languages.put(r.name(), narrowed);
      return !Languages.isEmpty(narrowed);
    }
    b.strings.add(new Branch.Goal(atom, pos));
    return true;
  }

  /**
   * A variable equal to a concatenation starts with its leading text and ends with its trailing text: a
   * necessary condition taken at once, so that a literal on the variable alone (the caller's ARN against
   * a Principal) conflicts before the equation is solved.
   */
  private boolean ends(BoolFormula atom, boolean pos, Branch b) {
    if (!pos || !(atom instanceof StringFormula.Equal e)) {
      return true;
    }
    List<Piece> l = pieces(e.left());
    List<Piece> r = pieces(e.right());
    if (!(l.size() == 1 && l.get(0) instanceof Ref)) {
      List<Piece> t = l;
      l = r;
      r = t;
    }
    if (!(l.size() == 1 && l.get(0) instanceof Ref x) || r.isEmpty()) {
      return true;
    }
    String head = r.get(0) instanceof Text t ? t.text() : "";
    String tail = r.size() > 1 && r.get(r.size() - 1) instanceof Text t ? t.text() : "";
    if (head.isEmpty() && tail.isEmpty()) {
      return true;
    }
    Automaton shape = org.apache.lucene.util.automaton.Operations.concatenate(List.of(Languages.literal(head),
        org.apache.lucene.util.automaton.Automata.makeAnyString(), Languages.literal(tail)));
    Automaton narrowed = Languages.intersect(b.languages.getOrDefault(x.name(), Languages.WORDS), shape);
    b.languages.put(x.name(), narrowed);
    return !Languages.isEmpty(narrowed);
  }

  private final Map<Automaton, Map<LanguageKey, Boolean>> settled = new IdentityHashMap<>();

  /**
   * Whether a literal on one string variable is already settled by the variable's language in branch
   * {@code b}: false when no word of it satisfies the literal, true when every word does; null otherwise
   * or when the literal is of another shape. Memoised per language and literal.
   */
  Boolean quick(BoolFormula atom, boolean pos, Branch b) {
    String variable = oneVariable(atom);
    if (variable == null) {
      return null;
    }
    List<Piece> other = sides(atom).other();
    Automaton current = b.languages.get(variable);
    if (current == null) {
      return null;
    }
    LanguageKey key = new LanguageKey(atom, pos, text(other));
    Map<LanguageKey, Boolean> known = settled.computeIfAbsent(current, c -> new HashMap<>());
    if (known.containsKey(key)) {
      return known.get(key);
    }
    Boolean v = null;
    if (!Languages.intersects(current, language(atom, other, pos))) {
      v = false;
    } else if (!Languages.intersects(current, language(atom, other, !pos))) {
      v = true;
    }
    known.put(key, v);
    return v;
  }

  /**
   * A disjunction of literals on one and the same string variable (and constants only), as one
   * narrowing of its language by their union — exact, and no branching (e.g. the caller's partition is
   * aws, aws-cn or aws-us-gov). Null when the alternatives are not all of that form.
   */
  Boolean union(List<Branch.Goal> alternatives, Branch b) {
    String variable = null;
    List<Automaton> parts = new ArrayList<>();
    for (Branch.Goal g : alternatives) {
      BoolFormula atom = g.formula();
      String x = oneVariable(atom);
      if (x == null || (variable != null && !variable.equals(x))) {
        return null;
      }
      variable = x;
      List<Piece> other = sides(atom).other();
      parts.add(language(atom, other, g.positive()));
    }
    if (variable == null) {
      return null;
    }
    Automaton narrowed = Languages.intersect(b.languages.getOrDefault(variable, Languages.WORDS),
        org.apache.lucene.util.automaton.Operations.union(parts));
    b.languages.put(variable, narrowed);
    return !Languages.isEmpty(narrowed);
  }

  private boolean accepts(Automaton a, String s) {
    Automaton dfa = dfa(a);
    int q = Languages.run(dfa, 0, s);
    return q >= 0 && dfa.isAccept(q);
  }

  private Automaton dfa(Automaton a) {
    Automaton d = dfas.get(a);
    if (d == null) {
      d = Languages.determinize(a);
      dfas.put(a, d);
    }
    return d;
  }

  // ------------------------------------------------------------------ the leaf

  /** Text for every string variable that matters, or null when the branch's string literals conflict. */
  int solves;

  Map<String, String> solve(Branch b) {
    solves++;
    Map<String, List<Piece>> defined = new LinkedHashMap<>();
    List<Constraint> constraints = new ArrayList<>();
    List<Branch.Goal> later = new ArrayList<>();
    // Definitions first: x = t with x a variable not yet defined and t not containing x.
    int fresh = 0;
    for (Branch.Goal g : b.strings) {
      List<Piece> l = null;
      List<Piece> r = null;
      if (g.positive() && g.formula() instanceof StringFormula.Equal e) {
        l = expand(pieces(e.left()), defined, new HashSet<>());
        r = expand(pieces(e.right()), defined, new HashSet<>());
      } else if (g.positive() && g.formula() instanceof StringFormula.PrefixOf p && text(pieces(p.prefix())) == null) {
        // s starts with t (t with variables, a policy variable in a pattern): s = t ++ z for a fresh z.
        l = expand(pieces(p.string()), defined, new HashSet<>());
        r = new ArrayList<>(expand(pieces(p.prefix()), defined, new HashSet<>()));
        r.add(new Ref("$rest" + fresh++));
      } else if (g.positive() && g.formula() instanceof StringFormula.SuffixOf p && text(pieces(p.suffix())) == null) {
        l = expand(pieces(p.string()), defined, new HashSet<>());
        r = new ArrayList<>();
        r.add(new Ref("$rest" + fresh++));
        r.addAll(expand(pieces(p.suffix()), defined, new HashSet<>()));
      }
      if (l != null) {
        if (l.size() == 1 && l.get(0) instanceof Ref x && !mentions(r, x.name())) {
          defined.put(x.name(), r);
          continue;
        }
        if (r.size() == 1 && r.get(0) instanceof Ref y && !mentions(l, y.name())) {
          defined.put(y.name(), l);
          continue;
        }
        if (!(g.formula() instanceof StringFormula.Equal)) {
          throw Unknown.UNSUPPORTED.because("a prefix or suffix with variables of a term that is no variable");
        }
      }
      later.add(g);
    }
    for (Branch.Goal g : later) {
      BoolFormula atom = g.formula();
      if (atom instanceof StringFormula.Equal e) {
        List<Piece> l = expand(pieces(e.left()), defined, new HashSet<>());
        List<Piece> r = expand(pieces(e.right()), defined, new HashSet<>());
        if (text(l) != null) {
          constraints.add(new Constraint(r, language(atom, l, g.positive())));
        } else if (text(r) != null) {
          constraints.add(new Constraint(l, language(atom, r, g.positive())));
        } else if (l.equals(r)) {
          if (!g.positive()) {
            return null;
          }
        } else if (g.positive()) {
          Equation eq = peel(l, r, b.languages);
          if (eq == null) {
            return null; // the two sides cannot be equal
          }
          if (eq.left().isEmpty() && eq.right().isEmpty()) {
            continue;
          }
          if (text(eq.left()) != null || text(eq.right()) != null) {
            // One side is text now (a variable of a single-string language was read as its text).
            boolean leftText = text(eq.left()) != null;
            constraints.add(new Constraint(leftText ? eq.right() : eq.left(),
                Languages.literal(text(leftText ? eq.left() : eq.right()))));
            continue;
          }
          List<Piece> one = eq.left().size() == 1 && eq.left().get(0) instanceof Ref ? eq.left()
              : eq.right().size() == 1 && eq.right().get(0) instanceof Ref ? eq.right() : null;
          List<Piece> rest = one == eq.left() ? eq.right() : eq.left();
          if (one != null && !defined.containsKey(((Ref) one.get(0)).name()) && !mentions(rest, ((Ref) one.get(0)).name())) {
            defined.put(((Ref) one.get(0)).name(), rest);
          } else if (eq.left().isEmpty() || eq.right().isEmpty()) {
            // What remains on one side must be empty: no text, every variable "".
            for (Piece p : eq.left().isEmpty() ? eq.right() : eq.left()) {
              if (p instanceof Text) {
                return null;
              }
              constraints.add(new Constraint(List.of(p), Languages.literal("")));
            }
          } else {
            throw Unknown.UNSUPPORTED.because("an equation between two concatenations of variables "
                + shorten(dev.hornbeam.smt.api.SmtLib.print(atom)));
          }
        } else {
          throw Unknown.UNSUPPORTED.because((g.positive() ? "an equation between two concatenations of variables"
              : "a disequality between string variables") + " " + shorten(dev.hornbeam.smt.api.SmtLib.print(atom)));
        }
      } else {
        List<Piece> subject;
        List<Piece> other;
        if (atom instanceof StringFormula.PrefixOf p) {
          subject = pieces(p.string());
          other = expand(pieces(p.prefix()), defined, new HashSet<>());
        } else if (atom instanceof StringFormula.SuffixOf s) {
          subject = pieces(s.string());
          other = expand(pieces(s.suffix()), defined, new HashSet<>());
        } else {
          subject = pieces(((StringFormula.InRegex) atom).string());
          other = List.of();
        }
        if (text(other) == null) {
          throw Unknown.UNSUPPORTED.because("a prefix or suffix that is not a constant");
        }
        constraints.add(new Constraint(expand(subject, defined, new HashSet<>()), language(atom, other, g.positive())));
      }
    }
    // Languages of defined variables constrain their definitions.
    Map<String, Automaton> free = new HashMap<>();
    for (Map.Entry<String, Automaton> e : b.languages.entrySet()) {
      if (defined.containsKey(e.getKey())) {
        constraints.add(new Constraint(expand(List.of(new Ref(e.getKey())), defined, new HashSet<>()), e.getValue()));
      } else {
        free.put(e.getKey(), Languages.intersect(e.getValue(), Languages.WORDS));
      }
    }
    for (Constraint c : constraints) {
      for (Piece p : c.pieces()) {
        if (p instanceof Ref r) {
          free.putIfAbsent(r.name(), Languages.WORDS);
        }
      }
    }
    Map<String, Automaton> solved = satisfy(constraints, 0, free);
    if (solved == null) {
      return null;
    }
    Map<String, String> texts = new HashMap<>();
    for (Map.Entry<String, Automaton> e : solved.entrySet()) {
      String member = Languages.member(e.getValue());
      if (member == null) {
        return null;
      }
      texts.put(e.getKey(), member);
    }
    for (String x : defined.keySet()) {
      StringBuilder t = new StringBuilder();
      for (Piece p : expand(List.of(new Ref(x)), defined, new HashSet<>())) {
        t.append(p instanceof Text s ? s.text() : texts.getOrDefault(((Ref) p).name(), ""));
      }
      texts.put(x, t.toString());
    }
    return texts;
  }

  /** What is left of an equation after its common ends are taken off. */
  record Equation(List<Piece> left, List<Piece> right) {}

  /**
   * Takes equal ends off both sides of {@code l = r}: the same variable, or text (which must agree, else
   * null: no solution); a variable whose language is a single string counts as that text. Exact: each
   * step keeps exactly the solutions of the equation.
   */
  private Equation peel(List<Piece> l, List<Piece> r, Map<String, Automaton> known) {
    List<Piece> a = constants(l, known);
    List<Piece> b = constants(r, known);
    for (boolean front : new boolean[] {true, false}) {
      while (!a.isEmpty() && !b.isEmpty()) {
        int i = front ? 0 : a.size() - 1;
        int j = front ? 0 : b.size() - 1;
        Piece x = a.get(i);
        Piece y = b.get(j);
        if (x instanceof Ref && x.equals(y)) {
          a.remove(i);
          b.remove(j);
        } else if (x instanceof Text s && y instanceof Text t) {
          String u = s.text();
          String v = t.text();
          int n = Math.min(u.length(), v.length());
          if (front ? !u.regionMatches(0, v, 0, n) : !u.regionMatches(u.length() - n, v, v.length() - n, n)) {
            return null;
          }
          a.remove(i);
          b.remove(j);
          String restA = front ? u.substring(n) : u.substring(0, u.length() - n);
          String restB = front ? v.substring(n) : v.substring(0, v.length() - n);
          if (!restA.isEmpty()) {
            a.add(front ? 0 : a.size(), new Text(restA));
          }
          if (!restB.isEmpty()) {
            b.add(front ? 0 : b.size(), new Text(restB));
          }
        } else {
          break;
        }
      }
    }
    return new Equation(a, b);
  }

  /** The pieces with every variable of a single-string language replaced by that string (texts joined). */
  private List<Piece> constants(List<Piece> ps, Map<String, Automaton> known) {
    List<Piece> out = new ArrayList<>();
    for (Piece p : ps) {
      Piece q = p;
      if (p instanceof Ref r && known.containsKey(r.name())) {
        org.apache.lucene.util.IntsRef one = org.apache.lucene.util.automaton.Operations.getSingleton(dfa(known.get(r.name())));
        if (one != null) {
          q = new Text(new String(one.ints, one.offset, one.length));
        }
      }
      if (q instanceof Text t && !out.isEmpty() && out.get(out.size() - 1) instanceof Text u) {
        out.set(out.size() - 1, new Text(u.text() + t.text()));
      } else if (!(q instanceof Text t && t.text().isEmpty())) {
        out.add(q);
      }
    }
    return out;
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private static boolean mentions(List<Piece> ps, String name) {
    return ps.stream().anyMatch(p -> p instanceof Ref r && r.name().equals(name));
  }

  /** Replaces defined variables by their definitions, recursively (definitions are acyclic by construction). */
  private static List<Piece> expand(List<Piece> ps, Map<String, List<Piece>> defined, Set<String> visiting) {
    List<Piece> out = new ArrayList<>();
    for (Piece p : ps) {
      if (p instanceof Ref r && defined.containsKey(r.name())) {
        if (!visiting.add(r.name())) {
          throw Unknown.UNSUPPORTED.because("a cycle of string definitions");
        }
        out.addAll(expand(defined.get(r.name()), defined, visiting));
        visiting.remove(r.name());
      } else if (p instanceof Text t && !out.isEmpty() && out.get(out.size() - 1) instanceof Text u) {
        out.set(out.size() - 1, new Text(u.text() + t.text()));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** Constraints {@code from} on, with each free variable's language so far; null when impossible. */
  private Map<String, Automaton> satisfy(List<Constraint> cs, int from, Map<String, Automaton> free) {
    if (from == cs.size()) {
      return free;
    }
    Constraint c = cs.get(from);
    Automaton dfa = dfa(c.language());
    return walk(cs, from, dfa, c.pieces(), 0, 0, free);
  }

  /** Reads pieces {@code at}.. of constraint {@code index} from DFA state {@code state}. */
  private Map<String, Automaton> walk(List<Constraint> cs, int index, Automaton dfa, List<Piece> ps, int at, int state,
      Map<String, Automaton> free) {
    int q = state;
    int i = at;
    while (i < ps.size() && ps.get(i) instanceof Text t) {
      q = Languages.run(dfa, q, t.text());
      if (q < 0) {
        return null;
      }
      i++;
    }
    if (i == ps.size()) {
      return dfa.isAccept(q) ? satisfy(cs, index + 1, free) : null;
    }
    String x = ((Ref) ps.get(i)).name();
    int n = dfa.getNumStates();
    boolean lastVariable = ps.subList(i + 1, ps.size()).stream().noneMatch(p -> p instanceof Ref);
    if (lastVariable) {
      // x must lead from q to a state from which the remaining text reaches acceptance.
      String rest = text(ps.subList(i + 1, ps.size()));
      boolean[] ends = new boolean[n];
      boolean any = false;
      for (int s = 0; s < n; s++) {
        int e = Languages.run(dfa, s, rest);
        ends[s] = e >= 0 && dfa.isAccept(e);
        any |= ends[s];
      }
      if (!any) {
        return null;
      }
      Map<String, Automaton> next = narrow(free, x, between(dfa, q, ends));
      return next == null ? null : satisfy(cs, index + 1, next);
    }
    boolean[] ends = Languages.reachable(dfa, q, free.get(x));
    for (int s = 0; s < n; s++) {
      if (!ends[s]) {
        continue;
      }
      boolean[] to = new boolean[n];
      to[s] = true;
      Map<String, Automaton> next = narrow(free, x, between(dfa, q, to));
      if (next != null) {
        Map<String, Automaton> done = walk(cs, index, dfa, ps, i + 1, s, next);
        if (done != null) {
          return done;
        }
      }
    }
    return null;
  }

  private final Map<Automaton, Map<String, Automaton>> stretches = new IdentityHashMap<>();

  /** {@link Languages#between}, kept per DFA, start and ends: sibling branches ask for the same ones. */
  private Automaton between(Automaton dfa, int from, boolean[] to) {
    String key = from + ":" + java.util.Arrays.toString(to);
    return stretches.computeIfAbsent(dfa, d -> new HashMap<>()).computeIfAbsent(key, k -> Languages.between(dfa, from, to));
  }

  private static Map<String, Automaton> narrow(Map<String, Automaton> free, String x, Automaton more) {
    Automaton a = Languages.intersect(free.get(x), more);
    if (Languages.isEmpty(a)) {
      return null;
    }
    Map<String, Automaton> next = new HashMap<>(free);
    next.put(x, a);
    return next;
  }
}
