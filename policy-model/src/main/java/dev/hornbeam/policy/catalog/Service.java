package dev.hornbeam.policy.catalog;

import java.util.Objects;

/**
 * An AWS service.
 *
 * @param prefix the service prefix of its actions and ARNs, as AWS writes it (lower case), e.g. {@code s3}
 * @param name its name, e.g. {@code Amazon S3}
 */
public record Service(String prefix, String name) {
  public Service {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(name, "name");
  }
}
