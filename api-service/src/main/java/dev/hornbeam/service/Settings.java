package dev.hornbeam.service;

import dev.hornbeam.portfolio.PortfolioConfig;
import dev.hornbeam.portfolio.race.Strategy;
import dev.hornbeam.portfolio.solver.SolverId;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The service's settings, read from Micronaut configuration ({@code application.properties},
 * environment variables such as {@code HORNBEAM_AUTH_TOKEN}, {@code -D} system properties). Every key
 * and its default is listed in README.md, "Configuration".
 */
public record Settings(PortfolioConfig portfolio, Duration guardDeadline, Duration maxDeadline, Optional<String> token) {
  static final String PREFIX = "hornbeam.portfolio.";

  public static Settings from(PropertyResolver p) {
    PortfolioConfig d = PortfolioConfig.defaults();
    PortfolioConfig.Builder b = d.toBuilder();
    b.mode(switch (text(p, PREFIX + "mode", "workers")) {
      case "workers" -> PortfolioConfig.Mode.WORKERS;
      case "in-process" -> PortfolioConfig.Mode.IN_PROCESS;
      default -> throw bad(PREFIX + "mode", "workers or in-process");
    });
    String strategy = text(p, PREFIX + "strategy", d.race().strategy().key());
    b.strategy(Strategy.fromKey(strategy).orElseThrow(() -> bad(PREFIX + "strategy", "auto, race, native, z3, cvc5 or staggered")));
    String first = text(p, PREFIX + "stagger-first", d.race().staggerFirst().key());
    b.stagger(SolverId.fromKey(first).filter(id -> id.kind() == SolverId.Kind.WORKER)
            .orElseThrow(() -> bad(PREFIX + "stagger-first", "z3 or cvc5")),
        duration(p, PREFIX + "stagger-delay", d.race().staggerDelay()));
    b.grace(duration(p, PREFIX + "grace", d.race().grace()));
    b.shadow(p.getProperty(PREFIX + "shadow-fraction", Double.class).orElse(d.race().shadowFraction()),
        duration(p, PREFIX + "shadow-timeout", d.race().shadowTimeout()));
    b.nativeFirst(duration(p, PREFIX + "native-budget", d.race().nativeBudget()),
        p.getProperty(PREFIX + "confirm-fraction", Double.class).orElse(d.race().confirmFraction()));
    b.workersPerSolver(integer(p, PREFIX + "workers-per-solver", d.workersPerSolver(), 1, 64));
    b.maxQueue(integer(p, PREFIX + "max-queue", d.maxQueue(), 0, 100_000));
    b.deadline(duration(p, PREFIX + "deadline", d.deadline()));
    b.recycleAfter(integer(p, PREFIX + "recycle-after", d.recycleAfter(), 1, Integer.MAX_VALUE));
    b.workerRssLimitMb(integer(p, PREFIX + "worker-rss-limit-mb", d.workerRssLimitMb(), 0, 1 << 20));
    b.launch(d.launch()
        .withHeapMb(integer(p, PREFIX + "worker-heap-mb", d.launch().heapMb(), 16, 1 << 20))
        .withNativeMemoryMb(integer(p, PREFIX + "worker-address-space-mb", d.launch().nativeMemoryMb(), 0, 1 << 22)));
    b.workerStartTimeout(duration(p, PREFIX + "worker-start-timeout", d.workerStartTimeout()));
    b.cacheEntries(integer(p, PREFIX + "cache-entries", (int) d.cacheEntries(), 0, Integer.MAX_VALUE));
    b.failedQueries(Path.of(text(p, PREFIX + "failed-queries", d.failedQueries().toString())));
    Optional<String> token = p.getProperty("hornbeam.auth.token", String.class).map(String::strip).filter(s -> !s.isEmpty());
    return new Settings(b.build(), duration(p, "hornbeam.guard.deadline", Duration.ofSeconds(2)),
        duration(p, "hornbeam.max-deadline", Duration.ofSeconds(60)), token);
  }

  private static String text(PropertyResolver p, String key, String fallback) {
    return p.getProperty(key, String.class).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(fallback);
  }

  private static int integer(PropertyResolver p, String key, int fallback, int min, int max) {
    Optional<String> raw = p.getProperty(key, String.class);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw.get().strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw bad(key, "a whole number from " + min + " to " + max);
  }

  private static Duration duration(PropertyResolver p, String key, Duration fallback) {
    Optional<String> raw = p.getProperty(key, String.class);
    if (raw.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = p.getProperty(key, Duration.class);
    if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
      throw bad(key, "a positive duration such as 250ms, 5s or 1m");
    }
    return d.get();
  }

  private static ConfigurationException bad(String key, String expected) {
    return new ConfigurationException("configuration " + key + " must be " + expected);
  }
}
