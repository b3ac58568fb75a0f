package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.smt.api.RegexFormula;
import dev.hornbeam.smt.api.SmtLib;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.apache.lucene.util.automaton.Transition;

/**
 * Regular languages over code points, with Lucene's automata (Apache-2.0; chosen over dk.brics by
 * measurement, BENCHMARKS.md "Automaton libraries"). The alphabet of a witness is the SMT-LIB strings
 * theory's, code points 0 to {@link SmtLib#MAX_CODE_POINT}; complements are taken over all of Unicode and
 * every variable's language is cut to that alphabet ({@link #WORDS}), which is exact: for a string over
 * the alphabet, "not in L" is "in the complement of L".
 */
public final class Languages {
  static final int LIMIT = Operations.DEFAULT_DETERMINIZE_WORK_LIMIT;
  /** Every string over the strings theory's alphabet. */
  static final Automaton WORDS = Operations.repeat(Automata.makeCharRange(0, SmtLib.MAX_CODE_POINT));

  private final Map<RegexFormula, Automaton> cache = new IdentityHashMap<>();

  /** The language of a regular expression of the formula layer (the semantics of {@code Evaluation}). */
  Automaton of(RegexFormula r) {
    Automaton a = cache.get(r);
    if (a == null) {
      a = build(r);
      cache.put(r, a);
    }
    return a;
  }

  private Automaton build(RegexFormula r) {
    if (r instanceof RegexFormula.Literal l) {
      return Automata.makeString(l.text());
    }
    if (r instanceof RegexFormula.AnyChar) {
      return Automata.makeAnyChar();
    }
    if (r instanceof RegexFormula.All) {
      return Automata.makeAnyString();
    }
    if (r instanceof RegexFormula.Range g) {
      return Automata.makeCharRange(g.from(), g.to());
    }
    if (r instanceof RegexFormula.Star s) {
      return Operations.repeat(of(s.operand()));
    }
    if (r instanceof RegexFormula.Concat c) {
      List<Automaton> parts = new ArrayList<>();
      for (RegexFormula p : c.parts()) {
        parts.add(of(p));
      }
      return Operations.concatenate(parts);
    }
    if (r instanceof RegexFormula.Union u) {
      List<Automaton> parts = new ArrayList<>();
      for (RegexFormula p : u.parts()) {
        parts.add(of(p));
      }
      return Operations.union(parts);
    }
    throw Unknown.UNSUPPORTED.because("a regular expression of no known kind");
  }

  static Automaton literal(String s) {
    return Automata.makeString(s);
  }

  static Automaton prefixed(String prefix) {
    return Operations.concatenate(Automata.makeString(prefix), Automata.makeAnyString());
  }

  static Automaton suffixed(String suffix) {
    return Operations.concatenate(Automata.makeAnyString(), Automata.makeString(suffix));
  }

  static Automaton complement(Automaton a) {
    try {
      return Operations.complement(a, LIMIT);
    } catch (TooComplexToDeterminizeException e) {
      throw Unknown.WORK_LIMIT.because("complement");
    }
  }

  static Automaton determinize(Automaton a) {
    try {
      return Operations.determinize(Operations.removeDeadStates(a), LIMIT);
    } catch (TooComplexToDeterminizeException e) {
      throw Unknown.WORK_LIMIT.because("determinize");
    }
  }

  static Automaton intersect(Automaton a, Automaton b) {
    return Operations.removeDeadStates(Operations.intersection(a, b));
  }

  /**
   * Whether {@code a} and {@code b} share a string: a breadth-first walk of their product that stops at
   * the first pair of accepting states, without building the product automaton (which
   * {@code isEmpty(intersect(a, b))} does, with a dead-state pass: most of the native backend's time when
   * it probes alternatives).
   */
  static boolean intersects(Automaton a, Automaton b) {
    int nb = b.getNumStates();
    if (a.getNumStates() == 0 || nb == 0) {
      return false;
    }
    java.util.BitSet seen = new java.util.BitSet();
    long[] queue = new long[16];
    int head = 0;
    int tail = 0;
    queue[tail++] = 0L;
    seen.set(0);
    org.apache.lucene.util.automaton.Transition ta = new org.apache.lucene.util.automaton.Transition();
    org.apache.lucene.util.automaton.Transition tb = new org.apache.lucene.util.automaton.Transition();
    while (head < tail) {
      long pair = queue[head++];
      int sa = (int) (pair >>> 32);
      int sb = (int) pair;
      if (a.isAccept(sa) && b.isAccept(sb)) {
        return true;
      }
      int na = a.initTransition(sa, ta);
      for (int i = 0; i < na; i++) {
        a.getNextTransition(ta);
        int nbt = b.initTransition(sb, tb);
        for (int j = 0; j < nbt; j++) {
          b.getNextTransition(tb);
          if (tb.min > ta.max || tb.max < ta.min) {
            continue;
          }
          long next = ((long) ta.dest << 32) | (tb.dest & 0xffffffffL);
          long index = (long) ta.dest * nb + tb.dest;
          if (index > Integer.MAX_VALUE) {
            return !isEmpty(intersect(a, b)); // too large for the bit set: the library's way
          }
          if (!seen.get((int) index)) {
            seen.set((int) index);
            if (tail == queue.length) {
              queue = Arrays.copyOf(queue, queue.length * 2);
            }
            queue[tail++] = next;
          }
        }
      }
    }
    return false;
  }

  static boolean isEmpty(Automaton a) {
    return Operations.isEmpty(a);
  }

  /**
   * The strings a deterministic {@code dfa} reads from state {@code from} to one of {@code to}: a copy
   * whose initial state is {@code from} (Lucene's initial state is state 0) and whose accepting states
   * are {@code to}.
   */
  static Automaton between(Automaton dfa, int from, boolean[] to) {
    int n = dfa.getNumStates();
    int[] renumber = new int[n];
    Arrays.fill(renumber, -1);
    int[] order = new int[n];
    renumber[from] = 0;
    order[0] = from;
    int next = 1;
    for (int s = 0; s < n; s++) {
      if (s != from) {
        renumber[s] = next;
        order[next++] = s;
      }
    }
    Automaton.Builder b = new Automaton.Builder();
    for (int i = 0; i < n; i++) {
      b.createState();
    }
    Transition t = new Transition();
    for (int i = 0; i < n; i++) {
      int s = order[i];
      b.setAccept(i, to[s]);
      int count = dfa.initTransition(s, t);
      for (int k = 0; k < count; k++) {
        dfa.getNextTransition(t);
        b.addTransition(i, renumber[t.dest], t.min, t.max);
      }
    }
    return Operations.removeDeadStates(b.finish());
  }

  /**
   * The states of the deterministic {@code dfa} that some word of {@code words} leads to from {@code from}
   * (a search over pairs of states of the two automata): the only useful ends of a variable's stretch of a
   * run, where trying every state of {@code dfa} would try mostly dead ones.
   */
  static boolean[] reachable(Automaton dfa, int from, Automaton words) {
    boolean[] out = new boolean[dfa.getNumStates()];
    if (words.getNumStates() == 0) {
      return out;
    }
    int width = dfa.getNumStates();
    java.util.BitSet seen = new java.util.BitSet();
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    queue.add(new int[] {0, from});
    seen.set(from);
    Transition tw = new Transition();
    Transition td = new Transition();
    while (!queue.isEmpty()) {
      int[] pair = queue.poll();
      if (words.isAccept(pair[0])) {
        out[pair[1]] = true;
      }
      int nw = words.initTransition(pair[0], tw);
      for (int i = 0; i < nw; i++) {
        words.getNextTransition(tw);
        int nd = dfa.initTransition(pair[1], td);
        for (int k = 0; k < nd; k++) {
          dfa.getNextTransition(td);
          if (tw.min <= td.max && td.min <= tw.max) {
            long key = (long) tw.dest * width + td.dest;
            if (key < Integer.MAX_VALUE && !seen.get((int) key)) {
              seen.set((int) key);
              queue.add(new int[] {tw.dest, td.dest});
            } else if (key >= Integer.MAX_VALUE) {
              throw Unknown.WORK_LIMIT.because("a product of automata too large to search");
            }
          }
        }
      }
    }
    return out;
  }

  /** The state a deterministic automaton reaches from {@code state} reading {@code s}, or -1. */
  static int run(Automaton dfa, int state, String s) {
    int q = state;
    for (int i = 0; i < s.length() && q >= 0; ) {
      int cp = s.codePointAt(i);
      q = dfa.step(q, cp);
      i += Character.charCount(cp);
    }
    return q;
  }

  /**
   * A shortest member, each character chosen nicely within its transition (a lower-case letter, then a
   * digit, then printable ASCII, else the transition's least code point), or null when empty. Witnesses
   * are read by people.
   */
  public static String member(Automaton a) {
    int n = a.getNumStates();
    if (n == 0) {
      return null;
    }
    int[] from = new int[n];
    int[] via = new int[n];
    Arrays.fill(from, -2);
    from[0] = -1;
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
    Transition t = new Transition();
    while (!queue.isEmpty()) {
      int s = queue.poll();
      if (a.isAccept(s)) {
        StringBuilder out = new StringBuilder();
        for (int at = s; from[at] >= 0; at = from[at]) {
          out.insert(0, Character.toChars(via[at]));
        }
        return out.toString();
      }
      int count = a.initTransition(s, t);
      for (int i = 0; i < count; i++) {
        a.getNextTransition(t);
        if (from[t.dest] == -2) {
          from[t.dest] = s;
          via[t.dest] = nice(t.min, t.max);
          queue.add(t.dest);
        }
      }
    }
    return null;
  }

  private static int nice(int min, int max) {
    for (int[] r : new int[][] {{'a', 'z'}, {'0', '9'}, {'A', 'Z'}, {0x21, 0x7E}}) {
      int lo = Math.max(min, r[0]);
      if (lo <= Math.min(max, r[1])) {
        return lo;
      }
    }
    return min;
  }
}
