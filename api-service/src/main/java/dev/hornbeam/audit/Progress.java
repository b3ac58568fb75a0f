package dev.hornbeam.audit;

/**
 * An audit's progress so far, as {@link ProgressLine} shows it and {@code GET /v1/audits/{id}} reports it.
 *
 * @param done resources with a finding (those of an earlier run included)
 * @param total resources in the inputs (known after the first pass over them)
 * @param resumed findings an earlier, interrupted run had committed
 * @param perSecond resources decided per second by this run
 */
public record Progress(long done, long total, long publicSoFar, long invalid, long bad, long resumed, double perSecond) {}
