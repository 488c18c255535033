package dev.logship.core.batch;

/**
 * When the batch stage cuts a batch, and how large one event may be.
 *
 * @param maxEvents     events per batch
 * @param maxBytes      encoded bytes per batch (before compression); a single larger event is sent alone
 * @param lingerNanos   how long a partial batch may wait for more events
 * @param maxEventBytes encoded bytes per event; larger events are truncated and marked
 */
public record BatchLimits(int maxEvents, int maxBytes, long lingerNanos, int maxEventBytes) {
}
