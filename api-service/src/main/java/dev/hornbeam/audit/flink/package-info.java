/**
 * The audit as an Apache Flink (2.2) DataStream job (issue 18): the one audit implementation, run by
 * {@code hornbeam audit} ({@code dev.hornbeam.cli.AuditCommand}) and by the service's audit jobs
 * ({@link dev.hornbeam.audit.AuditJobs}) through {@link dev.hornbeam.audit.flink.FlinkAudit#run}.
 *
 * <p>Embedded (the default): a MiniCluster in the JVM, one per run, started and stopped with it; the check subtasks
 * share the JVM's {@code PolicyChecker} ({@link dev.hornbeam.audit.flink.LocalCheckers}: the CLI's, or the service's),
 * {@code --parallelism} checks in flight.
 *
 * <pre>hornbeam audit INPUT... --out DIR [--parallelism N] [--restart]</pre>
 *
 * <p>On a session cluster, the same jar: {@code --flink HOST:PORT} (the REST endpoint; {@code --cluster} is the same
 * option) submits it with the job; the inputs and {@code DIR} must be paths the task managers see too (a shared file
 * system), and each check subtask starts its own solver workers on its task manager from the submitted jar. With
 * Flink's own client: {@code flink run -c dev.hornbeam.audit.flink.FlinkAuditMain hornbeam.jar INPUT... --out DIR}
 * ({@link dev.hornbeam.audit.flink.FlinkAuditMain} is {@code hornbeam audit} under another name).
 *
 * <p>The job: {@link dev.hornbeam.audit.flink.AuditSource} (the inputs through the input classes; per input, how many
 * records were emitted is its checkpointed state) → {@link dev.hornbeam.audit.flink.CheckFunction.KeyOf} (the dedup
 * key) → keyBy → {@link dev.hornbeam.audit.flink.CheckFunction} (the answer decided under a key in keyed state) → a
 * {@code FileSink} rolling on every checkpoint, exactly once (unaligned checkpoints every second, kept in
 * {@code DIR/flink/checkpoints}). Each line of a part file is a self-checking line of the run
 * ({@link dev.hornbeam.audit.Journal#line}: a SHA-256 over the run's identity and the finding), so the finished part
 * files are read back only when every line verifies and every resource is there; otherwise the run is audited afresh.
 * The reports are written from them by {@link dev.hornbeam.audit.report.Reports}. Started again, the run resumes from
 * the newest complete checkpoint it finds, only when the run's fingerprint ({@code DIR/run.json}, and
 * {@code DIR/flink/fingerprint} beside the checkpoints: the inputs' content and the options that change answers) is
 * the inputs' now; otherwise it refuses, or with {@code --restart} discards the old run.
 */
package dev.hornbeam.audit.flink;
