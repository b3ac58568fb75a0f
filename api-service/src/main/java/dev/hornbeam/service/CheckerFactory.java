package dev.hornbeam.service;

import dev.hornbeam.portfolio.PolicyChecker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** The service's one {@link PolicyChecker} (and so its worker pools), closed with the application. */
@Factory
public class CheckerFactory {
  @Singleton
  Settings settings(Environment environment) {
    return Settings.from(environment);
  }

  /** Created with the application ({@code @Context}), so the workers warm up before the first request. */
  @Context
  @Bean(preDestroy = "close")
  PolicyChecker checker(Settings settings, MeterRegistry registry) {
    return PolicyChecker.start(settings.portfolio(), registry);
  }
}
