package dev.hornbeam.audit;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * What a report says about its run.
 *
 * @param inputs the inputs as given
 * @param startedAt ISO-8601 time the first run on this directory started
 * @param finishedAt ISO-8601 time the reports were written
 * @param hornbeam Hornbeam's version
 * @param solvers solver name → version
 * @param resumed how many times the run was resumed after an interruption
 */
@Serdeable
public record RunInfo(List<String> inputs, String startedAt, String finishedAt, String hornbeam, Map<String, String> solvers, int resumed) {}
