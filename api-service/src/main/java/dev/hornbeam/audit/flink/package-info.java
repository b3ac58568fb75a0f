/**
 * The audit as an Apache Flink (2.2) DataStream job (issue 18), beside {@link dev.hornbeam.audit.AuditRunner} until
 * {@code hornbeam audit} is moved onto it.
 *
 * <p>Embedded (a MiniCluster in this JVM, the default):
 *
 * <pre>java -cp hornbeam.jar dev.hornbeam.audit.flink.FlinkAuditMain INPUT... --out DIR [--parallelism N] [--restart]</pre>
 *
 * <p>On a session cluster, the same jar: {@code --cluster HOST:PORT} (the REST endpoint) submits it with the job; the
 * inputs and {@code DIR} must be paths the task managers see too (a shared file system), and the solver workers start
 * on the task managers from the submitted jar.
 *
 * <p>The job: {@link dev.hornbeam.audit.flink.AuditSource} (the inputs through the existing input classes; per input,
 * how many records were emitted is its checkpointed state) → {@link dev.hornbeam.audit.flink.CheckFunction.KeyOf}
 * (AuditRunner's dedup key) → keyBy → {@link dev.hornbeam.audit.flink.CheckFunction} (one {@code PolicyChecker} per
 * subtask; the answer decided under a key in keyed state) → a {@code FileSink} rolling on every checkpoint, exactly
 * once (unaligned checkpoints every second, kept in {@code DIR/flink/checkpoints}). Each line of a part file is a
 * journal line of the run, so the finished part files read as a journal, and the reports are written from them by
 * {@link dev.hornbeam.audit.report.Reports}. Started again, the run resumes from the newest complete checkpoint it
 * finds, only when {@code DIR/flink/fingerprint} (the inputs' content and the options that change answers) is the
 * inputs' now; otherwise it refuses.
 */
package dev.hornbeam.audit.flink;
