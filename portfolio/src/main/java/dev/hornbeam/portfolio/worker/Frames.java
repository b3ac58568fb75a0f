package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.ModelValue;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The framed protocol between the service and a worker, over the worker's stdin and stdout:
 *
 * <pre>
 *   frame   = magic:int32 ("HBW1") type:uint8 length:int32 payload[length]
 *   string  = length:int32 utf8[length]
 * </pre>
 *
 * Everything is big-endian ({@link DataOutputStream}). A frame with a wrong magic, an unknown type, a
 * negative or oversized length, or a payload that does not read back exactly is a
 * {@link ProtocolException}: the peer is broken and is treated as lost. A worker's stdout carries frames
 * only (its {@code System.out} is pointed at stderr), so a solver that prints is caught here, not
 * misread.
 */
public final class Frames {
  static final int MAGIC = 0x48425731; // "HBW1"
  /** Largest payload accepted: well above any query (policies are at most 256 KB). */
  static final int MAX_PAYLOAD = 64 << 20;

  private static final int HELLO = 1;
  private static final int SOLVE = 2;
  private static final int CANCEL = 3;
  private static final int ANSWER = 4;
  private static final int FAILURE = 5;

  private Frames() {}

  /** Writes one frame and flushes. Callers serialise writes to one stream. */
  public static void write(DataOutputStream out, Message message) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    DataOutputStream p = new DataOutputStream(bytes);
    int type;
    if (message instanceof Message.Hello h) {
      type = HELLO;
      string(p, h.solver());
      string(p, h.version());
      p.writeLong(h.pid());
    } else if (message instanceof Message.Solve s) {
      type = SOLVE;
      p.writeLong(s.id());
      p.writeLong(s.timeoutMillis());
      string(p, s.script());
    } else if (message instanceof Message.Cancel c) {
      type = CANCEL;
      p.writeLong(c.id());
    } else if (message instanceof Message.Answer a) {
      type = ANSWER;
      p.writeLong(a.id());
      SolverResult r = a.result();
      p.writeByte(r.status().ordinal());
      p.writeBoolean(r.cancelled());
      p.writeLong(r.micros());
      string(p, r.note());
      p.writeInt(r.model().size());
      for (Map.Entry<String, ModelValue> e : r.model().entrySet()) {
        string(p, e.getKey());
        value(p, e.getValue());
      }
    } else if (message instanceof Message.Failure f) {
      type = FAILURE;
      p.writeLong(f.id());
      string(p, f.message());
    } else {
      throw new IllegalArgumentException("unknown message " + message);
    }
    p.flush();
    out.writeInt(MAGIC);
    out.writeByte(type);
    out.writeInt(bytes.size());
    bytes.writeTo(out);
    out.flush();
  }

  /** Reads one frame; {@link EOFException} at a clean end of stream before a frame starts. */
  public static Message read(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new ProtocolException(String.format("not a frame: magic 0x%08x", magic));
    }
    int type = in.readUnsignedByte();
    int length = in.readInt();
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new ProtocolException("frame length out of range: " + length);
    }
    byte[] payload = in.readNBytes(length);
    if (payload.length != length) {
      throw new EOFException("stream ended inside a frame");
    }
    DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(payload));
    try {
      Message message = switch (type) {
        case HELLO -> new Message.Hello(string(p), string(p), p.readLong());
        case SOLVE -> new Message.Solve(p.readLong(), p.readLong(), string(p));
        case CANCEL -> new Message.Cancel(p.readLong());
        case ANSWER -> answer(p);
        case FAILURE -> new Message.Failure(p.readLong(), string(p));
        default -> throw new ProtocolException("unknown frame type " + type);
      };
      if (p.available() != 0) {
        throw new ProtocolException("frame of type " + type + " has " + p.available() + " stray bytes");
      }
      return message;
    } catch (EOFException | IllegalArgumentException e) {
      throw new ProtocolException("malformed frame of type " + type + ": " + e.getMessage());
    }
  }

  private static Message.Answer answer(DataInputStream p) throws IOException {
    long id = p.readLong();
    int status = p.readUnsignedByte();
    if (status >= Status.values().length) {
      throw new ProtocolException("unknown status " + status);
    }
    boolean cancelled = p.readBoolean();
    long micros = p.readLong();
    String note = string(p);
    int n = p.readInt();
    if (n < 0 || n > MAX_PAYLOAD / 4) {
      throw new ProtocolException("model size out of range: " + n);
    }
    Map<String, ModelValue> model = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      model.put(string(p), value(p));
    }
    return new Message.Answer(id, new SolverResult(Status.values()[status], model, micros, cancelled, note));
  }

  private static void value(DataOutputStream p, ModelValue v) throws IOException {
    if (v instanceof ModelValue.Str s) {
      p.writeByte('S');
      string(p, s.value());
    } else if (v instanceof ModelValue.Int i) {
      p.writeByte('I');
      string(p, i.value().toString());
    } else if (v instanceof ModelValue.Real r) {
      p.writeByte('R');
      string(p, r.num().toString());
      string(p, r.den().toString());
    } else if (v instanceof ModelValue.Bool b) {
      p.writeByte('B');
      p.writeBoolean(b.value());
    } else if (v instanceof ModelValue.BitVec bv) {
      p.writeByte('V');
      string(p, bv.value().toString());
      p.writeInt(bv.width());
    }
  }

  private static ModelValue value(DataInputStream p) throws IOException {
    int tag = p.readUnsignedByte();
    return switch (tag) {
      case 'S' -> new ModelValue.Str(string(p));
      case 'I' -> new ModelValue.Int(new BigInteger(string(p)));
      case 'R' -> new ModelValue.Real(new BigInteger(string(p)), new BigInteger(string(p)));
      case 'B' -> new ModelValue.Bool(p.readBoolean());
      case 'V' -> new ModelValue.BitVec(new BigInteger(string(p)), p.readInt());
      default -> throw new ProtocolException("unknown model value tag " + tag);
    };
  }

  private static void string(DataOutputStream p, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    p.writeInt(bytes.length);
    p.write(bytes);
  }

  private static String string(DataInputStream p) throws IOException {
    int length = p.readInt();
    if (length < 0 || length > p.available()) {
      throw new ProtocolException("string length out of range: " + length);
    }
    return new String(p.readNBytes(length), StandardCharsets.UTF_8);
  }
}
