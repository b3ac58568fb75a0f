package dev.hornbeam.smt.testing;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact rational number as read from a solver model for a {@code Real} constant.
 * Always normalized: the fraction is in lowest terms and {@code den > 0} (zero is {@code 0/1}).
 */
public record Rational(BigInteger num, BigInteger den) {

  public Rational {
    // Normalised by the encoder's own model value, so the harness and the decoder agree on the form.
    dev.hornbeam.smt.ModelValue.Real r =
        new dev.hornbeam.smt.ModelValue.Real(Objects.requireNonNull(num, "num"), Objects.requireNonNull(den, "den"));
    num = r.num();
    den = r.den();
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
