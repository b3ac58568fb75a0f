package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the service serves cannot drift from its routes (issue 14): every route of the
 * router is described (method and path), every described operation is a route, and each has an
 * operationId. Its lint by Redocly's linter is {@code OpenApiLintIT}.
 */
@MicronautTest
class OpenApiRoutesTest extends ApiTestBase {
  @Inject
  Router router;

  @Test
  void theDocumentDescribesExactlyTheRoutes() throws Exception {
    Http.Reply served = http.get("/openapi");
    assertEquals(200, served.status());
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());
    Set<String> described = new TreeSet<>();
    for (Iterator<java.util.Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        assertTrue(path.getValue().get(method).hasNonNull("operationId"), method + " " + path.getKey() + " has no operationId");
      }
    }
    Set<String> routes = new TreeSet<>();
    router.uriRoutes().forEach(r -> {
      String template = r.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", ""); // query parameters are no path
      if (template.equals("/health/{selector}")) {
        // the health endpoint's selector route: its probes are what the document describes
        routes.add("GET /health/liveness");
        routes.add("GET /health/readiness");
      } else if (!r.getHttpMethod().name().equals("HEAD") && !r.getHttpMethod().name().equals("OPTIONS")) {
        routes.add(r.getHttpMethod().name() + " " + template);
      }
    });
    assertEquals(routes, described);
  }
}
