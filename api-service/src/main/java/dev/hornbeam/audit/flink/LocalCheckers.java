package dev.hornbeam.audit.flink;

import dev.hornbeam.portfolio.PolicyChecker;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checker an embedded run shares among its check subtasks: they run in the JVM that started the MiniCluster, which
 * already has one {@link PolicyChecker} (the CLI's, or the service's). Each subtask looks its run's checker up by a
 * token instead of starting a checker with its own solver worker processes per subtask: one set of workers per
 * process, as many checks in flight as the job's parallelism. On a session cluster (another JVM, or another class
 * loader) the token finds nothing and each subtask starts its own checker.
 */
final class LocalCheckers {
  private static final Map<String, CompletableFuture<PolicyChecker>> BY_TOKEN = new ConcurrentHashMap<>();

  private LocalCheckers() {}

  /** Registers a checker, or one still starting (its worker processes start while the MiniCluster does). */
  static String register(CompletableFuture<PolicyChecker> checker) {
    String token = UUID.randomUUID().toString();
    BY_TOKEN.put(token, checker);
    return token;
  }

  static Optional<CompletableFuture<PolicyChecker>> find(String token) {
    return Optional.ofNullable(BY_TOKEN.get(token));
  }

  static void remove(String token) {
    BY_TOKEN.remove(token);
  }
}
