package dev.hornbeam.audit.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium} in headless mode, for the report test: the DOM after loading a file, a
 * screenshot, and every message the page wrote to the console.
 *
 * <p>Console messages are read from Chromium's own log: with {@code --enable-logging=stderr --v=0} each
 * one is a stderr line like {@code [pid:tid:time:INFO:CONSOLE:1] "Uncaught Error: …", source: file:///…}
 * (every console level is logged at INFO, and so are Content-Security-Policy violations). Chromium's other
 * stderr chatter (D-Bus, GPU) is not about the page and is ignored.
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]|Uncaught ");

  /** What one load of a page gave. */
  record Render(String dom, List<String> console, Path screenshot) {}

  /** {@code chromium} on PATH; a failure (not a skip) when missing: {@code .ci/install-packages} installs it. */
  static String executable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        Path p = Path.of(d, "chromium");
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return fail("chromium is not on PATH: run .ci/install-packages (CI does, from .ci/run)");
  }

  /** Loads {@code page} twice (DOM dump, then a 1280×2000 screenshot into {@code work}) and collects the console. */
  static Render render(Path page, Path work) throws IOException, InterruptedException {
    return render(page.toAbsolutePath().toUri().toString(), work);
  }

  /** {@link #render(Path, Path)} of an address (a file URL with a fragment, say). */
  static Render render(String url, Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Run dom = run(work, "dom", List.of("--dump-dom", url));
    Path png = work.resolve("screenshot.png");
    Run shot = run(work, "shot", List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars", url));
    List<String> console = new ArrayList<>(dom.console());
    console.addAll(shot.console());
    return new Render(dom.stdout(), console, png);
  }

  private record Run(String stdout, List<String> console) {}

  private static Run run(Path work, String name, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + work.resolve("profile-" + name),
        "--enable-logging=stderr", "--v=0"));
    command.addAll(args);
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("chromium did not finish in 120 s: " + command);
    }
    if (p.exitValue() != 0) {
      fail("chromium exited " + p.exitValue() + ": " + command + "\n" + Files.readString(err, StandardCharsets.UTF_8));
    }
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
      if (CONSOLE.matcher(line).find()) {
        console.add(line);
      }
    }
    return new Run(Files.readString(out, StandardCharsets.UTF_8), console);
  }
}
