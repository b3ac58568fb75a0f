package dev.hornbeam.audit;

import dev.hornbeam.service.Json;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The audit's journal, {@code DIR/journal.ndjson}: one {@link Finding} per line, appended (and flushed to
 * the operating system) as each resource finishes. A run killed at any point (kill -9) leaves at most one
 * partial last line, which {@link #open} cuts off; the next run skips every key already in the journal,
 * so each resource is decided and reported exactly once.
 *
 * <p>Each line is self-checking: {@code <sha256> <finding JSON>}, where the hash (64 hex digits) is over the
 * run's identity ({@link AuditFingerprint#value()}), a newline and the JSON bytes. A line that does not verify
 * (garbage, {@code {}}, NULs, invalid UTF-8, an edited answer, a line of another run or of a journal written
 * before lines were checked) is never trusted: it is skipped with a warning and its resource is decided again.
 * The hash detects damage and lines copied from other runs; it is not a secret (anyone who can write the
 * directory and knows the identity can compute it).
 */
public final class Journal implements AutoCloseable {
  public static final String FILE = "journal.ndjson";

  private final Path file;
  private final String identity;
  private final OutputStream out;
  private final Set<String> done;
  private final Map<String, Integer> results;
  private final List<String> damaged;

  private Journal(Path file, String identity, OutputStream out, Set<String> done, Map<String, Integer> results, List<String> damaged) {
    this.file = file;
    this.identity = identity;
    this.out = out;
    this.done = done;
    this.results = results;
    this.damaged = damaged;
  }

  /** Opens (or creates) the journal in {@code dir} of an audit without a recorded identity (tests, fixtures). */
  public static Journal open(Path dir) throws IOException {
    return open(dir, "");
  }

  /** Opens (or creates) the journal in {@code dir} of the run {@code identity}, cutting off a partial last line. */
  public static Journal open(Path dir, String identity) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    truncatePartialLine(file);
    Set<String> done = new HashSet<>();
    Map<String, Integer> results = new HashMap<>();
    List<String> damaged = new ArrayList<>();
    if (Files.exists(file)) {
      read(file, identity, f -> {
        done.add(f.key());
        results.merge(f.result(), 1, Integer::sum);
        if (f.outsideAccess() && "NOT_PUBLIC".equals(f.result())) {
          results.merge(OUTSIDE, 1, Integer::sum);
        }
      }, damaged::add);
      if (!damaged.isEmpty()) {
        compact(file, identity);
      }
    }
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new Journal(file, identity, out, done, results, List.copyOf(damaged));
  }

  public Path file() {
    return file;
  }

  /** The lines found damaged when the journal was opened ("line N: why"); their resources are decided again. */
  public List<String> damaged() {
    return damaged;
  }

  /** Keys finished in earlier runs (and in this one). */
  public synchronized boolean isDone(String key) {
    return done.contains(key);
  }

  public synchronized int size() {
    return done.size();
  }

  /** The count of resources not public but shared outside their zone of trust ({@link #count}). */
  public static final String OUTSIDE = "OUTSIDE";

  /** How many recorded findings have this result (PUBLIC, NOT_PUBLIC, INVALID; {@link #OUTSIDE}). */
  public synchronized int count(String result) {
    return results.getOrDefault(result, 0);
  }

  /** Appends a finding; a key already recorded is ignored (exactly once). */
  public synchronized boolean append(Finding f) throws IOException {
    if (!done.add(f.key())) {
      return false;
    }
    results.merge(f.result(), 1, Integer::sum);
    if (f.outsideAccess() && "NOT_PUBLIC".equals(f.result())) {
      results.merge(OUTSIDE, 1, Integer::sum);
    }
    String json = Json.mapper().writeValueAsString(f);
    byte[] line = (check(identity, json) + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(line);
    out.flush();
    return true;
  }

  /**
   * One journal line for {@code f} in the run {@code identity}, without its newline: what {@link #append}
   * writes (the Flink job's sink writes the same lines, so its finished part files read as a journal).
   */
  public static String line(String identity, Finding f) throws IOException {
    String json = Json.mapper().writeValueAsString(f);
    return check(identity, json) + " " + json;
  }

  /** The check of one line: SHA-256 over the identity, a newline and the JSON text. */
  static String check(String identity, String json) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(identity.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every verified finding of a journal without a recorded identity (tests, fixtures). */
  public static void read(Path file, Consumer<Finding> findings) throws IOException {
    read(file, "", findings);
  }

  /** Every verified finding of a journal file of run {@code identity}, in order, each key once (the first). */
  public static void read(Path file, String identity, Consumer<Finding> findings) throws IOException {
    read(file, identity, findings, d -> { });
  }

  /**
   * Every verified finding, in order, each key once (the first); each line that does not verify goes to
   * {@code damaged} as "line N: why" and is otherwise ignored.
   */
  public static void read(Path file, String identity, Consumer<Finding> findings, Consumer<String> damaged) throws IOException {
    scan(file, identity, (f, raw) -> findings.accept(f), damaged);
  }

  /** A verified finding and its line's bytes (without the newline). */
  private interface Line {
    void accept(Finding f, byte[] raw) throws IOException;
  }

  private static void scan(Path file, String identity, Line findings, Consumer<String> damaged) throws IOException {
    Set<String> seen = new HashSet<>();
    ObjectMapper json = Json.mapper();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      int lineNo = 0;
      for (boolean more = true; more; ) {
        line.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
          line.write(b);
        }
        more = b != -1;
        if (!more && line.size() == 0) {
          break;
        }
        lineNo++;
        String why = null;
        Finding f = null;
        String text;
        try {
          text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
          text = null;
          why = "not UTF-8";
        }
        if (text != null && text.isBlank()) {
          continue;
        }
        if (text != null) {
          int space = text.indexOf(' ');
          if (space != 64 || !text.substring(0, 64).equals(check(identity, text.substring(65)))) {
            why = "its check does not match its content and this run";
          } else {
            try {
              f = json.readValue(text.substring(65), Finding.class);
              if (f == null || f.key() == null || f.result() == null) {
                why = "not a finding";
                f = null;
              }
            } catch (IOException | RuntimeException e) {
              why = "not a finding";
            }
          }
        }
        if (f == null) {
          damaged.accept("line " + lineNo + ": " + why);
        } else if (seen.add(f.key())) {
          findings.accept(f, line.toByteArray());
        }
      }
    }
  }
  /**
   * Rewrites the journal with only its verified lines (atomically), so that lines not trusted are reported
   * once, when found, and do not warn again on every later resume; their resources are decided again.
   */
  private static void compact(Path file, String identity) throws IOException {
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
      scan(file, identity, (f, raw) -> {
        out.write(raw);
        out.write('\n');
      }, d -> { });
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
