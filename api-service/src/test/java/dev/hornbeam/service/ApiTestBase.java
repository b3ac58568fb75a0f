package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.portfolio.PolicyChecker;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every API test class shares: the real HTTP client, and a service whose solver workers are up
 * (they start with the application, ~0.5 s; /health is DOWN until then).
 */
abstract class ApiTestBase {
  @Inject
  @Client("/")
  HttpClient client;

  @Inject
  JsonMapper mapper;

  @Inject
  PolicyChecker checker;

  Http http;

  @BeforeEach
  void readyAndConnected() throws InterruptedException {
    assertTrue(checker.portfolio().awaitReady(Duration.ofSeconds(60)), "solver workers up");
    http = new Http(client, mapper);
  }
}
