package dev.hornbeam.smt.api;

import java.math.BigInteger;
import java.util.Objects;

/** Fixed-width unsigned bit-vectors: IPv4 (32) and IPv6 (128) addresses, and CIDR blocks as extracts. */
public sealed interface BitvectorFormula extends Formula permits BitvectorFormula.Const, BitvectorFormula.Var,
    BitvectorFormula.Extract {

  int width();

  record Const(BigInteger value, int width) implements BitvectorFormula {
    public Const {
      if (width < 1 || value.signum() < 0 || value.bitLength() > width) {
        throw new IllegalArgumentException(value + " is no " + width + "-bit value");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.constant(this);
    }
  }

  record Var(String name, int width) implements BitvectorFormula {
    public Var {
      Names.check(name);
      if (width < 1) {
        throw new IllegalArgumentException("width " + width);
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.variable(this);
    }
  }

  /** Bits {@code high} down to {@code low} (inclusive, 0 the least significant) of {@code operand}. */
  record Extract(int high, int low, BitvectorFormula operand) implements BitvectorFormula {
    public Extract {
      if (low < 0 || high < low || high >= operand.width()) {
        throw new IllegalArgumentException("extract " + high + ".." + low + " of " + operand.width() + " bits");
      }
    }

    @Override
    public int width() {
      return high - low + 1;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.extract(this);
    }
  }

  record Equal(BitvectorFormula left, BitvectorFormula right) implements BoolFormula {
    public Equal {
      if (left.width() != right.width()) {
        throw new IllegalArgumentException("equality of " + left.width() + " and " + right.width() + " bits");
      }
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.equal(this);
    }
  }

  /**
   * The address {@code address} is in the block whose first {@code prefix} bits are those of
   * {@code network} (IAM User Guide, "IP address condition operators": CIDR notation).
   */
  static BoolFormula inBlock(BitvectorFormula address, BigInteger network, int prefix) {
    Objects.requireNonNull(address);
    if (prefix == 0) {
      return BoolFormula.TRUE;
    }
    int w = address.width();
    return new Equal(new Extract(w - 1, w - prefix, address), new Const(network.shiftRight(w - prefix), prefix));
  }
}
