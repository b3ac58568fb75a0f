package dev.hornbeam.policy.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry is the one place a resource type is described (issue 16): no main source or script of the
 * project names a type's CloudFormation name but {@link ResourceType} itself and the OpenAPI document
 * (whose enum {@code OpenApiRegistryTest} holds equal to the registry). Docs and tests may name them. The
 * same as {@code git grep 'AWS::SQS::Queue'} for every type, without needing git.
 */
class RegistryOnlyTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final List<String> ALLOWED = List.of(
      "policy-model/src/main/java/dev/hornbeam/policy/resource/ResourceType.java",
      "api-service/src/main/resources/openapi.yaml");

  @Test
  void noMainSourceNamesATypeButTheRegistry() throws IOException {
    assertTrue(Files.isRegularFile(ROOT.resolve(ALLOWED.get(0))), "not run from a module of the project: " + ROOT);
    List<String> found = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path m : modules.filter(p -> Files.isDirectory(p.resolve("src/main"))).toList()) {
        try (Stream<Path> files = Files.walk(m.resolve("src/main"))) {
          files.filter(Files::isRegularFile).forEach(sources::add);
        }
      }
    }
    if (Files.isDirectory(ROOT.resolve("bin"))) {
      try (Stream<Path> files = Files.walk(ROOT.resolve("bin"))) {
        files.filter(Files::isRegularFile).forEach(sources::add);
      }
    }
    assertTrue(sources.size() > 100, "too few sources found under " + ROOT);
    for (Path f : sources) {
      String rel = ROOT.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
      if (ALLOWED.contains(rel) || rel.endsWith(".gz") || rel.endsWith(".png")) {
        continue;
      }
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (ResourceType t : ResourceType.values()) {
        // The whole name: AWS::S3::BucketPolicy is another CloudFormation type (the one that holds a bucket's policy).
        if (java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(t.cloudFormationName()) + "(?![A-Za-z0-9])")
            .matcher(text).find()) {
          found.add(rel + " names " + t.cloudFormationName());
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
