package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.resource.ResourceType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document's ResourceType enum is the registry's names, in the registry's order (issue 16). */
class OpenApiRegistryTest {
  @Test
  void theResourceTypeEnumIsTheRegistry() throws Exception {
    String yaml;
    try (InputStream in = OpenApiRegistryTest.class.getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("\n    ResourceType:\n      type: string\n(?:      #[^\n]*\n)?      enum: \\[([^\\]]*)\\]").matcher(yaml);
    assertTrue(m.find(), "no ResourceType schema with an enum in openapi.yaml");
    List<String> names = Arrays.stream(m.group(1).split(",")).map(String::strip).toList();
    assertEquals(Arrays.stream(ResourceType.values()).map(ResourceType::cloudFormationName).toList(), names);
    // every other resourceType in the document refers to the schema (no second list to keep in step)
    assertEquals(1, yaml.split("AWS::SQS::Queue", -1).length - 1, "AWS::SQS::Queue is listed outside the ResourceType schema");
  }
}
