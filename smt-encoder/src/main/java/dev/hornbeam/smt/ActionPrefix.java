package dev.hornbeam.smt;

import dev.hornbeam.policy.model.ActionElement;
import java.util.BitSet;

/**
 * Decides, without a solver, whether a statement's Action/NotAction can match some action that starts
 * with a given prefix (the question's service, e.g. {@code s3:}). Statements that cannot are left out
 * of the query: they never apply, so leaving them out is exact.
 */
final class ActionPrefix {
  private ActionPrefix() {}

  static boolean canMatch(ActionElement element, String prefix) {
    for (String raw : element.patterns()) {
      int[] p = PolicyEncoder.asciiLower(raw).codePoints().toArray();
      BitSet alive = after(p, prefix);
      if (!element.negated() && !alive.isEmpty()) {
        return true; // any live position can still be completed to a full match
      }
      if (element.negated() && coversEverything(p, alive)) {
        return false; // NotAction lists a pattern matching every such action
      }
    }
    return element.negated();
  }

  /** Pattern positions reachable after reading {@code prefix} (a simple wildcard NFA). */
  private static BitSet after(int[] p, String prefix) {
    BitSet states = closure(p, bit(0));
    for (int c : prefix.codePoints().toArray()) {
      BitSet next = new BitSet();
      for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
        if (i < p.length && p[i] == '*') {
          next.set(i);
        } else if (i < p.length && (p[i] == '?' || p[i] == c)) {
          next.set(i + 1);
        }
      }
      states = closure(p, next);
    }
    return states;
  }

  /** Adds the positions after any run of '*' (a star may match nothing). */
  private static BitSet closure(int[] p, BitSet s) {
    BitSet out = (BitSet) s.clone();
    for (int i = out.nextSetBit(0); i >= 0; i = out.nextSetBit(i + 1)) {
      if (i < p.length && p[i] == '*') {
        out.set(i + 1);
      }
    }
    return out;
  }

  /**
   * Whether a live position has only '*' left (and at least one): it then matches every continuation.
   * A position at the very end matches only the empty continuation.
   */
  private static boolean coversEverything(int[] p, BitSet alive) {
    for (int i = alive.nextSetBit(0); i >= 0 && i < p.length; i = alive.nextSetBit(i + 1)) {
      boolean onlyStars = true;
      for (int j = i; j < p.length; j++) {
        onlyStars &= p[j] == '*';
      }
      if (onlyStars) {
        return true;
      }
    }
    return false;
  }

  private static BitSet bit(int i) {
    BitSet b = new BitSet();
    b.set(i);
    return b;
  }
}
