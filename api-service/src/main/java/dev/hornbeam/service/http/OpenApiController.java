package dev.hornbeam.service.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi}: the API's OpenAPI 3 description (hand-written: api-service/src/main/resources/openapi.yaml). */
@Controller
public class OpenApiController {
  private final byte[] document;

  public OpenApiController() {
    try (InputStream in = OpenApiController.class.getResourceAsStream("/openapi.yaml")) {
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get(uri = "/openapi", produces = "application/yaml")
  public HttpResponse<byte[]> openapi() {
    return HttpResponse.ok(document).contentType("application/yaml");
  }
}
