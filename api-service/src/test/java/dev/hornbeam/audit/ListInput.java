package dev.hornbeam.audit;

import dev.hornbeam.audit.input.AuditInput;
import java.util.List;
import java.util.function.Consumer;

/** An input of given records and bad records, for the runner's tests. */
record ListInput(List<ResourceRecord> records, List<BadRecord> bad) implements AuditInput {
  @Override
  public String describe() {
    return "test input of " + records.size() + " records";
  }

  @Override
  public void read(Consumer<ResourceRecord> resources, Consumer<BadRecord> badRecords) {
    records.forEach(resources);
    bad.forEach(badRecords);
  }
}
