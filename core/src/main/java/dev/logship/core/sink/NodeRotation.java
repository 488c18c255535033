package dev.logship.core.sink;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Round-robin over a cluster's nodes with health-based failover: a node that failed is skipped for
 * {@value #COOL_DOWN_MILLIS} ms, unless every node did. Thread-safe.
 */
public final class NodeRotation {
    public static final long COOL_DOWN_MILLIS = 5_000;

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray coolingUntil;
    private final LongSupplier nanoClock;

    public NodeRotation(int nodes) {
        this(nodes, System::nanoTime);
    }

    /** @param nanoClock the time in nanoseconds, as {@link System#nanoTime()} gives it (a seam for tests) */
    public NodeRotation(int nodes, LongSupplier nanoClock) {
        this.coolingUntil = new AtomicLongArray(nodes);
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        for (int i = 0; i < nodes; i++) {
            coolingUntil.set(i, now);
        }
    }

    /** The next node to use. */
    public int pick() {
        int count = coolingUntil.length();
        int first = Math.floorMod(next.getAndIncrement(), count);
        long now = nanoClock.getAsLong();
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
        coolingUntil.set(node, nanoClock.getAsLong() + COOL_DOWN_MILLIS * 1_000_000L);
    }
}
