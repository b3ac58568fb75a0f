package dev.hornbeam.portfolio.worker;

import java.io.IOException;

/** The other side wrote something that is not a frame of the protocol. */
public final class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
