package dev.hornbeam.audit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  @Test
  void detectsEachFormat() throws Exception {
    assertInstanceOf(DirectoryInput.class, Inputs.open(Read.fixture("dir"), Optional.empty()));
    assertInstanceOf(NdjsonInput.class, Inputs.open(Read.fixture("accounts.ndjson"), Optional.empty()));
    for (String f : new String[] {"snapshot.json", "history.json", "batch.json", "select.json", "truncated.json"}) {
      assertInstanceOf(AwsConfigInput.class, Inputs.open(Read.fixture("config/" + f), Optional.empty()), f);
    }
  }

  @Test
  void detectionLooksAtTheFirstMemberOnly(@TempDir Path dir) throws Exception {
    Path snapshotFirst = Files.writeString(dir.resolve("a.json"), "\n  {\"configSnapshotId\": \"x\", \"configurationItems\": []}");
    Path ndjson = Files.writeString(dir.resolve("b.json"), "{\"accountId\": \"1\", \"resources\": [], \"Results\": []}\n");
    Path garbage = Files.writeString(dir.resolve("c.json"), "not json at all\n");
    Path empty = Files.writeString(dir.resolve("d.json"), "");
    assertInstanceOf(AwsConfigInput.class, Inputs.open(snapshotFirst, Optional.empty()));
    assertInstanceOf(NdjsonInput.class, Inputs.open(ndjson, Optional.empty()));
    assertInstanceOf(NdjsonInput.class, Inputs.open(garbage, Optional.empty()));
    assertInstanceOf(NdjsonInput.class, Inputs.open(empty, Optional.empty()));
  }

  @Test
  void theFormatOverridesDetection() throws Exception {
    assertInstanceOf(NdjsonInput.class, Inputs.open(Read.fixture("config/snapshot.json"), Optional.of("ndjson")));
    assertInstanceOf(AwsConfigInput.class, Inputs.open(Read.fixture("accounts.ndjson"), Optional.of("config")));
    assertInstanceOf(DirectoryInput.class, Inputs.open(Read.fixture("dir"), Optional.of("dir")));
  }

  @Test
  void aMissingPathAnUnknownFormatOrAMismatchIsAClearError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.ndjson");
    assertEquals("audit input " + missing + " does not exist",
        assertThrows(IllegalArgumentException.class, () -> Inputs.open(missing, Optional.empty())).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Inputs.open(Read.fixture("accounts.ndjson"), Optional.of("csv")))
        .getMessage().contains("unknown input format \"csv\""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Inputs.open(Read.fixture("accounts.ndjson"), Optional.of("dir")))
        .getMessage().endsWith("is a file, not a directory"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Inputs.open(dir, Optional.of("ndjson")))
        .getMessage().endsWith("is a directory; format \"ndjson\" reads a file"));
  }

  @Test
  void aFifoNamedAsTheInputIsRefusedWithoutBeingOpened(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("pipe.ndjson");
    DirectoryInputTest.mkfifo(fifo);
    for (Optional<String> format : List.of(Optional.<String>empty(), Optional.of("ndjson"), Optional.of("config"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inputs.open(fifo, format));
      assertTrue(e.getMessage().contains("is not a regular file or a directory"), e.getMessage());
    }
  }
}
