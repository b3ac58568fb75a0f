package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A running job's progress read from its sink's directory, the same on the embedded MiniCluster and a session
 * cluster: every finding is a line the sink writes as the check emits it, into an in-progress file ({@code
 * .part-X-N.ndjson.inprogress.U}) that becomes {@code part-X-N.ndjson} on a checkpoint. Lines are counted once per
 * part (its in-progress and finished names are one part), reading only what was appended since the last poll.
 * Finished parts present at the start are the resumed findings; hidden files present at the start (a killed run's
 * output after its last checkpoint, never committed, or pending files committed on restore) count only once
 * finished. An estimate for the eye: the reports count the finished part files.
 */
final class SinkProgress {
  private static final String PUBLIC = "\"result\":\"PUBLIC\"";
  private static final String INVALID = "\"result\":\"INVALID\"";

  private final Path findings;
  private final long total;
  private final long bad;
  private final long start = System.nanoTime();
  /** Bytes read per part, through its last complete line. */
  private final Map<String, Long> offsets = new HashMap<>();
  private final Set<String> ignored = new HashSet<>();
  private final long resumed;
  private long done;
  private long publicCount;
  private long invalid;

  SinkProgress(Path findings, long total, long bad) throws IOException {
    this.findings = findings;
    this.total = total;
    this.bad = bad;
    for (Path p : list()) {
      String name = p.getFileName().toString();
      if (name.startsWith(".")) {
        ignored.add(part(name));
      }
    }
    poll();
    resumed = done;
  }

  /** The part a sink file belongs to: its finished name. */
  static String part(String name) {
    String n = name.startsWith(".") ? name.substring(1) : name;
    int i = n.indexOf(".inprogress");
    return i < 0 ? n : n.substring(0, i);
  }

  private List<Path> list() throws IOException {
    if (!Files.isDirectory(findings)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(findings)) {
      return s.filter(p -> p.getFileName().toString().contains("part-") && p.getFileName().toString().contains(".ndjson")).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  /** Findings of finished parts when this run started (the run resumed with them). */
  long resumed() {
    return resumed;
  }

  /** Reads what the sink appended since the last call. */
  synchronized Progress poll() throws IOException {
    for (Path p : list()) {
      String name = p.getFileName().toString();
      String part = part(name);
      if (name.startsWith(".") && ignored.contains(part)) {
        continue;
      }
      long from = offsets.getOrDefault(part, 0L);
      try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
        long size = c.size();
        if (size <= from) {
          continue;
        }
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(size - from, 64L << 20));
        while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
          // read on
        }
        byte[] bytes = b.array();
        int end = b.position();
        while (end > 0 && bytes[end - 1] != '\n') {
          end--;
        }
        if (end == 0) {
          continue;
        }
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
          if (line.isEmpty()) {
            continue;
          }
          done++;
          if (line.contains(PUBLIC)) {
            publicCount++;
          } else if (line.contains(INVALID)) {
            invalid++;
          }
        }
        offsets.put(part, from + end);
      } catch (NoSuchFileException e) {
        // renamed by a checkpoint meanwhile: read under its new name next time
      }
    }
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long shown = Math.min(done, total);
    return new Progress(shown, total, publicCount, invalid, bad, Math.min(resumed, total),
        Math.max(0, shown - Math.min(resumed, total)) / seconds);
  }
}
