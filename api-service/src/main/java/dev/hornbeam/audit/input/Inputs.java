package dev.hornbeam.audit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hornbeam.json.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens an audit input by its path, detecting the format unless it is given. */
public final class Inputs {
  /**
   * The default record limit, in bytes: an NDJSON line, an AWS Config item or a directory's policy file
   * longer than this is a bad record and is never held in memory (AWS's own policy limits are 20 KB for
   * S3 bucket policies and 32 KB for KMS key policies; a line holds one account's resources).
   */
  public static final long DEFAULT_MAX_RECORD_BYTES = 32L << 20;

  private Inputs() {}

  /** {@link #open(Path, Optional, long)} with the default record limit. */
  public static AuditInput open(Path path, Optional<String> format) throws IOException {
    return open(path, format, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * A directory → {@link DirectoryInput}; a file whose first JSON value is an object whose first member is
   * {@code configurationItems}, {@code baseConfigurationItems}, {@code Results}, {@code configSnapshotId}
   * or {@code fileVersion} → {@link AwsConfigInput}; any other file → {@link NdjsonInput} (whose bad lines
   * are then reported one by one). {@code format} ({@code ndjson}, {@code config}, {@code dir}) overrides.
   *
   * <p>A path that is neither a directory nor a regular file (a FIFO, socket or device) is refused without
   * being opened: reading a FIFO would block.
   *
   * @param maxRecordBytes the record limit (see {@link #DEFAULT_MAX_RECORD_BYTES})
   * @throws IllegalArgumentException the path does not exist or is not a regular file or directory, the
   *     format is unknown, or {@code dir} is asked of a file (or a file format of a directory)
   */
  public static AuditInput open(Path path, Optional<String> format, long maxRecordBytes) throws IOException {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("audit input " + path + " does not exist");
    }
    boolean directory = Files.isDirectory(path);
    if (!directory && !Files.isRegularFile(path)) {
      throw new IllegalArgumentException("audit input " + path + " is not a regular file or a directory (a FIFO, socket or device is never read)");
    }
    String f = format.isPresent() ? format.get() : directory ? "dir" : detect(path);
    if (f.equals("dir") && !directory) {
      throw new IllegalArgumentException("audit input " + path + " is a file, not a directory");
    }
    if ((f.equals("ndjson") || f.equals("config")) && directory) {
      throw new IllegalArgumentException("audit input " + path + " is a directory; format \"" + f + "\" reads a file");
    }
    return switch (f) {
      case "dir" -> new DirectoryInput(path, maxRecordBytes);
      case "config" -> new AwsConfigInput(path, maxRecordBytes);
      case "ndjson" -> new NdjsonInput(path, maxRecordBytes);
      default -> throw new IllegalArgumentException("unknown input format \"" + f + "\" (ndjson, config or dir)");
    };
  }

  /**
   * "config" when the file starts like AWS Config output, else "ndjson". Reads only the first
   * {@value #DETECT_BYTES} bytes, and of them only the strict UTF-8 text before any that is not
   * ({@link StrictUtf8}), so that the parser never guesses UTF-16 or UTF-32: the reader chosen reports
   * the encoding with its line.
   */
  static String detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(DETECT_BYTES);
    }
    int end = StrictUtf8.check(head).map(v -> (int) v.offset()).orElse(head.length);
    try (JsonParser p = JsonTree.FACTORY.createParser(head, 0, end)) {
      if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
          && AwsConfigInput.MARKERS.contains(p.currentName())) {
        return "config";
      }
    } catch (JsonProcessingException e) {
      // not JSON from the start: NDJSON, whose reader reports the bad line
    }
    return "ndjson";
  }

  private static final int DETECT_BYTES = 1 << 16;
}
