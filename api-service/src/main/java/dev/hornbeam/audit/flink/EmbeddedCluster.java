package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.AuditDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The MiniCluster an embedded run submits its job to: the run's own (the CLI: one run per process), or one the caller
 * keeps for its runs (the service: {@code AuditJobs}, one job at a time). started on its own thread as soon as the run holds its
 * directory, while the inputs are read and fingerprinted and the checker starts (measured on this machine: starting a
 * MiniCluster takes about as long as a 10-resource audit did before the audit ran on Flink). One TaskManager with a
 * slot per check subtask, as Flink's per-job MiniCluster; its temporary directories (working directory, blobs, I/O,
 * shuffle, web UI) under {@code tmp}, removed with it. Closed with the run.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final Path tmp;
  private final int slots;
  private final CompletableFuture<MiniCluster> cluster = new CompletableFuture<>();

  private EmbeddedCluster(Path tmp, int slots) {
    this.tmp = tmp;
    this.slots = slots;
  }

  /** Starts a MiniCluster with {@code slots} slots whose temporary files go under {@code tmp} (emptied first). */
  public static EmbeddedCluster start(Path tmp, int slots) throws IOException {
    AuditDirectory.deleteTree(tmp); // what a killed run's MiniCluster left
    EmbeddedCluster c = new EmbeddedCluster(tmp, Math.max(1, slots));
    Configuration conf = new Configuration();
    String dir = tmp.toAbsolutePath().toString();
    conf.set(CoreOptions.TMP_DIRS, dir);
    conf.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, dir);
    conf.set(BlobServerOptions.STORAGE_DIRECTORY, dir);
    conf.set(WebOptions.TMP_DIR, dir);
    conf.set(RestOptions.BIND_PORT, "0"); // any free port: the REST endpoint is not used
    MiniClusterConfiguration config = new MiniClusterConfiguration.Builder().setConfiguration(conf).setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(Math.max(1, slots)).setRpcServiceSharing(RpcServiceSharing.SHARED).build();
    Thread t = new Thread(() -> {
      try {
        MiniCluster m = new MiniCluster(config);
        m.start();
        c.cluster.complete(m);
      } catch (Throwable e) {
        c.cluster.completeExceptionally(e);
      }
    }, "audit-minicluster-start");
    t.setDaemon(true);
    t.start();
    return c;
  }

  /** Slots of its one TaskManager: a run of a higher parallelism starts its own cluster. */
  int slots() {
    return slots;
  }

  /** Submits {@code job} once the cluster is up. */
  JobClient submit(StreamGraph job) throws Exception {
    MiniCluster m = cluster.get(120, TimeUnit.SECONDS);
    JobID id = m.submitJob(job).get(120, TimeUnit.SECONDS).getJobID();
    return new MiniClusterJobClient(id, m, FlinkAudit.class.getClassLoader(), MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
  }

  /** Stops the cluster (waiting for it) and removes its temporary directories. */
  @Override
  public void close() throws IOException {
    try {
      MiniCluster m = cluster.get(120, TimeUnit.SECONDS);
      m.closeAsync().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // it never started, or did not stop in time: its files are removed all the same (the next run removes what is left)
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    AuditDirectory.deleteTree(tmp);
  }
}
