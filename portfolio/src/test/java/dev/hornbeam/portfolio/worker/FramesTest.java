package dev.hornbeam.portfolio.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.smt.api.ModelValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {
  private static byte[] bytes(Message... messages) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    for (Message m : messages) {
      Frames.write(out, m);
    }
    return b.toByteArray();
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Test
  void everyMessageReadsBackEqual() throws IOException {
    Map<String, ModelValue> model = new LinkedHashMap<>();
    model.put("p.arn", new ModelValue.Str("arn:aws:iam::1:user/é😀\u0000"));
    model.put("k.int", new ModelValue.Int(new BigInteger("-123456789012345678901234567890")));
    model.put("k.real", new ModelValue.Real(BigInteger.valueOf(-7), BigInteger.valueOf(3)));
    model.put("k.present", new ModelValue.Bool(true));
    model.put("k.ip", new ModelValue.BitVec(BigInteger.valueOf(0xC0A80001L), 32));
    List<Message> messages = List.of(
        new Message.Hello("z3", "z3 4.14.1.0", 4242),
        new Message.Solve(7, 2_000, "(set-logic ALL)\n(check-sat)\n" + "x".repeat(300_000)),
        new Message.Cancel(7),
        new Message.Answer(7, new SolverResult(Status.SAT, model, 1234, false, "")),
        new Message.Answer(8, new SolverResult(Status.UNSAT, Map.of(), 5, true, "")),
        new Message.Answer(9, new SolverResult(Status.UNKNOWN, Map.of(), 5, false, "timeout")),
        new Message.Failure(10, "cvc5 rejected the script: (error \"x\")"));
    DataInputStream in = in(bytes(messages.toArray(Message[]::new)));
    for (Message m : messages) {
      assertEquals(m, Frames.read(in));
    }
    assertThrows(EOFException.class, () -> Frames.read(in));
  }

  @Test
  void garbageIsAProtocolErrorNotAMessage() throws IOException {
    assertThrows(ProtocolException.class, () -> Frames.read(in("sat\n(model ...)".getBytes())));
    // A valid frame header with an unknown type, an oversized length, or stray payload bytes.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(Frames.MAGIC);
    out.writeByte(99);
    out.writeInt(0);
    assertThrows(ProtocolException.class, () -> Frames.read(in(b.toByteArray())));
    b.reset();
    out.writeInt(Frames.MAGIC);
    out.writeByte(3);
    out.writeInt(Integer.MAX_VALUE);
    assertThrows(ProtocolException.class, () -> Frames.read(in(b.toByteArray())));
    b.reset();
    out.writeInt(Frames.MAGIC);
    out.writeByte(3);
    out.writeInt(9);
    out.writeLong(1);
    out.writeByte(0);
    assertThrows(ProtocolException.class, () -> Frames.read(in(b.toByteArray())));
    // A frame cut short is an end of stream.
    byte[] whole = bytes(new Message.Cancel(1));
    assertThrows(EOFException.class, () -> Frames.read(in(java.util.Arrays.copyOf(whole, whole.length - 2))));
  }

  @Test
  void randomBytesNeverReadAsAMessageWithoutError() {
    Random random = new Random(1);
    for (int i = 0; i < 2_000; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      assertThrows(IOException.class, () -> Frames.read(in(junk)));
    }
  }
}
