package dev.hornbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hornbeam audit} on a real pseudo-terminal (util-linux {@code script}): with stderr on the terminal
 * the progress bar is drawn in place; with stdin and stdout on the terminal but stderr redirected to a file
 * (the case {@code System.console()} got wrong), the file gets plain lines and no escape code.
 */
@EnabledOnOs(OS.LINUX)
class ProgressTerminalIT {
  static final Path ROOT = Path.of(System.getProperty("hornbeam.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("api-service/target/hornbeam.jar");

  @TempDir Path dir;

  /** Runs {@code command} under script(1), which gives it a pty; returns what the pty showed. */
  private String onTerminal(String command) throws Exception {
    Path typescript = dir.resolve("typescript-" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder(List.of("script", "-q", "-e", "-c", command, typescript.toString()))
        .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] shown = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "audit finished");
    assertEquals(1, p.exitValue(), "public resources found: " + new String(shown, StandardCharsets.UTF_8));
    return new String(shown, StandardCharsets.UTF_8);
  }

  private String audit(String tail) throws Exception {
    Path input = dir.resolve("estate.ndjson");
    if (!Files.exists(input)) {
      dev.hornbeam.audit.Estates.write(input, 6, 3);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "'" + java + "' -jar '" + JAR + "' audit '" + input + "' --out '" + dir.resolve("out-" + System.nanoTime()) + "'" + tail;
  }

  @Test
  void onATerminalTheBarIsDrawnInPlace() throws Exception {
    String shown = onTerminal(audit(""));
    assertTrue(shown.contains("\r[") && shown.contains("\033[K"), shown);
  }

  @Test
  void stderrRedirectedToAFileGetsPlainLinesWithoutEscapeCodes() throws Exception {
    Path log = dir.resolve("stderr.log");
    String shown = onTerminal(audit(" 2> '" + log + "'"));
    String err = Files.readString(log);
    assertFalse(err.contains("\033") || err.contains("\r"), err);
    assertTrue(err.contains("audit: "), err);
    assertFalse(shown.contains("\033[K"), shown);
  }
}
