package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.Evaluation;
import dev.hornbeam.smt.api.Formula;
import dev.hornbeam.smt.api.ModelValue;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.Problem;
import dev.hornbeam.smt.api.StringFormula;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.automaton.Automaton;

/**
 * The decision procedure: a depth-first search over the boolean structure in negation normal form —
 * conjunctions are taken whole, for each disjunction one disjunct is chosen — with a theory check per
 * variable as literals are taken (bounds for numbers, intervals for addresses, automata for strings) and
 * string literals that relate several variables decided at the leaf ({@link Strings}). Exact: a branch
 * is abandoned only on a contradiction (UNSAT needs every branch refuted); a branch with something the
 * procedure does not decide marks the answer UNKNOWN unless another branch is SAT; a SAT model is checked
 * by {@link Evaluation#satisfies} before it is believed.
 */
final class Search {
  private final Problem problem;
  /** Every defined name: booleans are inlined where used, other values are constants (pins). */
  private final Map<String, Formula> definitions;
  /** Declared variable name → its variable term. */
  private final Map<String, Formula> declared = new LinkedHashMap<>();
  private final Languages languages = new Languages();
  private final long deadlineNanos;
  private final CancelFlag cancel;
  private final Strings strings;
  private int nodes;
  /** The disjunctions that came from implications (by identity): branched on last. */
  private final Set<List<Branch.Goal>> implications = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /**
   * Probing ({@link #probe}) at the root only: it settles the choice of statement once for the whole
   * search (growth series, 100 statements: 76 ms UNSAT, 115 ms SAT); probing at every node cost more
   * than the branches it saved on public policies.
   */
  static final int PROBE_DEPTH = 1;

  /** The first reason a branch was left undecided, or null. */
  Unknown.GiveUp undecided;
  /** The model, once SAT. */
  Map<String, ModelValue> model;

  Search(Problem problem, long deadlineNanos, CancelFlag cancel) {
    this.problem = problem;
    this.definitions = problem.definitions();
    for (Formula v : problem.declared()) {
      declared.put(Problem.name(v), v);
    }
    this.deadlineNanos = deadlineNanos;
    this.cancel = cancel;
    this.strings = new Strings(languages, definitions);
  }

  /** True: SAT ({@link #model}); false: UNSAT if {@link #undecided} is null, else UNKNOWN. */
  boolean run() {
    // First without probing, for a few branches: most questions end there, and probing costs more than
    // they do (corpus p50 0.1 ms plain, 0.6 ms probed). A search that needs more starts again, probing.
    probeDepth = 0;
    nodeLimit = PLAIN_BRANCHES;
    try {
      return search(root(), 0);
    } catch (Restart r) {
      undecided = null;
      model = null;
    }
    probeDepth = PROBE_DEPTH;
    nodeLimit = Integer.MAX_VALUE;
    return search(root(), 0);
  }

  private Branch root() {
    Branch root = new Branch();
    for (BoolFormula a : problem.assertions()) {
      root.push(a, true);
    }
    return root;
  }

  /** Branches the search takes without probing before it starts again with it. */
  static final int PLAIN_BRANCHES = 64;
  private int probeDepth;
  private int nodeLimit;

  /** The plain search went past {@link #PLAIN_BRANCHES}. */
  private static final class Restart extends RuntimeException {
    Restart() {
      super(null, null, false, false);
    }
  }

  int nodes() {
    return nodes;
  }

  int stringSolves() {
    return strings.solves;
  }

  private void checkBudget() {
    if (nodes >= nodeLimit) {
      throw new Restart();
    }
    if ((++nodes & 15) == 0 || nodes < 16) {
      if (cancel.cancelled()) {
        throw Unknown.CANCELLED.because("told to stop after " + nodes + " branches");
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        throw Unknown.BUDGET.because("time ran out after " + nodes + " branches");
      }
    }
  }

  private boolean search(Branch b, int depth) {
    checkBudget();
    try {
      if (!settle(b) || (depth < probeDepth && !probe(b))) {
        return false;
      }
      if (b.choices.isEmpty()) {
        return leaf(b);
      }
      // New literals relating several strings: if they already conflict, so does every leaf below
      // (more literals only narrow), so the branch ends here instead of at each of its leaves.
      if (b.strings.size() > b.stringsChecked) {
        Map<String, String> partial;
        try {
          partial = strings.solve(b);
        } catch (Unknown.GiveUp g) {
          if (g.reason == Unknown.BUDGET || g.reason == Unknown.CANCELLED) {
            throw g;
          }
          partial = Map.of(); // not decidable yet: the leaves below will say (or other literals end them first)
        }
        if (partial == null) {
          return false;
        }
        b.stringsChecked = b.strings.size();
      }
    } catch (Unknown.GiveUp g) {
      if (g.reason == Unknown.BUDGET || g.reason == Unknown.CANCELLED || g.reason == Unknown.MODEL_CHECK) {
        throw g;
      }
      if (undecided == null) {
        undecided = g;
      }
      return false;
    }
    // The disjunction with the fewest open alternatives (settle left at least two in each), an
    // implication's only when no other is left: its premise is usually settled by the other choices
    // (the caller's kind by the statement chosen), and branching on it first repeats the refutation of
    // every statement under each of its cases.
    int best = 0;
    List<Branch.Goal> bestOpen = null;
    boolean bestDeferred = true;
    for (int i = 0; i < b.choices.size(); i++) {
      List<Branch.Goal> open = b.choices.get(i);
      boolean deferred = implications.contains(open);
      if (bestOpen == null || (bestDeferred && !deferred)
          || (deferred == bestDeferred && open.size() < bestOpen.size())) {
        best = i;
        bestOpen = open;
        bestDeferred = deferred;
      }
    }
    b.choices.remove(best);
    for (Branch.Goal g : bestOpen) {
      Branch c = b.copy();
      c.pending.add(g);
      if (search(c, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes every pending goal, then simplifies the disjunctions: one with an alternative already true is
   * dropped, one with a single open alternative becomes a goal, one with none is a contradiction.
   */
  private boolean settle(Branch b) {
    boolean changed = true;
    while (changed) {
      if (!propagate(b)) {
        return false;
      }
      changed = false;
      for (int i = 0; i < b.choices.size(); i++) {
        List<Branch.Goal> choice = b.choices.get(i);
        boolean satisfied = false;
        List<Branch.Goal> open = new ArrayList<>();
        for (Branch.Goal g : choice) {
          Boolean v = quick(g.formula(), g.positive(), b, 4);
          if (v == null) {
            open.add(g);
          } else if (v) {
            satisfied = true;
            break;
          }
        }
        if (satisfied) {
          b.choices.remove(i--);
          changed = true;
        } else if (open.isEmpty()) {
          return false;
        } else if (open.size() == 1) {
          b.choices.remove(i--);
          b.pending.add(open.get(0));
          changed = true;
        } else if (open.size() < choice.size()) {
          b.choices.set(i, open);
        }
      }
    }
    return true;
  }

  /**
   * Failed-literal probing: each open alternative of each disjunction is taken on a copy of the branch and
   * propagated (no choice made); one that contradicts the branch is dropped for the whole subtree, a
   * disjunction left with one alternative becomes a goal, one left with none ends the branch. Without it
   * the search branched first on small disjunctions that do not matter (a key's presence, a caller's case)
   * and refuted the one that does (which Allow statement grants) again under each of their combinations:
   * the growth series' private policies of 10 statements and more did not finish in 5 s.
   */
  private boolean probe(Branch b) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < b.choices.size() && !changed; i++) {
        List<Branch.Goal> choice = b.choices.get(i);
        List<Branch.Goal> open = new ArrayList<>(choice.size());
        for (Branch.Goal g : choice) {
          checkBudget();
          Branch c = b.copy();
          c.choices.remove(i);
          c.pending.add(g);
          boolean possible;
          try {
            possible = settle(c);
          } catch (Unknown.GiveUp e) {
            if (e.reason == Unknown.BUDGET || e.reason == Unknown.CANCELLED || e.reason == Unknown.MODEL_CHECK) {
              throw e;
            }
            possible = true; // not decided by propagation: kept
          }
          if (possible) {
            open.add(g);
          }
        }
        if (open.isEmpty()) {
          return false;
        }
        if (open.size() == 1) {
          b.choices.remove(i);
          b.pending.add(open.get(0));
          if (!settle(b)) {
            return false;
          }
          changed = true;
        } else if (open.size() < choice.size()) {
          b.choices.set(i, open);
        }
      }
    }
    return true;
  }

  /** Takes the pending goals: conjunctions split, disjunctions queued, literals checked per theory. */
  private boolean propagate(Branch b) {
    Branch.Goal goal;
    while ((goal = b.pending.poll()) != null) {
      BoolFormula f = goal.formula();
      boolean pos = goal.positive();
      if (f instanceof BoolFormula.Const c) {
        if (c.value() != pos) {
          return false;
        }
      } else if (f instanceof BoolFormula.Var v) {
        Formula def = definitions.get(v.name());
        if (def != null) {
          b.push((BoolFormula) def, pos);
        } else {
          Boolean had = b.bools.putIfAbsent(v.name(), pos);
          if (had != null && had != pos) {
            return false;
          }
        }
      } else if (f instanceof BoolFormula.Not n) {
        b.push(n.operand(), !pos);
      } else if (f instanceof BoolFormula.And a) {
        if (pos) {
          a.operands().forEach(o -> b.push(o, true));
        } else {
          if (!choose(b, a.operands().stream().map(o -> new Branch.Goal(o, false)).toList())) {
            return false;
          }
        }
      } else if (f instanceof BoolFormula.Or o) {
        if (pos) {
          if (!choose(b, o.operands().stream().map(x -> new Branch.Goal(x, true)).toList())) {
            return false;
          }
        } else {
          o.operands().forEach(x -> b.push(x, false));
        }
      } else if (f instanceof BoolFormula.Implies i) {
        if (pos) {
          List<Branch.Goal> choice = List.of(new Branch.Goal(i.premise(), false), new Branch.Goal(i.conclusion(), true));
          implications.add(choice);
          b.choices.add(choice);
        } else {
          b.push(i.premise(), true);
          b.push(i.conclusion(), false);
        }
      } else if (!atom(f, pos, b)) {
        return false;
      }
    }
    return strings.flush(b);
  }

  /** Queues a disjunction, or takes it at once when it is a union of literals on one string. */
  private boolean choose(Branch b, List<Branch.Goal> alternatives) {
    Boolean taken = strings.union(alternatives, b);
    if (taken == null) {
      b.choices.add(alternatives);
      return true;
    }
    return taken;
  }

  // ------------------------------------------------------------------ atoms

  private boolean atom(BoolFormula f, boolean pos, Branch b) {
    if (f instanceof NumberFormula.Compare c) {
      return number(c, pos, b);
    }
    if (f instanceof BitvectorFormula.Equal e) {
      return address(e, pos, b);
    }
    return strings.literal(f, pos, b);
  }

  /** A number variable against a constant (either side); anything else is not decided here. */
  private boolean number(NumberFormula.Compare c, boolean pos, Branch b) {
    NumberFormula l = resolve(c.left());
    NumberFormula r = resolve(c.right());
    if (l instanceof NumberFormula.Const && r instanceof NumberFormula.Const) {
      return Evaluation.holds(new NumberFormula.Compare(c.op(), l, r), Map.of()) == pos;
    }
    NumberFormula.Op op = c.op();
    if (l instanceof NumberFormula.Const && r instanceof NumberFormula.Var) {
      NumberFormula t = l;
      l = r;
      r = t;
      op = switch (op) {
        case EQ -> NumberFormula.Op.EQ;
        case LT -> NumberFormula.Op.GT;
        case LE -> NumberFormula.Op.GE;
        case GT -> NumberFormula.Op.LT;
        case GE -> NumberFormula.Op.LE;
      };
    }
    if (!(l instanceof NumberFormula.Var v && r instanceof NumberFormula.Const k)) {
      throw Unknown.UNSUPPORTED.because("a comparison of two number terms");
    }
    Numbers d = b.numbers.getOrDefault(v.name(), Numbers.any(v.kind())).with(op, k.value(), pos);
    b.numbers.put(v.name(), d);
    return !d.isEmpty();
  }

  private NumberFormula resolve(NumberFormula n) {
    if (n instanceof NumberFormula.Var v && definitions.get(v.name()) instanceof NumberFormula d) {
      return resolve(d);
    }
    if (n instanceof NumberFormula.Minus) {
      throw Unknown.UNSUPPORTED.because("arithmetic");
    }
    return n;
  }

  private BitvectorFormula resolve(BitvectorFormula n) {
    if (n instanceof BitvectorFormula.Var v && definitions.get(v.name()) instanceof BitvectorFormula d) {
      return resolve(d);
    }
    if (n instanceof BitvectorFormula.Extract x) {
      BitvectorFormula inner = resolve(x.operand());
      return inner == x.operand() ? x : new BitvectorFormula.Extract(x.high(), x.low(), inner);
    }
    return n;
  }

  /** An address, or its leading bits, against a constant: an interval of addresses. */
  private boolean address(BitvectorFormula.Equal e, boolean pos, Branch b) {
    BitvectorFormula l = resolve(e.left());
    BitvectorFormula r = resolve(e.right());
    if (l instanceof BitvectorFormula.Const) {
      BitvectorFormula t = l;
      l = r;
      r = t;
    }
    if (!(r instanceof BitvectorFormula.Const k)) {
      throw Unknown.UNSUPPORTED.because("an equation of two bit-vector terms");
    }
    if (ground(l)) {
      return Evaluation.holds(new BitvectorFormula.Equal(l, r), Map.of()) == pos;
    }
    BitvectorFormula.Var v;
    BigInteger[] range;
    if (l instanceof BitvectorFormula.Var x) {
      v = x;
      range = new BigInteger[] {k.value(), k.value()};
    } else if (l instanceof BitvectorFormula.Extract x && x.operand() instanceof BitvectorFormula.Var y
        && x.high() == y.width() - 1) {
      v = y;
      range = Blocks.block(x.low(), k.value());
    } else {
      throw Unknown.UNSUPPORTED.because("bits other than an address's leading ones");
    }
    Blocks d = b.blocks.getOrDefault(v.name(), Blocks.all(v.width()));
    d = pos ? d.intersect(range) : d.minus(range);
    b.blocks.put(v.name(), d);
    return !d.isEmpty();
  }

  private static boolean ground(BitvectorFormula f) {
    return f instanceof BitvectorFormula.Const
        || (f instanceof BitvectorFormula.Extract x && ground(x.operand()));
  }

  // ------------------------------------------------------------------ quick evaluation

  /**
   * Whether {@code f} is already settled in branch {@code b} (true / false), or null when that is not
   * cheap to tell. Only booleans and number and address literals are looked at; depth bounds the cost.
   */
  private Boolean quick(BoolFormula f, boolean pos, Branch b, int depth) {
    if (f instanceof BoolFormula.Const c) {
      return c.value() == pos;
    }
    if (f instanceof BoolFormula.Var v) {
      Formula def = definitions.get(v.name());
      if (def != null) {
        return depth == 0 ? null : quick((BoolFormula) def, pos, b, depth - 1);
      }
      Boolean had = b.bools.get(v.name());
      return had == null ? null : had == pos;
    }
    if (f instanceof BoolFormula.Not n) {
      return quick(n.operand(), !pos, b, depth);
    }
    if (depth == 0) {
      return null;
    }
    if (f instanceof BoolFormula.And || f instanceof BoolFormula.Or) {
      List<BoolFormula> ops = f instanceof BoolFormula.And a ? a.operands() : ((BoolFormula.Or) f).operands();
      // A positive And / negative Or holds when every part does; either fails when one part does.
      boolean all = (f instanceof BoolFormula.And) == pos;
      boolean unknown = false;
      for (BoolFormula o : ops) {
        Boolean v = quick(o, pos, b, depth - 1);
        if (v == null) {
          unknown = true;
        } else if (v != all) {
          return !all;
        }
      }
      return unknown ? null : all;
    }
    if (f instanceof BoolFormula.Implies i) {
      Boolean p = quick(i.premise(), !pos, b, depth - 1);
      Boolean c = quick(i.conclusion(), pos, b, depth - 1);
      if (pos) {
        return Boolean.TRUE.equals(p) || Boolean.TRUE.equals(c) ? Boolean.TRUE
            : Boolean.FALSE.equals(p) && Boolean.FALSE.equals(c) ? Boolean.FALSE : null;
      }
      return Boolean.FALSE.equals(p) || Boolean.FALSE.equals(c) ? Boolean.FALSE
          : Boolean.TRUE.equals(p) && Boolean.TRUE.equals(c) ? Boolean.TRUE : null;
    }
    if (f instanceof StringFormula.Equal || f instanceof StringFormula.PrefixOf || f instanceof StringFormula.SuffixOf
        || f instanceof StringFormula.InRegex) {
      return strings.quick(f, pos, b);
    }
    if (f instanceof NumberFormula.Compare c) {
      NumberFormula l = c.left();
      NumberFormula r = c.right();
      if (l instanceof NumberFormula.Var v && r instanceof NumberFormula.Const k && !definitions.containsKey(v.name())) {
        Numbers d = b.numbers.getOrDefault(v.name(), Numbers.any(v.kind()));
        if (d.with(c.op(), k.value(), pos).isEmpty()) {
          return false;
        }
        if (d.with(c.op(), k.value(), !pos).isEmpty()) {
          return true;
        }
      }
      return null;
    }
    return null;
  }

  // ------------------------------------------------------------------ leaf and model

  /** Every boolean choice made: the string literals decide; a solution is the model, checked. */
  private boolean leaf(Branch b) {
    Map<String, String> texts = strings.solve(b);
    if (texts == null) {
      return false;
    }
    Map<String, ModelValue> m = new LinkedHashMap<>();
    for (Map.Entry<String, Formula> e : declared.entrySet()) {
      String name = e.getKey();
      Formula var = e.getValue();
      if (var instanceof BoolFormula.Var) {
        m.put(name, new ModelValue.Bool(b.bools.getOrDefault(name, false)));
      } else if (var instanceof StringFormula.Var) {
        m.put(name, new ModelValue.Str(texts.getOrDefault(name, "")));
      } else if (var instanceof NumberFormula.Var n) {
        BigDecimal v = b.numbers.getOrDefault(name, Numbers.any(n.kind())).pick();
        m.put(name, n.kind() == NumberFormula.Kind.INT ? new ModelValue.Int(v.toBigIntegerExact()) : real(v));
      } else if (var instanceof BitvectorFormula.Var x) {
        m.put(name, new ModelValue.BitVec(b.blocks.getOrDefault(name, Blocks.all(x.width())).pick(), x.width()));
      }
    }
    if (!Evaluation.satisfies(problem, m)) {
      throw Unknown.MODEL_CHECK.because("the model found does not satisfy the formulas");
    }
    model = m;
    return true;
  }

  private static ModelValue.Real real(BigDecimal v) {
    BigDecimal d = v.scale() < 0 ? v.setScale(0) : v;
    return new ModelValue.Real(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  static Set<String> names(Map<String, ?> m) {
    return new HashSet<>(m.keySet());
  }

  static <K, V> Map<K, V> copy(Map<K, V> m) {
    return new HashMap<>(m);
  }
}
