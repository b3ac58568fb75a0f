package dev.hornbeam.smt.testing;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact rational number as read from a solver model for a {@code Real} constant.
 * Always normalized: the fraction is in lowest terms and {@code den > 0} (zero is {@code 0/1}).
 */
public record Rational(BigInteger num, BigInteger den) {

  public Rational {
    Objects.requireNonNull(num, "num");
    Objects.requireNonNull(den, "den");
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger gcd = num.gcd(den);
    if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
      num = num.divide(gcd);
      den = den.divide(gcd);
    }
    if (num.signum() == 0) {
      den = BigInteger.ONE;
    }
  }

  public static Rational of(long num, long den) {
    return new Rational(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  public static Rational of(BigInteger value) {
    return new Rational(value, BigInteger.ONE);
  }

  public boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  @Override
  public String toString() {
    return isInteger() ? num.toString() : num + "/" + den;
  }
}
