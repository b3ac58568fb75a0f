package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document passes a real linter and a second, independent validator (issue 14), both pinned in
 * {@code api-service/src/test/node/openapi-lint} (package-lock.json committed): Redocly's CLI, with its
 * recommended rules as configured in {@code redocly.yaml} there (no error and no warning), and APIDevTools'
 * Swagger Parser (the maintained successor of swagger-cli's {@code validate}, which the issue saw fail), run
 * by {@code validate.mjs} there (no error). Needs {@code node} and {@code npm}.
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

  @Test
  void theOpenApiDocumentValidatesWithSwaggerParser(@TempDir Path dir) throws Exception {
    AwsSdkIT.npmCi(PACKAGE);
    AwsSdkIT.Run run = validate(DOCUMENT);
    assertEquals(0, run.code(), run.output());
    assertTrue(run.output().contains("is a valid OpenAPI 3.0.3 document"), run.output());
    // The validator is no formality: the mistake the issue found (an unquoted comma in a YAML description
    // made a schema property a string) fails it, naming the place.
    Path broken = Files.writeString(dir.resolve("broken.yaml"), """
        openapi: 3.0.3
        info: {title: broken, version: "1"}
        paths:
          /a:
            get:
              operationId: a
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          reason: SOLVED, or why the answer failed closed
        """);
    AwsSdkIT.Run failed = validate(broken);
    assertEquals(1, failed.code(), failed.output());
    assertTrue(failed.output().contains("is not valid") && failed.output().contains("/properties/reason"), failed.output());
  }

  private static AwsSdkIT.Run validate(Path document) throws Exception {
    return AwsSdkIT.run(new ProcessBuilder("node", "validate.mjs", document.toString()).directory(PACKAGE.toFile())
        .redirectErrorStream(true), 300);
  }
}
