package dev.hornbeam.service.http;

import dev.hornbeam.portfolio.PolicyChecker;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * Readiness of the solver pools: UP when a question asked now can be answered — at least one live worker
 * of a solver the strategy runs ({@code Portfolio.ready()}). A pool that lost a worker (killed, crashed,
 * recycled) refills in the background within about half a second and the race needs only one answer, so
 * that is no reason to take the service out of rotation; no live worker at all is. The details give each
 * pool's size, live, busy and queued counts, the solver version and the last start problem, and
 * {@code full} (every worker of every pool up).
 */
@Singleton
@Readiness
public class SolverPoolHealth implements HealthIndicator {
  private final PolicyChecker checker;

  public SolverPoolHealth(PolicyChecker checker) {
    this.checker = checker;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean up = checker.portfolio().ready();
    details.put("full", checker.portfolio().full());
    details.put("strategy", checker.portfolio().config().race().describe());
    String nativeVersion = checker.portfolio().versions().get(SolverId.NATIVE);
    if (nativeVersion != null) {
      details.put(SolverId.NATIVE.key(), Map.of("version", nativeVersion, "inProcess", true));
    }
    for (Map.Entry<SolverId, WorkerPool> e : checker.portfolio().pools().entrySet()) {
      WorkerPool pool = e.getValue();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("size", pool.size());
      d.put("live", pool.live());
      d.put("busy", pool.busy());
      d.put("queued", pool.queued());
      d.put("version", pool.version());
      if (!pool.lastStartProblem().isEmpty()) {
        d.put("lastStartProblem", pool.lastStartProblem());
      }
      details.put(e.getKey().key(), d);
    }
    return Publishers.just(HealthResult.builder("solverPools", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
  }
}
