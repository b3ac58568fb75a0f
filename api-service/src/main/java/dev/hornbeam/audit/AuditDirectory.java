package dev.hornbeam.audit;

import dev.hornbeam.service.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * An audit's output directory: {@code run.json} (the inputs, when the audit started, how often it was
 * resumed), the journal, and the reports. Started again with the same inputs, an audit continues where it
 * stopped; a directory that holds an audit of other inputs is refused.
 */
public final class AuditDirectory {
  public static final String RUN = "run.json";

  /** {@code run.json}. */
  @Serdeable
  public record Run(List<String> inputs, @Nullable String format, String startedAt, int resumed, boolean finished) {}

  private AuditDirectory() {}

  /**
   * Opens {@code dir} for {@code inputs}: a new run, or the continuation of an unfinished or finished one
   * of the same inputs (a finished one is reported again from its journal). Returns the run as recorded.
   */
  public static Run open(Path dir, List<String> inputs, String format) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(RUN);
    Run run;
    if (Files.exists(file)) {
      Run earlier = Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), Run.class);
      if (!earlier.inputs().equals(inputs)) {
        throw new IllegalArgumentException(dir + " holds an audit of other inputs " + earlier.inputs()
            + "; give another --out directory or remove it");
      }
      run = new Run(inputs, format, earlier.startedAt(), earlier.resumed() + (earlier.finished() ? 0 : 1), false);
    } else {
      run = new Run(inputs, format, Instant.now().toString(), 0, false);
    }
    write(dir, run);
    return run;
  }

  /** Marks the run finished. */
  public static void finish(Path dir, Run run) throws IOException {
    write(dir, new Run(run.inputs(), run.format(), run.startedAt(), run.resumed(), true));
  }

  private static void write(Path dir, Run run) throws IOException {
    Path tmp = dir.resolve(RUN + ".tmp");
    Files.writeString(tmp, Json.mapper().writeValueAsString(run), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
