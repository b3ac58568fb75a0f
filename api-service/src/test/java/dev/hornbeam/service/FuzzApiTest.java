package dev.hornbeam.service;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** {@link FuzzTestBase} on a server without a token. */
@MicronautTest
class FuzzApiTest extends FuzzTestBase {
  @Test
  void everyRouteEveryEncodingWithoutAToken() throws InterruptedException {
    fuzz(false, SEED);
  }
}
