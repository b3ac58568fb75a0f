package dev.hornbeam.portfolio;

import dev.hornbeam.portfolio.solver.SolverId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the service, run as a child JVM by {@link ServiceKillTest}: starts a portfolio of real
 * workers under the temp root {@code args[0]} and then, by {@code args[1]}:
 *
 * <ul>
 *   <li>{@code busy}: waits until the workers are up, prints {@code PIDS <z3> <cvc5>}, runs the slow query
 *       on them, prints {@code BUSY} once both work on it, and sleeps;
 *   <li>{@code starting}: prints {@code STARTING} at once (the workers are still loading) and sleeps;
 *   <li>{@code close}: like {@code busy}, then closes the portfolio, prints {@code CLOSED} and exits at
 *       once, as a service does on shutdown.
 * </ul>
 */
public final class ServiceMain {
  private ServiceMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Portfolio portfolio = Portfolio.start(Faults.real(root).build(), new SimpleMeterRegistry());
    if (args[1].equals("starting")) {
      System.out.println("STARTING");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    if (!portfolio.awaitReady(Duration.ofSeconds(60))) {
      System.out.println("NOT READY " + portfolio.pools().get(SolverId.Z3).lastStartProblem());
      System.exit(2);
    }
    System.out.println("PIDS " + portfolio.pools().get(SolverId.Z3).pids().get(0) + " " + portfolio.pools().get(SolverId.CVC5).pids().get(0));
    String slow = Faults.resource("/queries/slow-factoring.smt2");
    Thread query = new Thread(() -> portfolio.solve("slow", slow, System.nanoTime() + TimeUnit.MINUTES.toNanos(2)));
    query.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!portfolio.pools().values().stream().allMatch(p -> p.busy() == p.size())) {
      if (System.nanoTime() > end) {
        System.out.println("NOT BUSY");
        System.exit(2);
      }
      Thread.sleep(10);
    }
    Thread.sleep(200);
    System.out.println("BUSY");
    System.out.flush();
    if (args[1].equals("close")) {
      long t0 = System.nanoTime();
      portfolio.close();
      System.out.println("CLOSED in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      System.out.flush();
      System.exit(0);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
