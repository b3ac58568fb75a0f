package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions workflow ({@code .github/workflows/policy-check.yml}) and the pre-commit hooks
 * ({@code .pre-commit-hooks.yaml}) the repository ships: their commands, read from the files, run as
 * written against the real launcher and jar.
 */
class WorkflowCommandsIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run bash(String script, Path output) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile())
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().put("POLICIES", "examples");
    pb.environment().put("GITHUB_OUTPUT", output.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished: " + script);
    return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  @Test
  void theWorkflowsCheckStepWritesValidSarifAndTheExitStatus() throws Exception {
    JsonNode workflow = YAML.readTree(ROOT.resolve(".github/workflows/policy-check.yml").toFile());
    String run = null;
    for (JsonNode step : workflow.at("/jobs/hornbeam/steps")) {
      if ("check".equals(step.path("id").asText())) {
        run = step.get("run").asText();
      }
    }
    assertTrue(run != null, "a step with id check");
    Path output = dir.resolve("github-output");
    String script = run.replace("> hornbeam.sarif", "> '" + dir.resolve("hornbeam.sarif") + "'");
    Run r = bash(script, output);
    assertEquals(0, r.code(), r.err());
    assertEquals("exit=1", Files.readString(output).strip(), "examples/ holds public policies");
    JsonNode sarif = new ObjectMapper().readTree(dir.resolve("hornbeam.sarif").toFile());
    assertEquals("2.1.0", sarif.get("version").asText());
    List<String> files = new ArrayList<>();
    for (JsonNode result : sarif.at("/runs/0/results")) {
      assertEquals("HB001", result.get("ruleId").asText(), result.toString());
      files.add(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
      assertTrue(result.at("/locations/0/physicalLocation/region/startLine").asInt() > 0, result.toString());
    }
    assertEquals(List.of("examples/public-read.json", "examples/root-only.json"), files, "the public examples, and only they");
  }

  @Test
  void thePreCommitHooksRunOnStagedFilesWithTheirDefaultArguments() throws Exception {
    JsonNode hooks = YAML.readTree(ROOT.resolve(".pre-commit-hooks.yaml").toFile());
    assertEquals(2, hooks.size());
    for (JsonNode hook : hooks) {
      assertEquals("script", hook.get("language").asText());
      assertTrue("x.json".matches(".*" + hook.get("files").asText()), hook.toString());
      List<String> args = new ArrayList<>();
      hook.get("args").forEach(a -> args.add(a.asText()));
      String base = hook.get("entry").asText() + " " + String.join(" ", args);
      // pre-commit appends the staged files that match.
      Run clean = bash(base + " examples/current.json examples/proposed.json", dir.resolve("o1"));
      assertEquals(0, clean.code(), hook.get("id").asText() + ": " + clean.out() + clean.err());
      Path broken = dir.resolve("broken.json");
      Files.writeString(broken, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\"}]}", StandardCharsets.UTF_8);
      Run failing = bash(base + " examples/current.json '" + broken + "'", dir.resolve("o2"));
      assertEquals(2, failing.code(), hook.get("id").asText() + ": " + failing.out() + failing.err());
    }
    Run pub = bash("bin/hornbeam check public --type s3 examples/public-read.json examples/current.json", dir.resolve("o3"));
    assertEquals(1, pub.code(), pub.out());
  }
}
