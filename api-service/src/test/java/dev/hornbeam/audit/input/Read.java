package dev.hornbeam.audit.input;

import dev.hornbeam.audit.BadRecord;
import dev.hornbeam.audit.ResourceRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What an input yields, for tests. */
record Read(List<ResourceRecord> records, List<BadRecord> bad) {
  static Read of(AuditInput input) throws IOException {
    List<ResourceRecord> records = new ArrayList<>();
    List<BadRecord> bad = new ArrayList<>();
    input.read(records::add, bad::add);
    return new Read(records, bad);
  }

  /** A fixture under {@code src/test/resources/audit/}. */
  static Path fixture(String name) {
    try {
      return Path.of(Read.class.getResource("/audit/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
