package dev.hornbeam.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's identity follows the content of its inputs and the answer-changing options, and nothing else. */
class AuditFingerprintTest {
  @TempDir Path tmp;

  private static AuditFingerprint of(List<Path> inputs, Map<String, String> options) throws Exception {
    return AuditFingerprint.of(inputs, options, 1000);
  }

  @Test
  void aByteChangedInPlaceChangesTheIdentityAndNamesTheInput() throws Exception {
    Path a = tmp.resolve("a.ndjson");
    Path b = tmp.resolve("b.ndjson");
    Files.writeString(a, "{\"Principal\":{\"AWS\":\"x\"}}\n");
    Files.writeString(b, "same\n");
    AuditFingerprint before = of(List.of(a, b), Map.of("deadlineMillis", "10"));
    assertEquals(before, of(List.of(a, b), Map.of("deadlineMillis", "10")), "stable");
    Files.writeString(a, "{\"Principal\":{\"AWS\":\"*\"}}\n"); // same line, same length... but other bytes
    AuditFingerprint after = of(List.of(a, b), Map.of("deadlineMillis", "10"));
    assertNotEquals(before.value(), after.value());
    assertNotEquals(before.inputs().get(0), after.inputs().get(0));
    assertEquals(before.inputs().get(1), after.inputs().get(1));
    assertNotEquals(after.value(), of(List.of(a, b), Map.of("deadlineMillis", "20")).value(), "options are part of it");
    assertNotEquals(after.value(), of(List.of(b, a), Map.of("deadlineMillis", "10")).value(), "so is the order of the inputs");
  }

  @Test
  void directoriesAreHashedWithoutFollowingLinksOrOpeningFifos() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path target = outside.resolve("t.json");
    Files.writeString(target, "1");
    Path dir = Files.createDirectories(tmp.resolve("in/111122223333"));
    Files.writeString(dir.resolve("b.json"), "{}");
    Files.createSymbolicLink(dir.resolve("link.json"), target);
    dev.hornbeam.audit.input.DirectoryInputTest.mkfifo(dir.resolve("pipe.json"));
    Path root = tmp.resolve("in");
    String before = of(List.of(root), Map.of()).value(); // returns: the FIFO is not opened
    Files.writeString(target, "2");
    assertEquals(before, of(List.of(root), Map.of()).value(), "a link's target is never read");
    Files.writeString(dir.resolve("b.json"), "[]");
    assertNotEquals(before, of(List.of(root), Map.of()).value());
  }
}
