package dev.hornbeam.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} rendered in headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/install-packages}): no console message at all, a screenshot that is not blank, and a DOM with
 * the expected rows, where ARNs and Sids holding {@code <script>} are text that did not run.
 */
class ReportHtmlChromiumTest {
  @TempDir
  Path dir;

  @Test
  void reportRendersWithoutConsoleErrors() throws Exception {
    AuditFixture.writeJournal(dir);
    Reports.write(dir, AuditFixture.BAD, AuditFixture.INFO);
    HeadlessChromium.Render r = HeadlessChromium.render(dir.resolve(Reports.HTML), dir.resolve("chromium"));

    assertEquals(List.of(), r.console(), "console messages");

    assertTrue(Files.size(r.screenshot()) > 10_000, "screenshot of " + Files.size(r.screenshot()) + " bytes");
    BufferedImage png = ImageIO.read(r.screenshot().toFile());
    assertEquals(1280, png.getWidth());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < png.getHeight(); y += 4) {
      for (int x = 0; x < png.getWidth(); x += 4) {
        colours.add(png.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 10, "the screenshot has " + colours.size() + " colours");

    String dom = r.dom();
    assertTrue(dom.contains("<title>Hornbeam audit report</title>"), "the Sid's script did not set the title");
    assertFalse(dom.contains("data-pwned=\"1\""), "the ARN's script did not run");
    assertTrue(dom.contains("<body>"), "the body has no attribute set by a script");
    assertEquals(1, Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(dom).results().count(), "only the report's script");
    assertTrue(dom.contains("<span id=\"shown\" class=\"note\">5 of 5 shown</span>"), "the report's script ran (it writes the count)");
    assertTrue(dom.contains("arn:aws:s3:::evil&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;"));
    assertTrue(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assertTrue(dom.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assertFalse(dom.contains("<img"), "the witness's img is text");

    assertEquals(1 + 5, rows(dom, "account-types"), "header and one row per account and type");
    assertEquals(1 + 5, rows(dom, "findings"), "header, 2 public, 1 undecided, 2 invalid");
    int proved = dom.indexOf("arn:aws:s3:::public-site</td>");
    int undecided = dom.indexOf("arn:aws:sqs:us-east-1:111111111111:slow</td>");
    int invalid = dom.indexOf("arn:aws:kms:us-east-1:222222222222:key/1</td>");
    assertTrue(proved > 0 && proved < undecided && undecided < invalid, "worst first: proved public, undecided, invalid");
    assertEquals(1 + 3, rows(dom, "accounts"), "header and one row per account");
    assertTrue(dom.indexOf("id=\"headline\"") < dom.indexOf("id=\"findings\""), "the headline first");
    assertTrue(Pattern.compile("<rect class=\"bar k-public\"").matcher(dom).find(), "the charts have public bars");
    assertEquals(1 + 2, rows(dom, "invalid-list"));
    assertEquals(1 + 2, rows(dom, "bad-list"));
    assertTrue(dom.contains("<td class=\"arn\">arn:aws:s3:::public-site</td>"));
    assertTrue(dom.contains("an anonymous caller may call s3:GetObject on arn:aws:s3:::public-site/index.html"));
    assertTrue(dom.contains("statement 0 (\"PublicRead\"): allows s3:GetObject to everyone"));
    assertTrue(Pattern.compile("<rect class=\"bar\"").matcher(dom).find(), "the histogram has bars");
    assertTrue(dom.contains("solve time (log-scaled buckets)"));
  }

  /** The per-account view: the address names an account, and the script shows only its findings. */
  @Test
  void anAccountInTheAddressFiltersTheFindings() throws Exception {
    AuditFixture.writeJournal(dir);
    Reports.write(dir, AuditFixture.BAD, AuditFixture.INFO);
    String url = dir.resolve(Reports.HTML).toAbsolutePath().toUri() + "#account=222222222222";
    HeadlessChromium.Render r = HeadlessChromium.render(url, dir.resolve("chromium"));
    assertEquals(List.of(), r.console(), "console messages");
    String dom = r.dom();
    assertTrue(dom.contains("<span id=\"shown\" class=\"note\">2 of 5 shown</span>"), "two findings of that account");
    Matcher rowsOfOther = Pattern.compile("<tr data-account=\"111111111111\"[^>]*>").matcher(dom);
    int hidden = 0;
    while (rowsOfOther.find()) {
      assertTrue(rowsOfOther.group().contains("hidden"), rowsOfOther.group());
      hidden++;
    }
    assertEquals(2, hidden, "the other account's two findings are hidden");
    assertTrue(Pattern.compile("<tr data-account=\"222222222222\" data-type=\"AWS::KMS::Key\" data-result=\"INVALID\">").matcher(dom).find(),
        "that account's rows are shown");
  }

  /** Table rows of the table with this class, in a DOM dump. */
  private static int rows(String dom, String tableClass) {
    Matcher m = Pattern.compile("<table class=\"" + tableClass + "\"[^>]*>(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertTrue(m.find(), "table " + tableClass);
    return (int) Pattern.compile("<tr[ >]").matcher(m.group(1)).results().count();
  }

  /** The checker itself: a page that throws, or logs an error, is caught. */
  @Test
  void consoleCheckCatchesAScriptError() throws Exception {
    Path page = dir.resolve("throws.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><p>x</p><script>throw new Error('deliberate-check')</script>"
        + "<script>console.error('logged-error')</script></body></html>");
    HeadlessChromium.Render r = HeadlessChromium.render(page, dir.resolve("chromium"));
    assertTrue(r.console().stream().anyMatch(l -> l.contains("Uncaught Error: deliberate-check")), r.console().toString());
    assertTrue(r.console().stream().anyMatch(l -> l.contains("logged-error")), r.console().toString());
  }

  /** Were an escape missed, the report's Content-Security-Policy would block the script, and say so on the console. */
  @Test
  void consoleCheckCatchesAScriptBlockedByTheReportsPolicy() throws Exception {
    AuditFixture.writeJournal(dir);
    Reports.write(dir, AuditFixture.BAD, AuditFixture.INFO);
    String html = Files.readString(dir.resolve(Reports.HTML));
    Path page = dir.resolve("injected.html");
    Files.writeString(page, html.replace("<h1>", "<script>document.body.setAttribute('data-pwned','1')</script><h1>"));
    HeadlessChromium.Render r = HeadlessChromium.render(page, dir.resolve("chromium"));
    assertFalse(r.dom().contains("data-pwned=\"1\""), "blocked");
    assertTrue(r.console().stream().anyMatch(l -> l.contains("Content Security Policy")), r.console().toString());
  }

  @Test
  void aCleanScratchPageHasNoConsoleMessages() throws IOException, InterruptedException {
    Path page = dir.resolve("clean.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><p>quiet</p></body></html>");
    assertEquals(List.of(), HeadlessChromium.render(page, dir.resolve("chromium")).console());
  }
}
