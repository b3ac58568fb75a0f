package dev.hornbeam.audit;

import dev.hornbeam.service.Json;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The audit's journal, {@code DIR/journal.ndjson}: one {@link Finding} per line, appended (and flushed to
 * the operating system) as each resource finishes. A run killed at any point (kill -9) leaves at most one
 * partial last line, which {@link #open} cuts off; the next run skips every key already in the journal,
 * so each resource is decided and reported exactly once.
 */
public final class Journal implements AutoCloseable {
  public static final String FILE = "journal.ndjson";

  private final Path file;
  private final OutputStream out;
  private final Set<String> done;
  private final Map<String, Integer> results;

  private Journal(Path file, OutputStream out, Set<String> done, Map<String, Integer> results) {
    this.file = file;
    this.out = out;
    this.done = done;
    this.results = results;
  }

  /** Opens (or creates) the journal in {@code dir}, cutting off a partial last line. */
  public static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    truncatePartialLine(file);
    Set<String> done = new HashSet<>();
    Map<String, Integer> results = new HashMap<>();
    if (Files.exists(file)) {
      read(file, f -> {
        done.add(f.key());
        results.merge(f.result(), 1, Integer::sum);
      });
    }
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new Journal(file, out, done, results);
  }

  public Path file() {
    return file;
  }

  /** Keys finished in earlier runs (and in this one). */
  public synchronized boolean isDone(String key) {
    return done.contains(key);
  }

  public synchronized int size() {
    return done.size();
  }

  /** How many recorded findings have this result (PUBLIC, NOT_PUBLIC, INVALID). */
  public synchronized int count(String result) {
    return results.getOrDefault(result, 0);
  }

  /** Appends a finding; a key already recorded is ignored (exactly once). */
  public synchronized boolean append(Finding f) throws IOException {
    if (!done.add(f.key())) {
      return false;
    }
    results.merge(f.result(), 1, Integer::sum);
    byte[] line = (Json.mapper().writeValueAsString(f) + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(line);
    out.flush();
    return true;
  }

  /** Every finding of a journal file, in order, each key once (the first). */
  public static void read(Path file, Consumer<Finding> findings) throws IOException {
    Set<String> seen = new HashSet<>();
    ObjectMapper json = Json.mapper();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        Finding f = json.readValue(line, Finding.class);
        if (seen.add(f.key())) {
          findings.accept(f);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Cuts the file after its last newline: a line being written when the process died is dropped. */
  static void truncatePartialLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        ch.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        ch.truncate(keep);
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
