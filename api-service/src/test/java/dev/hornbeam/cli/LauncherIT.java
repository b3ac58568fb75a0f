package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, bin/hornbeam, as a user runs it (after `mvn package` built the jar). */
class LauncherIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path LAUNCHER = ROOT.resolve("bin/hornbeam");

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher finished");
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void validatesFromStandardInput() throws Exception {
    Run ok = run("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}", "validate", "-");
    assertEquals(0, ok.code(), ok.err());
    assertEquals("", ok.out());
    Run bad = run("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:GetObject\"}]}", "validate", "-");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.out().startsWith("/Statement/0 ") || bad.out().startsWith("/Statement/0/Effect "), bad.out());
    for (String line : bad.out().split("\n")) {
      assertTrue(line.matches("(/\\S*|\\(root\\)) [A-Z_]+ .+"), line);
    }
  }

  @Test
  void validatesAFile() throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\"}]}");
    assertEquals(0, run("", "validate", f.toString()).code());
    assertEquals(2, run("", "validate", "--kind", "identity", f.toString()).code());
  }

  @Test
  void theLauncherExecsJavaSoSignalsReachTheJvm() throws Exception {
    // validate - waits on standard input; the launcher process itself must have become the JVM.
    Process p = new ProcessBuilder(LAUNCHER.toString(), "validate", "-").start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String command = "";
      while (System.nanoTime() < deadline) {
        command = p.info().command().orElse("");
        if (command.endsWith("/java")) {
          break;
        }
        Thread.sleep(50);
      }
      assertTrue(command.endsWith("/java"), "launcher pid runs " + command);
      p.destroy(); // SIGTERM to the launcher's pid = the JVM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM ended on SIGTERM");
      assertEquals(143, p.exitValue(), "terminated by SIGTERM");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void checkPublicFromAColdStartPrintsTheAnswerFirst() throws Exception {
    Path f = dir.resolve("public.json");
    Files.writeString(f, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}");
    run("", "version"); // the jar is built by now; what follows is a cold JVM start
    long start = System.nanoTime();
    Run r = run("", "check", "public", "--type", "s3", f.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("PUBLIC", r.out().lines().findFirst().orElse(""), r.out());
    System.out.println("cold one-shot check public: " + millis + " ms (launcher to exit)");
  }

  @Test
  void serveAnswersOverHttpAndItsWorkersEndWithIt() throws Exception {
    Process p = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "0").start();
    try {
      java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
      String url = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      for (String line; url == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
        if (line.startsWith("hornbeam: serving on ")) {
          url = line.substring("hornbeam: serving on ".length()).strip();
        }
      }
      assertTrue(url != null && url.startsWith("http://127.0.0.1:"), "bound to loopback: " + url);
      Thread drain = new Thread(() -> err.lines().forEach(l -> { }));
      drain.setDaemon(true);
      drain.start();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      int health = 0;
      while (health != 200 && System.nanoTime() < deadline) {
        health = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/health")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        Thread.sleep(100);
      }
      assertEquals(200, health, "ready");
      var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/v1/checks/public-access"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"AWS::SNS::Topic\",\"policy\":"
              + "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}}"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"result\":\"PUBLIC\""), answer.body());
      List<ProcessHandle> workers = p.descendants().filter(h -> h.info().commandLine().orElse("").contains("hornbeam-solver-worker")).toList();
      assertTrue(workers.size() >= 2, "at least one worker per solver: " + workers.size());
      p.destroy(); // SIGTERM: the service stops and takes its workers with it
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
      for (ProcessHandle w : workers) {
        assertTrue(w.onExit().orTimeout(10, TimeUnit.SECONDS).handle((x, e) -> e == null).join() || !w.isAlive(), "worker " + w.pid() + " ended");
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
