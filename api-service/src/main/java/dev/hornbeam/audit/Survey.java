package dev.hornbeam.audit;

import io.micronaut.core.annotation.Nullable;

/** What one input holds: its resources, its unreadable records and the first of them (one pass before an audit starts). */
public record Survey(String input, long resources, long bad, @Nullable BadRecord firstBad) {
  /** An input none of whose records can be read (or that holds none) is unusable. */
  public boolean unusable() {
    return resources == 0;
  }

  /** Why an unusable input is refused, naming it as {@code shown}: the audit exits 2 with this, never reports "nothing found". */
  public String problem(String shown) {
    return shown + ": no resource could be read"
        + (bad == 0 ? " (it holds none)" : " (" + bad + " unreadable; first " + firstBad.source() + ": " + firstBad.reason() + ")")
        + "; expected NDJSON with one account per line ({\"accountId\": \"...\", \"resources\": [...]}), AWS Config output"
        + " (configurationItems, ...), or a directory of <account>/<resource>.json files";
  }
}
