package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document passes a real linter (issue 14): Redocly's CLI, pinned in
 * {@code api-service/src/test/node/openapi-lint} (package-lock.json committed), with its recommended rules
 * as configured in {@code redocly.yaml} there: no error and no warning. Needs {@code node} and {@code npm}.
 */
class OpenApiLintIT {
  static final Path PACKAGE = AwsSdkIT.ROOT.resolve("api-service/src/test/node/openapi-lint");
  static final Path DOCUMENT = AwsSdkIT.ROOT.resolve("api-service/src/main/resources/openapi.yaml");

  @Test
  void theOpenApiDocumentLintsClean() throws Exception {
    AwsSdkIT.npmCi(PACKAGE);
    AwsSdkIT.Run run = AwsSdkIT.run(new ProcessBuilder("node", "node_modules/@redocly/cli/bin/cli.js", "lint", "--config", "redocly.yaml",
        DOCUMENT.toString()).directory(PACKAGE.toFile()).redirectErrorStream(true), 300);
    assertEquals(0, run.code(), run.output());
    assertTrue(run.output().contains("Your API description is valid"), run.output());
    assertFalse(run.output().matches("(?s).*Warning was generated.*"), run.output());
  }
}
