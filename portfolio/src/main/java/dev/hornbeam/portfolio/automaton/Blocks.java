package dev.hornbeam.portfolio.automaton;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bit-vector variable (an IPv4 or IPv6 address) may be: disjoint, sorted intervals of unsigned
 * values. A CIDR block is the interval of the addresses sharing its leading bits.
 */
record Blocks(int width, List<BigInteger[]> intervals) {
  static Blocks all(int width) {
    List<BigInteger[]> one = new ArrayList<>();
    one.add(new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)});
    return new Blocks(width, one);
  }

  /** The addresses whose bits {@code width-1 .. low} are {@code value}. */
  static BigInteger[] block(int low, BigInteger value) {
    BigInteger first = value.shiftLeft(low);
    return new BigInteger[] {first, first.add(BigInteger.ONE.shiftLeft(low)).subtract(BigInteger.ONE)};
  }

  Blocks intersect(BigInteger[] r) {
    List<BigInteger[]> out = new ArrayList<>();
    for (BigInteger[] i : intervals) {
      BigInteger lo = i[0].max(r[0]);
      BigInteger hi = i[1].min(r[1]);
      if (lo.compareTo(hi) <= 0) {
        out.add(new BigInteger[] {lo, hi});
      }
    }
    return new Blocks(width, out);
  }

  Blocks minus(BigInteger[] r) {
    List<BigInteger[]> out = new ArrayList<>();
    for (BigInteger[] i : intervals) {
      if (i[1].compareTo(r[0]) < 0 || i[0].compareTo(r[1]) > 0) {
        out.add(i);
        continue;
      }
      if (i[0].compareTo(r[0]) < 0) {
        out.add(new BigInteger[] {i[0], r[0].subtract(BigInteger.ONE)});
      }
      if (i[1].compareTo(r[1]) > 0) {
        out.add(new BigInteger[] {r[1].add(BigInteger.ONE), i[1]});
      }
    }
    return new Blocks(width, out);
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** A value: the least one. */
  BigInteger pick() {
    return intervals.isEmpty() ? null : intervals.get(0)[0];
  }
}
