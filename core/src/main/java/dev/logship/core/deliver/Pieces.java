package dev.logship.core.deliver;

import dev.logship.core.batch.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** The pieces a batch is sent in: event positions within the batch, per request. */
final class Pieces {
    private Pieces() {
    }

    /**
     * The whole batch as one request, or, when the sink takes fewer events or bytes per request
     * ({@link dev.logship.core.sink.Sink#maxEventsPerRequest()}, {@link dev.logship.core.sink.Sink#maxRequestBytes()}), consecutive runs of events that fit.
     */
    static void plan(Batch batch, int maxEventsPerRequest, int maxBytes, Deque<int[]> pieces) {
        int count = batch.events();
        int maxEvents = Math.max(1, maxEventsPerRequest);
        if (count <= maxEvents && batch.data().size() <= maxBytes) {
            pieces.push(all(count));
            return;
        }
        List<int[]> runs = new ArrayList<>();
        for (int start = 0; start < count; ) {
            int end = start;
            long bytes = 0;
            while (end < count && end - start < maxEvents) {
                int length = batch.recordEnd(end) - batch.recordStart(end);
                if (end > start && bytes + length > maxBytes) {
                    break;
                }
                bytes += length;
                end++;
            }
            int[] run = new int[end - start];
            for (int i = 0; i < run.length; i++) {
                run[i] = start + i;
            }
            runs.add(run);
            start = end;
        }
        for (int i = runs.size() - 1; i >= 0; i--) {
            pieces.push(runs.get(i));
        }
    }

    /** Every event of a batch of {@code count}. */
    static int[] all(int count) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The batch positions of {@code positions} (indices into {@code items}, as the sink numbered them). */
    static int[] select(int[] items, int[] positions) {
        int[] picked = new int[positions.length];
        int n = 0;
        for (int position : positions) {
            if (position >= 0 && position < items.length) {
                picked[n++] = items[position];
            }
        }
        return n == picked.length ? picked : Arrays.copyOf(picked, n);
    }
}
