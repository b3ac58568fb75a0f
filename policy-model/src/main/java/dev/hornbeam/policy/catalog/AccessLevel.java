package dev.hornbeam.policy.catalog;

import java.util.Optional;

/**
 * How much an action lets its caller do, as the Service Authorization Reference classifies it
 * ("Access level" column of each service's actions table).
 */
public enum AccessLevel {
  LIST("List"),
  READ("Read"),
  WRITE("Write"),
  PERMISSIONS_MANAGEMENT("Permissions management"),
  TAGGING("Tagging");

  private final String label;

  AccessLevel(String label) {
    this.label = label;
  }

  /** AWS's spelling, e.g. {@code Permissions management}. */
  public String label() {
    return label;
  }

  /** The level AWS spells {@code label}, e.g. {@code Read}. */
  public static Optional<AccessLevel> fromLabel(String label) {
    for (AccessLevel l : values()) {
      if (l.label.equals(label)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
