package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.CancelFlag;
import dev.hornbeam.portfolio.solver.SmtSolver;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A solver worker process: {@code java … dev.hornbeam.portfolio.worker.WorkerMain hornbeam-solver-worker
 * z3|cvc5}. Loads its solver, answers a warm-up query, says {@link Message.Hello}, then answers
 * {@link Message.Solve} frames one at a time on a solver thread while the main thread keeps reading, so a
 * {@link Message.Cancel} reaches the running check. When stdin ends (the parent closed it or died) the
 * process halts at once: a dead service leaves no orphans. It first wipes its own temp directory (the
 * extracted solver natives, ~70 MB) when that is a pool's worker directory: the parent that would wipe it
 * on the worker's exit is gone.
 */
public final class WorkerMain {
  /** In every worker's command line, so that workers can be found in a process listing. */
  public static final String MARKER = "hornbeam-solver-worker";

  private WorkerMain() {}

  public static void main(String[] args) {
    // Frames own the real stdout; anything else printing (a solver's warning) goes to stderr.
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    if (args.length != 2 || !MARKER.equals(args[0]) || SolverId.fromKey(args[1]).isEmpty()) {
      System.err.println("usage: WorkerMain " + MARKER + " z3|cvc5");
      Runtime.getRuntime().halt(64);
    }
    SolverId id = SolverId.fromKey(args[1]).orElseThrow();
    try {
      run(SmtSolver.create(id), new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16)), out);
    } catch (Throwable t) {
      t.printStackTrace();
    }
    Runtime.getRuntime().halt(0);
  }

  /** Serves until stdin ends. */
  static void run(SmtSolver solver, DataInputStream in, DataOutputStream out) throws IOException {
    // Warm-up: loads the natives and the solver's code paths before the first real query.
    solver.check("(set-logic ALL)\n(declare-const s String)\n(assert (str.in_re s (re.+ (str.to_re \"a\"))))\n(check-sat)\n", 5_000, new CancelFlag());
    Object writeLock = new Object();
    try {
      synchronized (writeLock) {
        Frames.write(out, new Message.Hello(solver.id().key(), solver.version(), ProcessHandle.current().pid()));
      }
    } catch (IOException e) {
      parentGone(); // the parent died while this worker was loading
    }
    ExecutorService solverThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "solver");
      t.setDaemon(true);
      return t;
    });
    Running running = new Running();
    while (true) {
      Message message;
      try {
        message = Frames.read(in);
      } catch (EOFException e) {
        parentGone(); // stdin ended: the parent closed it or died
        return;
      } catch (IOException e) {
        return; // the parent wrote garbage: this worker is done
      }
      if (message instanceof Message.Solve solve) {
        CancelFlag flag = running.start(solve.id());
        solverThread.execute(() -> {
          Message reply;
          try {
            SolverResult result = solver.check(solve.script(), solve.timeoutMillis(), flag);
            reply = new Message.Answer(solve.id(), result);
          } catch (RuntimeException | OutOfMemoryError e) {
            reply = new Message.Failure(solve.id(), String.valueOf(e.getMessage()));
          }
          running.finish(solve.id());
          try {
            synchronized (writeLock) {
              Frames.write(out, reply);
            }
          } catch (IOException e) {
            parentGone();
          }
        });
      } else if (message instanceof Message.Cancel cancel) {
        running.cancel(cancel.id());
      }
    }
  }

  /**
   * The parent is gone: wipe this worker's own temp directory if it is a pool's worker directory
   * ({@link ProcessWorker} names them {@code hornbeam-worker-…}; never anything else, such as a shared
   * {@code /tmp}), then halt. Synchronized: the main and the solver thread may both find the parent gone,
   * and two walks at once trip over each other's deletions (the one that gives up would halt the process
   * while the other is half done).
   */
  static synchronized void parentGone() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    if (tmp.getFileName() != null && tmp.getFileName().toString().startsWith("hornbeam-worker-")) {
      ProcessWorker.wipe(tmp);
    }
    Runtime.getRuntime().halt(0);
  }

  /** The query on the solver thread and its cancel flag. */
  private static final class Running {
    private long id = -1;
    private CancelFlag flag;

    synchronized CancelFlag start(long queryId) {
      id = queryId;
      flag = new CancelFlag();
      return flag;
    }

    synchronized void finish(long queryId) {
      if (id == queryId) {
        id = -1;
        flag = null;
      }
    }

    void cancel(long queryId) {
      CancelFlag f;
      synchronized (this) {
        f = id == queryId ? flag : null;
      }
      if (f != null) {
        f.cancel();
      }
    }
  }
}
