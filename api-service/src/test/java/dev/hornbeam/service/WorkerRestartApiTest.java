package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hornbeam.portfolio.solver.SolverId;
import dev.hornbeam.portfolio.worker.Retirement;
import dev.hornbeam.portfolio.worker.Worker;
import dev.hornbeam.portfolio.worker.WorkerPool;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 14 (item 8): a worker killed for not stopping in time is logged at INFO with its reason, and so is
 * its replacement's start; readiness stays UP while another solver can answer.
 */
@MicronautTest
class WorkerRestartApiTest extends ApiTestBase {
  @Test
  @SuppressWarnings("unchecked")
  void aKillIsLoggedWithItsReasonAndReadinessStaysUp() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(WorkerPool.class);
    logger.addAppender(log);
    try {
      WorkerPool z3 = checker.portfolio().pools().get(SolverId.Z3);
      Worker w = z3.acquire().get(30, TimeUnit.SECONDS);
      long pid = w.pid();
      z3.release(w, false, Retirement.LOST_RACE_GRACE_EXCEEDED, "told to stop 1000 ms before");
      // No live z3 worker until the replacement is up (~0.4 s); cvc5 can answer: ready.
      Http.Reply ready = http.get("/health/readiness");
      assertEquals(200, ready.status(), ready.body());
      assertTrue(z3.awaitFull(30, TimeUnit.SECONDS));
      ILoggingEvent retired = log.list.stream().filter(e -> e.getFormattedMessage().contains("worker " + pid + " retired"))
          .findFirst().orElseThrow(() -> new AssertionError("no retirement logged: " + log.list));
      assertEquals(Level.INFO, retired.getLevel());
      assertTrue(retired.getFormattedMessage().contains("lost-race-grace-exceeded")
          && retired.getFormattedMessage().contains("told to stop 1000 ms before"), retired.getFormattedMessage());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("(restart: the one it replaces lost-race-grace-exceeded)"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.INFO
          && e.getFormattedMessage().contains("(restart: the one it replaces lost-race-grace-exceeded)")), "restart logged: " + log.list);
      Http.Reply prom = http.get("/prometheus");
      assertTrue(prom.body().contains("hornbeam_worker_retirements_total{reason=\"lost-race-grace-exceeded\",solver=\"z3\"} 1.0"), "counted");
      Http.Reply health = http.get("/health");
      Map<String, Object> pools = (Map<String, Object>) health.map("details").get("solverPools");
      assertEquals(true, ((Map<String, Object>) pools.get("details")).get("full"), health.body());
    } finally {
      logger.detachAppender(log);
    }
  }
}
