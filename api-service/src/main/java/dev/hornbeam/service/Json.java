package dev.hornbeam.service;

import io.micronaut.serde.ObjectMapper;
import java.util.Map;

/**
 * The JSON mapper for what Hornbeam writes outside the HTTP service (CLI {@code --json}, audit journal and
 * reports): the same settings as the service's answers, every member included (null and empty lists too).
 */
public final class Json {
  private static final ObjectMapper MAPPER = ObjectMapper.create(Map.of("micronaut.serde.serialization.inclusion", "always"));

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
