package dev.logship.core.sink;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Round-robin over a cluster's nodes with health-based failover: a node that failed is skipped for
 * {@value #COOL_DOWN_MILLIS} ms, unless every node did. Thread-safe.
 */
public final class NodeRotation {
    public static final long COOL_DOWN_MILLIS = 5_000;

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray coolingUntil;

    public NodeRotation(int nodes) {
        this.coolingUntil = new AtomicLongArray(nodes);
        long now = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            coolingUntil.set(i, now);
        }
    }

    /** The next node to use. */
    public int pick() {
        int count = coolingUntil.length();
        int first = Math.floorMod(next.getAndIncrement(), count);
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int node = (first + i) % count;
            if (now - coolingUntil.get(node) >= 0) {
                return node;
            }
        }
        return first;
    }

    /** {@code node} failed: skip it for a while. */
    public void failed(int node) {
        coolingUntil.set(node, System.nanoTime() + COOL_DOWN_MILLIS * 1_000_000L);
    }
}
