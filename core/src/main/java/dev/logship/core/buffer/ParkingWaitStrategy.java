package dev.logship.core.buffer;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The encode thread's wait: a short spin, then a timed park. Publishing costs a producer nothing
 * here ({@link #signalAllWhenBlocking} does nothing): waking a parked thread is a system call, and
 * paying it on every logging call would cost the application more than everything else logship does
 * on its thread. Instead the ring wakes the consumer only now and then ({@link #wakeUp}, see
 * {@link EventRing}), and the consumer's park has a timeout, which is also its idle tick
 * ({@code onTimeout}: linger, reports). Idle, the consumer wakes once per timeout instead of burning
 * a core.
 */
public final class ParkingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private final long timeoutNanos;
    private volatile Thread parked;
    private volatile boolean nudged;
    private long lastSequence = -1;
    private int repeats;

    public ParkingWaitStrategy(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, TimeoutException {
        pauseIfAskedAgain(sequence);
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
            if (dependentSequence.get() < sequence && !barrier.isAlerted() && !nudged) {
                LockSupport.parkNanos(this, deadline - now);
            }
            parked = null;
        }
        return available;
    }

    /**
     * The cursor moves when a producer claims a slot, before it publishes it: the processor then asks
     * again at once for the same sequence. A producer preempted in between (or one that failed) must not
     * make the consumer spin a core away from it: spin briefly, then park in short steps.
     */
    private void pauseIfAskedAgain(long sequence) {
        if (sequence != lastSequence) {
            lastSequence = sequence;
            repeats = 0;
        } else if (++repeats < SPINS) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(this, 50_000);
        }
    }

    /** Unparks the consumer if it is parked; it then takes whatever has been published. */
    public void wakeUp() {
        Thread waiter = parked;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /** Makes a waiting consumer return at once through its timeout path ({@code onTimeout}). */
    public void nudge() {
        nudged = true;
        wakeUp();
    }

    /** Called by the Disruptor on every publish: deliberately nothing (see the class comment). */
    @Override
    public void signalAllWhenBlocking() {
        // producers do not signal; the ring wakes the consumer at fill thresholds
    }
}
