package dev.hornbeam.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * A parsed policy document.
 *
 * @param version the {@code Version} element as written, or {@code null} when absent (absent means
 *     2008-10-17 semantics: policy variables are literal text)
 * @param id the {@code Id} element, or {@code null}
 * @param statements the statements in document order (index = position in {@code Statement})
 */
public record Policy(String version, String id, List<Statement> statements) {
  public static final String VERSION_2012 = "2012-10-17";
  public static final String VERSION_2008 = "2008-10-17";

  public Policy {
    statements = List.copyOf(Objects.requireNonNull(statements, "statements"));
  }

  /**
   * Policy variables ({@code ${aws:username}}) are substituted only under Version 2012-10-17
   * (IAM User Guide, "IAM policy elements: Variables and tags": "you must specify version 2012-10-17";
   * under 2008-10-17 or without Version they are treated as literal strings).
   */
  public boolean variablesEnabled() {
    return VERSION_2012.equals(version);
  }
}
