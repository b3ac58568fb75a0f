package dev.hornbeam.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** IAM Access Analyzer's sample policies (test resources aa-samples/, SOURCE.md), for the API and CLI tests. */
public final class Samples {
  private Samples() {}

  /** The policy document {@code aa-samples/NAME.json}. */
  public static String text(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/aa-samples/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its file. */
  public static Path path(String name) {
    try {
      return Path.of(Samples.class.getResource("/aa-samples/" + name + ".json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
