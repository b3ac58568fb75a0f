package dev.hornbeam.audit;

import dev.hornbeam.audit.report.Reports;
import dev.hornbeam.service.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * An audit's output directory: {@code run.json} (the inputs, their {@link AuditFingerprint}, when the audit
 * started, how often it was resumed), the Flink job's directory {@code flink/} (checkpoints and the sink's part files),
 * {@code journal.ndjson} (the finished output), the reports and {@code .lock}. Started again with the same
 * inputs whose content is unchanged, an audit continues where it stopped. A directory that holds an audit of
 * other inputs, or of the same inputs whose content or answer-changing options changed since, is refused
 * ({@link OnChange#REFUSE}) or cleared and audited afresh ({@link OnChange#RESTART}): an old answer is never
 * reused for changed content.
 */
public final class AuditDirectory {
  public static final String RUN = "run.json";
  public static final String LOCK = ".lock";

  /** {@code run.json}. {@code fingerprint} is null in directories written before fingerprints existed. */
  @Serdeable
  public record Run(List<String> inputs, @Nullable String format, String startedAt, int resumed, boolean finished,
      @Nullable String fingerprint, @Nullable List<String> inputHashes) {}

  /** What to do when the directory holds an audit whose identity differs. */
  public enum OnChange { REFUSE, RESTART }

  /** The directory holds an audit of other inputs or of changed content (CLI exit 2, never answered from it). */
  public static final class Changed extends IllegalArgumentException {
    Changed(String message) {
      super(message);
    }
  }

  /** Another audit holds the directory, or its job still runs on the cluster (CLI exit 2). */
  public static final class Busy extends IllegalArgumentException {
    public Busy(String message) {
      super(message);
    }
  }

  /** An exclusive hold on an output directory, released by {@link #close}. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Lock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  private AuditDirectory() {}

  /**
   * Takes the directory for one audit (creating it): an exclusive lock on {@code DIR/.lock}, held until closed.
   *
   * @throws Busy another audit (in this or another process) holds it
   * @throws IllegalArgumentException {@code dir} exists and is not a directory
   */
  public static Lock lock(Path dir, String shownAs) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(shownAs + " is a file, not a directory: --out names the directory for the audit's output and reports");
    }
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this process
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new Busy("another audit is running on " + shownAs + " (it holds " + LOCK + "); wait for it to end or give another --out");
    }
    return new Lock(ch, lock);
  }

  /**
   * Opens {@code dir} for {@code inputs} whose identity is {@code fingerprint}: a new run, or the
   * continuation of an unfinished or finished one of the same identity (a finished one is reported again from
   * its output). Returns the run as recorded. The caller holds {@link #lock}.
   *
   * @throws Changed the directory holds an audit of other inputs or changed content and {@code onChange} is REFUSE
   */
  public static Run open(Path dir, List<String> inputs, String format, AuditFingerprint fingerprint, OnChange onChange, String shownAs)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(RUN);
    Run run = null;
    if (Files.exists(file)) {
      Run earlier = Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), Run.class);
      String why = null;
      if (!earlier.inputs().equals(inputs)) {
        why = shownAs + " holds an audit of other inputs " + earlier.inputs();
      } else if (!fingerprint.value().equals(earlier.fingerprint())) {
        why = shownAs + " holds an audit of " + changed(earlier, inputs, fingerprint) + " whose content (or answer-changing options)"
            + " changed since it started; its answers would be stale";
      }
      if (why == null) {
        run = new Run(inputs, format, earlier.startedAt(), earlier.resumed() + (earlier.finished() ? 0 : 1), false,
            fingerprint.value(), fingerprint.inputs());
      } else if (onChange == OnChange.REFUSE) {
        throw new Changed(why + "; run with --restart to audit afresh, or give another --out");
      }
    }
    if (run == null) {
      clear(dir);
      run = new Run(inputs, format, Instant.now().toString(), 0, false, fingerprint.value(), fingerprint.inputs());
    }
    write(dir, run);
    return run;
  }

  /** Which inputs differ, in words. */
  private static String changed(Run earlier, List<String> inputs, AuditFingerprint now) {
    if (earlier.inputHashes() == null || earlier.inputHashes().size() != now.inputs().size()) {
      return "the same inputs";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      if (!earlier.inputHashes().get(i).equals(now.inputs().get(i))) {
        s.append(s.length() == 0 ? "" : ", ").append(inputs.get(i));
      }
    }
    return s.length() == 0 ? "the same inputs" : s.toString();
  }

  /** The Flink job's directory under an audit directory (checkpoints, the sink's part files, the MiniCluster's temporary files). */
  public static final String WORK = "flink";

  /** Removes an earlier run's output, reports and state (only Hornbeam's own files: the job's directory among them). */
  private static void clear(Path dir) throws IOException {
    for (String name : List.of(Journal.FILE, RUN, Reports.FINDINGS, Reports.SUMMARY_JSON, Reports.SUMMARY_CSV, Reports.SARIF, Reports.HTML)) {
      Files.deleteIfExists(dir.resolve(name));
    }
    deleteTree(dir.resolve(WORK));
  }

  /** Deletes {@code dir} and what it holds, if it exists; what vanishes meanwhile (Flink's own clean-up) is no error. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<Path>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(d);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  /** Marks the run finished. */
  public static void finish(Path dir, Run run) throws IOException {
    write(dir, new Run(run.inputs(), run.format(), run.startedAt(), run.resumed(), true, run.fingerprint(), run.inputHashes()));
  }

  private static void write(Path dir, Run run) throws IOException {
    Path tmp = dir.resolve(RUN + ".tmp");
    Files.writeString(tmp, Json.mapper().writeValueAsString(run), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
