package dev.hornbeam.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hornbeam.policy.eval.Evaluator;
import dev.hornbeam.policy.eval.Outcome;
import dev.hornbeam.policy.eval.Request;
import dev.hornbeam.policy.model.Policy;
import dev.hornbeam.policy.parse.ParseResult;
import dev.hornbeam.policy.parse.PolicyKind;
import dev.hornbeam.policy.parse.PolicyParser;
import dev.hornbeam.policy.resource.ResourceScope;
import dev.hornbeam.policy.resource.ResourceType;
import dev.hornbeam.policy.universe.PublicMeaning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each resource type's documented examples (issue 16, "Types"): the fixtures under
 * {@code policy-model/src/test/resources/resource-types/<--type name>/}, each named with its source and
 * the documented answer in that folder's {@code SOURCES.tsv}, answered by the public-access question of
 * their type on Z3, cvc5 and the native backend ({@link Solve#both}: the three must agree), a PUBLIC
 * witness re-checked by the evaluator and the reference model of who is a stranger.
 */
class ResourceTypeExamplesTest {
  static final Path ROOT = Path.of("../policy-model/src/test/resources/resource-types");

  /**
   * The API the API Gateway fixtures written with AWS's shorthand {@code execute-api:/…} are attached to:
   * the shorthand stands for that API's ARN, so they are read and asked about with it.
   */
  static final String API_ARN = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5";

  record Example(ResourceType type, String file, boolean expectPublic, String source, Policy policy, String arn) {
    @Override
    public String toString() {
      return type.cliName() + "/" + file;
    }
  }

  static List<Example> examples() throws IOException {
    List<Example> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.sorted().toList()) {
        String name = dir.getFileName().toString();
        ResourceType type = ResourceType.ofCliName(name).orElseThrow(() -> new AssertionError(name + " is no --type name"));
        List<String> lines = Files.readAllLines(dir.resolve("SOURCES.tsv"), StandardCharsets.UTF_8);
        assertEquals("file\texpected\tsource\tnote", lines.get(0));
        List<String> listed = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split("\t", -1);
          assertEquals(4, f.length, line);
          assertTrue(f[1].equals("PUBLIC") || f[1].equals("NOT_PUBLIC"), line);
          assertFalse(f[2].isBlank(), "no source: " + line);
          byte[] text = Files.readAllBytes(dir.resolve(f[0]));
          String arn = new String(text, StandardCharsets.UTF_8).contains("\"execute-api:/") ? API_ARN : null;
          ParseResult r = arn == null ? PolicyParser.parse(text, PolicyKind.RESOURCE, type.limits())
              : PolicyParser.parse(text, new ResourceScope(type, arn));
          assertTrue(r.isValid(), () -> f[0] + ": " + r.problems());
          out.add(new Example(type, f[0], f[1].equals("PUBLIC"), f[2], r.policy(), arn));
          listed.add(f[0]);
        }
        try (Stream<Path> files = Files.list(dir)) {
          List<String> json = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
          assertEquals(json, listed.stream().sorted().toList(), dir + ": every fixture is listed in SOURCES.tsv, once");
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theDocumentedAnswer(Example e) {
    Query q = PublicAccess.query(e.policy(), e.type(), e.arn());
    assertTrue(q.exact(), () -> "gaps: " + q.gaps());
    Solve.Answer a = Solve.both(q);
    assertEquals(e.expectPublic(), a.sat(), () -> e + " (" + e.source() + ")\n" + q.text());
    if (a.sat()) {
      Request w = q.witness(a.model());
      assertEquals(Outcome.ALLOW, Evaluator.evaluate(e.policy(), w).outcome(), () -> "witness " + w);
      assertNull(PublicMeaning.whyNotStranger(e.policy(), w, e.type()), () -> "witness is no stranger: " + w);
      assertTrue(w.action().startsWith(e.type().service() + ":"), w::toString);
    }
  }
}
