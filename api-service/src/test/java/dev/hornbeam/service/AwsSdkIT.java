package dev.hornbeam.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real AWS SDK for JavaScript v3 ({@code @aws-sdk/client-accessanalyzer}, pinned by
 * api-service/src/test/node/aws-sdk/package-lock.json) against the real HTTP server: every operation of the
 * AWS-compatible endpoint, PASS and FAIL, an invalid policy, a deadline, and SigV4 with a token configured
 * (sdk-test.mjs holds the cases). Needs {@code node} and {@code npm} on PATH; {@code npm ci} runs here when
 * node_modules is missing or older than the lock file (kept in the package directory, ignored by git).
 */
class AwsSdkIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path PACKAGE = ROOT.resolve("api-service/src/test/node/aws-sdk");
  static final String TOKEN = "sdk-test-token-5e1f";

  @Test
  void theAwsSdkWorksAgainstHornbeam() throws Exception {
    npmCi();
    Map<String, Object> small = Map.of("micronaut.server.port", -1, "hornbeam.portfolio.workers-per-solver", 1);
    try (EmbeddedServer open = ApplicationContext.run(EmbeddedServer.class, small);
        EmbeddedServer guarded = ApplicationContext.run(EmbeddedServer.class, with(small, "hornbeam.auth.token", TOKEN))) {
      ProcessBuilder pb = new ProcessBuilder("node", "sdk-test.mjs").directory(PACKAGE.toFile()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_ENDPOINT_URL_ACCESSANALYZER", "http://127.0.0.1:" + open.getPort());
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
      env.put("AWS_SECRET_ACCESS_KEY", "any-secret-is-accepted-without-a-token");
      env.put("HORNBEAM_TOKEN_ENDPOINT", "http://127.0.0.1:" + guarded.getPort());
      env.put("HORNBEAM_TOKEN", TOKEN);
      Run run = run(pb, 300);
      System.out.println(run.output());
      assertEquals(0, run.code(), run.output());
      assertTrue(run.output().contains(" passed, 0 failed"), run.output());
    }
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new java.util.HashMap<>(base);
    m.put(key, value);
    return m;
  }

  /** {@code npm ci} when the installed tree is missing or older than package-lock.json. */
  static void npmCi() throws IOException, InterruptedException {
    npmCi(PACKAGE);
  }

  /** {@code npm ci} in {@code dir} when its installed tree is missing or older than its package-lock.json. */
  static void npmCi(Path dir) throws IOException, InterruptedException {
    Path installed = dir.resolve("node_modules/.package-lock.json");
    Path lock = dir.resolve("package-lock.json");
    if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
      return;
    }
    Run run = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline").directory(dir.toFile()).redirectErrorStream(true), 300);
    assertEquals(0, run.code(), "npm ci: " + run.output());
  }

  record Run(int code, String output) {}

  static Run run(ProcessBuilder pb, int seconds) throws IOException, InterruptedException {
    Process p = pb.start();
    p.getOutputStream().close();
    // Output is small; read it on a thread so a full pipe cannot stall the child.
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.append("(output unreadable: ").append(e.getMessage()).append(')');
      }
    });
    reader.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5_000);
      throw new AssertionError(String.join(" ", pb.command()) + " did not finish in " + seconds + " s: " + out);
    }
    reader.join(5_000);
    return new Run(p.exitValue(), out.toString());
  }
}
