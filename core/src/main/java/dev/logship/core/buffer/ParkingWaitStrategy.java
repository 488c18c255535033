package dev.logship.core.buffer;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The encode thread's wait: a short spin, then a timed park. Producers never take a lock: a publish
 * costs one volatile read, plus an unpark only when the consumer is parked. A wake-up that races
 * with parking is caught by the park's timeout, which is also the linger tick ({@code onTimeout}).
 * Idle, the consumer wakes once per timeout instead of burning a core.
 */
public final class ParkingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private final long timeoutNanos;
    private volatile Thread parked;
    private volatile boolean nudged;

    public ParkingWaitStrategy(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, TimeoutException {
        long available;
        int spins = 0;
        long deadline = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (nudged) {
                nudged = false;
                throw TimeoutException.INSTANCE;
            }
            if (deadline == 0) {
                deadline = now + timeoutNanos;
            } else if (now - deadline >= 0) {
                throw TimeoutException.INSTANCE;
            }
            parked = Thread.currentThread();
            if (dependentSequence.get() < sequence && !barrier.isAlerted()) {
                LockSupport.parkNanos(this, deadline - now);
            }
            parked = null;
        }
        return available;
    }

    /** Makes a waiting consumer return at once through its timeout path ({@code onTimeout}). */
    public void nudge() {
        nudged = true;
        signalAllWhenBlocking();
    }

    @Override
    public void signalAllWhenBlocking() {
        Thread waiter = parked;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }
}
