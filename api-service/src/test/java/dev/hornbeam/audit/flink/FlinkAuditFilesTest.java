package dev.hornbeam.audit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the run reads of its directory: the newest complete checkpoint across jobs, the finished part files, the fingerprint. */
class FlinkAuditFilesTest {
  @TempDir Path dir;

  static void checkpoint(Path checkpoints, String job, int n, String metadata) throws Exception {
    Path chk = Files.createDirectories(checkpoints.resolve(job).resolve("chk-" + n));
    if (metadata != null) {
      Files.writeString(chk.resolve("_metadata"), metadata);
    }
  }

  @Test
  void theNewestCompleteCheckpointAcrossTheJobsOfEveryRestart() throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    assertEquals(Optional.empty(), FlinkAudit.newestCheckpoint(checkpoints));
    checkpoint(checkpoints, "a", 3, "x");
    checkpoint(checkpoints, "b", 9, "x"); // a restored job numbers on from the checkpoint it restored
    checkpoint(checkpoints, "b", 10, null); // being written: no metadata yet
    checkpoint(checkpoints, "b", 11, ""); // no content
    Files.createDirectories(checkpoints.resolve("b").resolve("shared"));
    assertEquals(Optional.of(checkpoints.resolve("b").resolve("chk-9")), FlinkAudit.newestCheckpoint(checkpoints));
  }

  @Test
  void onlyFinishedPartFilesAreRead() throws Exception {
    Path findings = Files.createDirectories(dir.resolve("findings"));
    for (String name : List.of("part-1-0.ndjson", "part-2-1.ndjson", ".part-1-1.ndjson.inprogress.3f2a", ".part-2-2.ndjson.inprogress.77",
        "part-3-0.ndjson.tmp", "notes.txt")) {
      Files.writeString(findings.resolve(name), "x\n");
    }
    assertEquals(List.of(findings.resolve("part-1-0.ndjson"), findings.resolve("part-2-1.ndjson")), FlinkAudit.finishedParts(findings));
  }

  @Test
  void aDirectoryOfAnotherRunOrOfNoKnownRunIsNeverResumed() throws Exception {
    Path work = dir.resolve("flink");
    FlinkAudit.prepare(work, "a".repeat(64), false);
    checkpoint(work.resolve(FlinkAudit.CHECKPOINTS), "j", 1, "x");
    FlinkAudit.prepare(work, "a".repeat(64), false); // the same run: kept
    assertTrue(FlinkAudit.newestCheckpoint(work.resolve(FlinkAudit.CHECKPOINTS)).isPresent());
    FlinkAudit.ChangedInput changed = assertThrows(FlinkAudit.ChangedInput.class, () -> FlinkAudit.prepare(work, "b".repeat(64), false));
    assertTrue(changed.getMessage().contains("--restart"), changed.getMessage());
    assertTrue(FlinkAudit.newestCheckpoint(work.resolve(FlinkAudit.CHECKPOINTS)).isPresent(), "refused, left as it was");
    Files.delete(work.resolve(FlinkAudit.FINGERPRINT));
    assertThrows(FlinkAudit.ChangedInput.class, () -> FlinkAudit.prepare(work, "a".repeat(64), false));
    FlinkAudit.prepare(work, "b".repeat(64), true);
    assertFalse(Files.exists(work.resolve(FlinkAudit.CHECKPOINTS)));
    assertEquals("b".repeat(64), Files.readString(work.resolve(FlinkAudit.FINGERPRINT)).trim());
  }
}
