package dev.hornbeam.smt.api;

import java.math.BigInteger;
import java.util.Objects;

/** A value of a declared constant in a solver's model, solver-neutral. */
public sealed interface ModelValue {
  record Str(String value) implements ModelValue {
    public Str {
      Objects.requireNonNull(value);
    }
  }

  record Int(BigInteger value) implements ModelValue {}

  /** An exact rational {@code num/den}, normalised ({@code den > 0}, lowest terms). */
  record Real(BigInteger num, BigInteger den) implements ModelValue {
    public Real {
      if (den.signum() == 0) {
        throw new IllegalArgumentException("zero denominator");
      }
      if (den.signum() < 0) {
        num = num.negate();
        den = den.negate();
      }
      BigInteger g = num.gcd(den);
      if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
        num = num.divide(g);
        den = den.divide(g);
      }
    }
  }

  record Bool(boolean value) implements ModelValue {}

  /** An unsigned bit-vector value. */
  record BitVec(BigInteger value, int width) implements ModelValue {}
}
