package dev.hornbeam.portfolio;

import dev.hornbeam.portfolio.solver.SolverResult;
import dev.hornbeam.portfolio.solver.Status;
import dev.hornbeam.portfolio.worker.Frames;
import dev.hornbeam.portfolio.worker.Message;
import dev.hornbeam.portfolio.worker.WorkerMain;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker process that misbehaves on demand, for the fault tests. The pool starts it exactly like the
 * real one ({@code java … FakeWorker hornbeam-solver-worker z3|cvc5}, through
 * {@code WorkerLaunch.withMainClass}) and it speaks the real protocol ({@link Frames}).
 *
 * <p>The behaviour comes from the system property {@code hornbeam.fake.<solver>} or else
 * {@code hornbeam.fake} (given with {@code WorkerLaunch.withJvmOptions}):
 *
 * <ul>
 *   <li>{@code real}: the real worker ({@link WorkerMain}), so one solver can misbehave while the other works;
 *   <li>{@code hang}: hello, then never answers a Solve and ignores Cancel (keeps reading its stdin);
 *   <li>{@code deaf}: hello, then never reads its stdin again (a frozen process: its pipe fills up);
 *   <li>{@code garbage}: hello, then random bytes (not a frame) in reply to a Solve;
 *   <li>{@code bad-length}: hello, then a frame header with an absurd length in reply to a Solve;
 *   <li>{@code wrong-id}: hello, then a well-formed answer to a query that was never asked;
 *   <li>{@code crash-mid-query}: hello, then {@code Runtime.halt(134)} on a Solve;
 *   <li>{@code exit-at-start}: exits with code 3 before hello;
 *   <li>{@code slow-hello}: says hello only after {@code hornbeam.fake.delayMs} (default 10 s), then hangs.
 * </ul>
 *
 * Every start appends a line {@code <pid> <solver> <mode>} to the file {@code hornbeam.fake.log} if set.
 * Except {@code deaf}, the process halts as soon as its stdin ends, like the real worker.
 */
public final class FakeWorker {
  private FakeWorker() {}

  public static void main(String[] args) throws Exception {
    String solver = args.length > 1 ? args[1] : "?";
    String mode = System.getProperty("hornbeam.fake." + solver, System.getProperty("hornbeam.fake", "hang"));
    String log = System.getProperty("hornbeam.fake.log");
    if (log != null) {
      Files.writeString(Path.of(log), ProcessHandle.current().pid() + " " + solver + " " + mode + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
    if (mode.equals("real")) {
      WorkerMain.main(args);
      return;
    }
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    System.err.println("fake " + solver + " worker, mode " + mode);
    Message hello = new Message.Hello(solver, "fake-" + mode, ProcessHandle.current().pid());
    switch (mode) {
      case "exit-at-start" -> {
        System.err.println("fake worker: exiting at start-up");
        Runtime.getRuntime().halt(3);
      }
      case "slow-hello" -> {
        long delay = Long.getLong("hornbeam.fake.delayMs", 10_000);
        Thread t = new Thread(() -> {
          try {
            Thread.sleep(delay);
            send(out, hello);
          } catch (InterruptedException | IOException e) {
            Runtime.getRuntime().halt(0);
          }
        }, "slow-hello");
        t.setDaemon(true);
        t.start();
      }
      default -> send(out, hello);
    }
    if (mode.equals("deaf")) {
      while (true) {
        Thread.sleep(60_000); // never reads stdin again: only SIGKILL ends it
      }
    }
    while (true) {
      Message message;
      try {
        message = Frames.read(in);
      } catch (IOException e) {
        Runtime.getRuntime().halt(0); // stdin ended: the parent is gone
        return;
      }
      if (!(message instanceof Message.Solve solve)) {
        continue; // Cancel: ignored
      }
      switch (mode) {
        case "garbage" -> {
          byte[] bytes = new byte[256];
          ThreadLocalRandom.current().nextBytes(bytes);
          bytes[0] = 0x7f; // never the first byte of the magic "HBW1"
          synchronized (out) {
            out.write(bytes);
            out.flush();
          }
        }
        case "bad-length" -> {
          synchronized (out) {
            out.writeInt(0x48425731); // the magic "HBW1"
            out.writeByte(4); // answer
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
          }
        }
        case "wrong-id" -> send(out, new Message.Answer(solve.id() + 1_000, new SolverResult(Status.UNSAT, Map.of(), 1, false, "")));
        case "crash-mid-query" -> {
          System.err.println("fake worker: crashing on query " + solve.id());
          Runtime.getRuntime().halt(134);
        }
        default -> {
          // hang, slow-hello: never answer
        }
      }
    }
  }

  private static void send(DataOutputStream out, Message message) throws IOException {
    synchronized (out) {
      Frames.write(out, message);
    }
  }
}
