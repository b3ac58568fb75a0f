package dev.hornbeam.service;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** {@link FuzzTestBase} on a server with a token: requests without it, with it and with a wrong one. */
@MicronautTest
@Property(name = "hornbeam.auth.token", value = FuzzRun.TOKEN)
class FuzzTokenApiTest extends FuzzTestBase {
  @Test
  void everyRouteEveryEncodingWithAndWithoutTheToken() throws InterruptedException {
    fuzz(true, SEED + 1_000_000_007L);
  }
}
