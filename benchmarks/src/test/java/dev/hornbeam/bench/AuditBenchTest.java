package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code audit-flink} builds and reads: its command lines, the audits' counts, /proc, a cluster's configuration. */
class AuditBenchTest {
  static AuditBench parsed(String... args) {
    AuditBench b = new AuditBench();
    new CommandLine(b).parseArgs(args);
    return b;
  }

  @Test
  void eachWayRunsTheJarItsOwnWay() {
    AuditBench b = parsed("--estate", "e.ndjson", "--jar", "h.jar", "--java-option", "-Xmx256m");
    Path dir = Path.of("/w");
    List<String> runner = b.command(AuditBench.Way.RUNNER_NO_DEDUP, dir, null);
    assertEquals(List.of("-Djava.io.tmpdir=/w/tmp", "-Xmx256m", "-jar", "h.jar", "audit"), runner.subList(1, 6));
    assertTrue(runner.containsAll(List.of("--no-dedup", "--out", "/w/out", "--workers", "1")), runner.toString());
    List<String> embedded = b.command(AuditBench.Way.EMBEDDED, dir, null);
    assertEquals(List.of("-cp", "h.jar", AuditBench.FLINK_MAIN, "--parallelism", "2"), embedded.subList(3, 8));
    assertTrue(!embedded.contains("--no-dedup") && !embedded.contains("--cluster"), embedded.toString());
    assertEquals(1, AuditBench.Way.of("cluster-1tm").taskManagers());
    assertEquals(2, AuditBench.Way.of("cluster-2tm").taskManagers());
    assertThrows(IllegalArgumentException.class, () -> AuditBench.Way.of("cluster-3tm"));
    // --runner-jar: hornbeam audit of another build (the journal-based runner before issue 18) for the runner ways only.
    AuditBench old = parsed("--estate", "e.ndjson", "--jar", "h.jar", "--runner-jar", "old.jar");
    assertEquals(List.of("-jar", "old.jar", "audit"), old.command(AuditBench.Way.RUNNER, dir, null).subList(2, 5));
    assertTrue(old.command(AuditBench.Way.EMBEDDED, dir, null).contains("h.jar"));
  }

  @Test
  void countsComeFromEitherAuditsOutput() {
    String runner = "PUBLIC 3\nNOT_PUBLIC 5\nOUTSIDE 2\nINVALID 1\nUNREADABLE 0\nreport: x\n";
    assertEquals(Map.of("PUBLIC", 3L, "NOT_PUBLIC", 5L, "INVALID", 1L), AuditBench.counts(runner));
    assertEquals(AuditBench.counts(runner), AuditBench.counts("PUBLIC 3\nNOT_PUBLIC 5\nINVALID 1\nUNREADABLE 0\nresumed from null\n"));
    assertThrows(IllegalStateException.class, () -> AuditBench.counts("flink-audit: no resource could be read\n"));
  }

  @Test
  void procFields() {
    assertEquals(70_312, AuditBench.TreeMeter.rssKb("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t   70312 kB\nThreads:\t9\n"));
    assertEquals(0, AuditBench.TreeMeter.rssKb("Name:\tzombie\nState:\tZ (zombie)\n"));
    // pid (comm with a space) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    assertEquals(12 + 34, AuditBench.TreeMeter.cpuTicks("42 (a b) S 1 42 42 0 -1 4194560 10 0 0 0 12 34 0 0 20 0 1 0 5 0"));
  }

  @Test
  void theMeterSeesAProcessAndItsChildren() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "sleep 2 & sleep 2; wait").start();
    try (AuditBench.TreeMeter m = AuditBench.TreeMeter.start(List.of(p.toHandle()), Duration.ofMillis(20))) {
      Thread.sleep(300);
      m.stop();
      assertTrue(m.peakRssKb() > 0, "resident memory read");
      assertTrue(m.peakFirstKb() > 0 && m.peakFirstKb() <= m.peakRssKb(), "the shell alone, less than with its children");
      assertTrue(m.cpuSeconds() >= 0);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theClusterConfigurationNamesItsPortsAndSlots() {
    String conf = AuditBench.LocalCluster.config(8081, 6123, 6124, 2);
    assertTrue(conf.contains("rest.port: 8081\n") && conf.contains("jobmanager.rpc.port: 6123\n") && conf.contains("blob.server.port: 6124\n"));
    assertTrue(conf.contains("taskmanager.numberOfTaskSlots: 2\n") && conf.contains("taskmanager.load-balance.mode: slots\n"));
  }
}
