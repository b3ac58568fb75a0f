package dev.hornbeam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One implementation behind the HTTP API, the AWS-compatible endpoint, the CLI and the audit (issue 14): the
 * answers' shapes, the guard's decision and the validated inputs live in {@code dev.hornbeam.service.answer},
 * which holds no HTTP; the CLI and the audit use them and nothing of the HTTP layer ({@code service.api}, the
 * controllers and their request reader; {@code service.aws}, the AWS-compatible endpoint's shapes;
 * {@code service.http}) nor Micronaut's HTTP types. Checked on the source files (imports, static imports and
 * fully qualified names alike): ArchUnit is not among the project's dependencies.
 */
class LayeringTest {
  static final Path SOURCES = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize()
      .resolve("api-service/src/main/java");

  /** The HTTP layer: a name of one of these packages, anywhere in a file. */
  static final Pattern HTTP = Pattern.compile("\\b(dev\\.hornbeam\\.service\\.(?:api|aws|http)|io\\.micronaut\\.http)\\.[\\w.*]+");

  @Test
  void theCliAndTheAuditUseNothingOfTheHttpLayer() throws IOException {
    List<String> found = new ArrayList<>();
    found.addAll(references("dev/hornbeam/cli"));
    found.addAll(references("dev/hornbeam/audit"));
    assertEquals(List.of(), found);
  }

  @Test
  void theSharedAnswersAndJsonReadingHoldNoHttp() throws IOException {
    List<String> found = new ArrayList<>();
    found.addAll(references("dev/hornbeam/service/answer"));
    found.addAll(references("dev/hornbeam/json"));
    assertEquals(List.of(), found);
  }

  /** The scan itself: it reads the packages above, and finds what the HTTP layer does use. */
  @Test
  void theScanSeesReferences() throws IOException {
    assertTrue(javaFiles("dev/hornbeam/cli").size() >= 5);
    assertTrue(javaFiles("dev/hornbeam/audit").size() >= 10, "audit and its input and report packages");
    assertTrue(javaFiles("dev/hornbeam/service/answer").size() >= 5);
    List<String> api = references("dev/hornbeam/service/api");
    assertTrue(api.stream().anyMatch(r -> r.contains("AccessAnalyzerController.java") && r.contains("dev.hornbeam.service.aws.SigV4")), api.toString());
    assertTrue(api.stream().anyMatch(r -> r.contains("io.micronaut.http.HttpStatus")), api.toString());
    assertFalse(HTTP.matcher("import dev.hornbeam.service.answer.GuardDecision;").find());
    assertTrue(HTTP.matcher("static dev.hornbeam.service.api.Envelope.pointer").find());
  }

  /** {@code file:line: name} for each reference to the HTTP layer in the files under {@code folder}. */
  static List<String> references(String folder) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : javaFiles(folder)) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = HTTP.matcher(lines.get(i));
        while (m.find()) {
          out.add(SOURCES.relativize(f) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    return out;
  }

  static List<Path> javaFiles(String folder) throws IOException {
    try (Stream<Path> s = Files.walk(SOURCES.resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
