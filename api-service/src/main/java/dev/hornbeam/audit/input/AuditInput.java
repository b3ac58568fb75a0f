package dev.hornbeam.audit.input;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One audit input, read as a stream: every resource goes to {@code resources} in a stable order (the same
 * order on every run, so that keys are stable), every unreadable line or file to {@code bad}. Inputs never
 * hold all records in memory.
 */
public interface AuditInput {
  /** What this input is, for messages: its path and format. */
  String describe();

  void read(Consumer<ResourceRecord> resources, Consumer<BadRecord> bad) throws IOException;
}
