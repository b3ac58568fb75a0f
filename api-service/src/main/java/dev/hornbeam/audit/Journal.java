package dev.hornbeam.audit;

import dev.hornbeam.service.Json;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The audit's finished output, {@code DIR/journal.ndjson}: one {@link Finding} per line, the lines of the Flink job's
 * finished part files in order ({@code FlinkAudit}); the reports are written from it. Nothing appends to it: it is
 * written whole, once the job has finished, from the part files, which the sink commits on checkpoints (exactly once).
 *
 * <p>Each line is self-checking: {@code <sha256> <finding JSON>}, where the hash (64 hex digits) is over the
 * run's identity ({@link AuditFingerprint#value()}), a newline and the JSON bytes; the check function writes every
 * part-file line so ({@link #line}). A line that does not verify (garbage, {@code {}}, NULs, invalid UTF-8, an edited
 * answer, a line of another run) is never trusted: it is reported as damaged, and an audit whose finished output
 * holds one is audited afresh rather than answered from it. The hash detects damage and lines copied from other runs;
 * it is not a secret (anyone who can write the directory and knows the identity can compute it).
 */
public final class Journal {
  public static final String FILE = "journal.ndjson";

  /** The count of resources not public but shared outside their zone of trust. */
  public static final String OUTSIDE = "OUTSIDE";

  private Journal() {}

/**
   * One line for {@code f} in the run {@code identity}, without its newline: what the Flink job's check function
   * emits and its sink writes, so the finished part files (and {@code journal.ndjson}, their concatenation) read here.
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
}
