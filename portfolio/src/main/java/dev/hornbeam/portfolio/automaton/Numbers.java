package dev.hornbeam.portfolio.automaton;

import dev.hornbeam.smt.api.NumberFormula;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one number variable may be, as bounds and excluded points (the encoder compares a number only
 * with constants: kinds, set sizes, IP families, Numeric and Date condition values). Integers and reals
 * differ in emptiness: an integer interval can run out of values, a real one with two distinct ends
 * cannot (finitely many excluded points leave infinitely many).
 */
record Numbers(NumberFormula.Kind kind, BigDecimal lo, boolean loStrict, BigDecimal hi, boolean hiStrict, Set<BigDecimal> excluded) {
  static Numbers any(NumberFormula.Kind kind) {
    return new Numbers(kind, null, false, null, false, Set.of());
  }

  /** This domain with {@code x OP c} added ({@code c} on the right; swap the operator for {@code c OP x}). */
  Numbers with(NumberFormula.Op op, BigDecimal c, boolean positive) {
    if (!positive) {
      return switch (op) {
        case EQ -> exclude(c);
        case LT -> with(NumberFormula.Op.GE, c, true);
        case LE -> with(NumberFormula.Op.GT, c, true);
        case GT -> with(NumberFormula.Op.LE, c, true);
        case GE -> with(NumberFormula.Op.LT, c, true);
      };
    }
    return switch (op) {
      case EQ -> above(c, false).below(c, false);
      case LT -> below(c, true);
      case LE -> below(c, false);
      case GT -> above(c, true);
      case GE -> above(c, false);
    };
  }

  private Numbers above(BigDecimal c, boolean strict) {
    if (lo == null || c.compareTo(lo) > 0 || (c.compareTo(lo) == 0 && strict)) {
      return new Numbers(kind, c, strict, hi, hiStrict, excluded);
    }
    return this;
  }

  private Numbers below(BigDecimal c, boolean strict) {
    if (hi == null || c.compareTo(hi) < 0 || (c.compareTo(hi) == 0 && strict)) {
      return new Numbers(kind, lo, loStrict, c, strict, excluded);
    }
    return this;
  }

  private Numbers exclude(BigDecimal c) {
    Set<BigDecimal> more = new TreeSet<>(excluded);
    more.add(c);
    return new Numbers(kind, lo, loStrict, hi, hiStrict, more);
  }

  private boolean admits(BigDecimal v) {
    if (kind == NumberFormula.Kind.INT && v.stripTrailingZeros().scale() > 0) {
      return false;
    }
    if (lo != null && (v.compareTo(lo) < 0 || (loStrict && v.compareTo(lo) == 0))) {
      return false;
    }
    if (hi != null && (v.compareTo(hi) > 0 || (hiStrict && v.compareTo(hi) == 0))) {
      return false;
    }
    return excluded.stream().noneMatch(x -> x.compareTo(v) == 0);
  }

  boolean isEmpty() {
    return pick() == null;
  }

  /**
   * A value of the domain, preferring small round ones, or null when there is none. Candidates: 0, the
   * bounds' neighbours and midpoints; among more than {@code excluded.size()} distinct candidates inside
   * an interval one is never excluded, so a real interval with distinct ends always yields a value.
   */
  BigDecimal pick() {
    List<BigDecimal> candidates = new ArrayList<>();
    candidates.add(BigDecimal.ZERO);
    boolean integer = kind == NumberFormula.Kind.INT;
    if (lo != null) {
      BigDecimal start = integer ? new BigDecimal(ceil(lo)) : lo;
      candidates.add(start);
      for (int i = 1; i <= excluded.size() + 1; i++) {
        candidates.add(start.add(BigDecimal.valueOf(i)));
      }
    }
    if (hi != null) {
      BigDecimal end = integer ? new BigDecimal(floor(hi)) : hi;
      candidates.add(end);
      for (int i = 1; i <= excluded.size() + 1; i++) {
        candidates.add(end.subtract(BigDecimal.valueOf(i)));
      }
    }
    if (lo == null && hi == null) {
      for (int i = 1; i <= excluded.size() + 1; i++) {
        candidates.add(BigDecimal.valueOf(i));
      }
    }
    if (!integer && lo != null && hi != null && lo.compareTo(hi) < 0) {
      // Halving towards lo: excluded.size() + 1 distinct points strictly inside (lo, hi).
      BigDecimal step = hi.subtract(lo);
      for (int i = 0; i <= excluded.size(); i++) {
        step = step.divide(BigDecimal.valueOf(2));
        candidates.add(lo.add(step));
      }
    }
    for (BigDecimal c : candidates) {
      if (admits(c)) {
        return c.stripTrailingZeros().scale() < 0 ? c.setScale(0) : c.stripTrailingZeros();
      }
    }
    return null;
  }

  private static BigInteger ceil(BigDecimal d) {
    return d.setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact();
  }

  private static BigInteger floor(BigDecimal d) {
    return d.setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
  }
}
