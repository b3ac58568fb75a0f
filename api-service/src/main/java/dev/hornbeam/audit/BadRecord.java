package dev.hornbeam.audit;

/**
 * A line or file of an input that could not be read as a record: reported with its place, counted and
 * skipped — never the end of a run.
 *
 * @param source {@code file:line} (or the file alone when the whole file is unreadable)
 * @param reason what is wrong, in words
 */
public record BadRecord(String source, String reason) {}
