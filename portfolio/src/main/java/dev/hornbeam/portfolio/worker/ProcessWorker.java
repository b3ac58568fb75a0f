package dev.hornbeam.portfolio.worker;

import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.solver.SolverResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A worker in a child JVM. Its own temp directory holds the extracted solver natives and its stderr
 * ({@code worker.log}); the directory is wiped when the process has exited, whatever the cause. A reader
 * thread takes the worker's frames; if the worker dies or writes something that is not a frame, the
 * process is killed and the query on it fails with {@link WorkerLostException}. Frames to the worker are
 * written by a writer thread, in order: a frozen worker that no longer reads its stdin fills the pipe and
 * blocks only that thread, never a caller, the race's timer, or the lock that {@link #kill} needs.
 */
public final class ProcessWorker implements Worker {
  private final SolverId solver;
  private final Process process;
  private final Path dir;
  private final DataOutputStream stdin;
  private final ThreadPoolExecutor writer;
  private final DataInputStream stdout;
  private final String version;
  private final CompletableFuture<Void> wiped;
  private long nextId;
  private long runningId = -1;
  private CompletableFuture<SolverResult> pending;
  private volatile String lostBecause;

  private ProcessWorker(SolverId solver, Process process, Path dir, String version, DataInputStream stdout,
      CompletableFuture<Void> wiped) {
    this.solver = solver;
    this.process = process;
    this.dir = dir;
    this.version = version;
    this.wiped = wiped;
    this.stdout = stdout;
    this.stdin = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    this.writer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "worker-writer-" + solver.key() + "-" + process.pid());
      t.setDaemon(true);
      return t;
    });
    writer.allowCoreThreadTimeOut(true);
    Thread reader = new Thread(this::readLoop, "worker-reader-" + solver.key() + "-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  public static WorkerFactory factory(WorkerLaunch launch, Duration startTimeout) {
    return id -> start(launch, id, startTimeout);
  }

  /** Starts a worker and waits for its hello. */
  public static ProcessWorker start(WorkerLaunch launch, SolverId solver, Duration startTimeout) throws WorkerStartException {
    Path dir;
    try {
      Files.createDirectories(launch.tempRoot());
      dir = Files.createTempDirectory(launch.tempRoot(), "hornbeam-worker-" + solver.key() + "-");
    } catch (IOException e) {
      throw new WorkerStartException("cannot create a worker directory under " + launch.tempRoot() + ": " + e.getMessage());
    }
    List<String> command = command(launch, solver, dir);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile()));
    // glibc malloc arenas per thread made solver RSS climb to GBs (FACTS.md); two are plenty.
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      wipe(dir);
      throw new WorkerStartException("cannot start a " + solver.key() + " worker: " + e.getMessage());
    }
    CompletableFuture<Void> wiped = process.onExit().thenRun(() -> wipe(dir));
    DataInputStream stdout = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    CompletableFuture<Message> hello = CompletableFuture.supplyAsync(() -> {
      try {
        return Frames.read(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, runnable -> {
      Thread t = new Thread(runnable, "worker-hello-" + process.pid());
      t.setDaemon(true);
      t.start();
    });
    String problem;
    try {
      Message first = hello.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first instanceof Message.Hello h && solver.key().equals(h.solver())) {
        return new ProcessWorker(solver, process, dir, h.version(), stdout, wiped);
      }
      problem = "said " + first + " instead of hello";
    } catch (TimeoutException e) {
      problem = "did not say hello within " + startTimeout.toMillis() + " ms";
    } catch (java.util.concurrent.ExecutionException e) {
      problem = "ended before hello (" + e.getCause().getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "start interrupted";
    }
    String log = logTail(dir);
    process.destroyForcibly();
    Integer exit = waitExit(process);
    // Even when interrupted (the pool is closing): the service may exit next, and then nothing would wipe it.
    awaitUninterruptibly(wiped, Duration.ofSeconds(2));
    throw new WorkerStartException("the " + solver.key() + " worker " + problem
        + (exit != null ? "; exit code " + exit : "") + (log.isEmpty() ? "" : "; its log ends: " + log));
  }

  static List<String> command(WorkerLaunch launch, SolverId solver, Path dir) {
    List<String> java = new ArrayList<>();
    java.add(launch.java());
    java.add("-Xmx" + launch.heapMb() + "m");
    java.add("-Xss8m"); // solver parsers recurse on deep terms
    java.add("-XX:+UseSerialGC");
    java.add("-XX:TieredStopAtLevel=1"); // the Java side only moves frames; C1 starts faster
    java.add("-Xshare:auto");
    java.add("-XX:-UsePerfData");
    java.add("-Djava.io.tmpdir=" + dir);
    java.addAll(launch.jvmOptions());
    java.add("-cp");
    java.add(launch.classpath());
    java.add(launch.mainClass());
    java.add(WorkerMain.MARKER);
    java.add(solver.key());
    if (launch.nativeMemoryMb() <= 0) {
      return java;
    }
    // ulimit -v caps heap, natives and everything else the process maps; exec keeps the pid.
    List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -v " + (launch.nativeMemoryMb() * 1024L) + " && exec \"$0\" \"$@\""));
    shell.addAll(java);
    return shell;
  }

  @Override
  public SolverId solver() {
    return solver;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public String version() {
    return version;
  }

  /** The worker's directory (its temp dir and log); gone once the process has exited. */
  public Path directory() {
    return dir;
  }

  @Override
  public CompletableFuture<SolverResult> solve(String script, long timeoutMillis) {
    CompletableFuture<SolverResult> future = new CompletableFuture<>();
    synchronized (this) {
      if (lostBecause != null) {
        future.completeExceptionally(new WorkerLostException(lostBecause));
        return future;
      }
      if (pending != null && !pending.isDone()) {
        throw new IllegalStateException("worker " + pid() + " is busy");
      }
      runningId = ++nextId;
      pending = future;
      // Queued under the lock, so that a cancel of this query is written after it.
      send(new Message.Solve(runningId, timeoutMillis, script), "the query");
    }
    return future;
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (lostBecause != null || runningId < 0) {
        return;
      }
      send(new Message.Cancel(runningId), "cancel");
    }
  }

  /** Queues a frame for the writer thread; never blocks. A frame that cannot be written loses the worker. */
  private void send(Message message, String what) {
    Runnable write = () -> {
      try {
        Frames.write(stdin, message);
      } catch (IOException e) {
        lost("could not send " + what + " to the " + solver.key() + " worker " + process.pid() + ": " + e.getMessage());
      }
    };
    try {
      writer.execute(write);
    } catch (RejectedExecutionException e) {
      // lost() has shut the writer down: the worker is lost already
    }
  }

  @Override
  public void kill() {
    lost("killed");
  }

  /** Waits until the process has exited and its directory is wiped (after {@link #kill}). */
  @Override
  public boolean awaitGone(Duration timeout) {
    return awaitUninterruptibly(wiped, timeout);
  }

  /** Waits for {@code future} at most {@code timeout}, through interrupts (the interrupt is kept). */
  private static boolean awaitUninterruptibly(CompletableFuture<?> future, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
          return true;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return true; // done, if badly
        } catch (TimeoutException e) {
          return false;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean alive() {
    return lostBecause == null && process.isAlive();
  }

  @Override
  public long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** Marks the worker lost, kills it (SIGKILL) and fails the query on it. */
  private void lost(String why) {
    CompletableFuture<SolverResult> p;
    synchronized (this) {
      if (lostBecause == null) {
        lostBecause = why;
      }
      p = pending;
    }
    process.destroyForcibly();
    writer.shutdown(); // a write blocked on the full pipe ends (EPIPE) when the process is gone
    if (p != null && !p.isDone()) {
      p.completeExceptionally(new WorkerLostException(lostBecause));
    }
  }

  private void readLoop() {
    while (true) {
      Message message;
      try {
        message = Frames.read(stdout);
      } catch (IOException e) {
        if (e instanceof ProtocolException) {
          lost("protocol error from the " + solver.key() + " worker " + process.pid() + ": " + e.getMessage());
          return;
        }
        if (lostBecause == null) {
          Integer exit = waitExit(process);
          String log = logTail(dir);
          lost("the " + solver.key() + " worker " + process.pid() + " exited"
              + (exit != null ? " with code " + exit : "") + (log.isEmpty() ? "" : "; its log ends: " + log));
        }
        return;
      }
      CompletableFuture<SolverResult> done = null;
      SolverResult result = null;
      String failure = null;
      synchronized (this) {
        long id = message instanceof Message.Answer a ? a.id() : message instanceof Message.Failure f ? f.id() : -2;
        if (id == -2 || id != runningId) {
          // Unexpected: an answer to nothing asked. Treat as broken.
          lostBecause = lostBecause == null ? "unexpected message " + message.getClass().getSimpleName() : lostBecause;
        } else {
          done = pending;
          runningId = -1;
          if (message instanceof Message.Answer a) {
            result = a.result();
          } else {
            failure = ((Message.Failure) message).message();
          }
        }
      }
      if (done == null) {
        lost(lostBecause);
        return;
      }
      if (result != null) {
        done.complete(result);
      } else {
        done.completeExceptionally(new QueryFailedException(failure));
      }
    }
  }

  private static Integer waitExit(Process process) {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String logTail(Path dir) {
    try {
      byte[] bytes = Files.readAllBytes(dir.resolve("worker.log"));
      String text = new String(bytes, Math.max(0, bytes.length - 600), Math.min(600, bytes.length), StandardCharsets.UTF_8);
      return text.strip().replaceAll("\\s*\\n\\s*", " | ");
    } catch (IOException e) {
      return "";
    }
  }

  static void wipe(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // already gone
    }
  }
}
