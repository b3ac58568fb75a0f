package dev.hornbeam.audit.flink;

import dev.hornbeam.audit.ResourceRecord;

/**
 * A resource on its way to the check, with the key it is partitioned by: its dedup key (the key
 * the check shares answers under), or its own key when it needs no check or
 * dedup is off.
 */
public record Work(String key, ResourceRecord record) {}
