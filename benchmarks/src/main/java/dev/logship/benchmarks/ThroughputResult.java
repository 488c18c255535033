package dev.logship.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One measured phase of the throughput harness, printed for people and as one CSV row.
 *
 * @param mode               {@code logship} or {@code noop} (the baseline)
 * @param loggedSeconds      first logging call to the last producer's return
 * @param deliveredSeconds   first logging call to the receiver's last acknowledgement (logship only)
 * @param delivered          events the pipeline counted as delivered
 * @param acknowledged       records the receiver acknowledged (it counts what really arrived)
 * @param dropped            events the pipeline lost, for any reason
 * @param appBytesPerEvent   bytes the producer threads allocated per event
 * @param liveHeapBytes      heap in use after {@code System.gc()} at the end, the receiver's buffers excluded
 * @param pipelineCpuNanos   CPU time of logship's own threads ({@code logship-*}) in the measured phase
 * @param encodeCpuNanos     of which the encode thread's (the single consumer of the ring buffer)
 * @param receiverCpuNanos   CPU time of the receiver's worker threads in the measured phase
 * @param loggedVsNoop       logged events/s divided by the baseline's, or NaN without a baseline
 */
record ThroughputResult(String mode, String compression, int producers, long events, double loggedSeconds,
                        double deliveredSeconds, long delivered, long acknowledged, long dropped, long bytesEncoded,
                        long bytesSent, double appBytesPerEvent, long liveHeapBytes, long pipelineCpuNanos,
                        long encodeCpuNanos, long receiverCpuNanos, double loggedVsNoop) {

    static final String CSV_HEADER = "date,mode,compression,producers,events,logged_per_s,delivered_per_s,logged_s,"
            + "delivered_s,delivered,acknowledged,dropped,bytes_encoded,bytes_sent,compression_ratio,"
            + "app_bytes_per_event,live_heap_mb,pipeline_cpu_us_per_event,encode_cpu_us_per_event,"
            + "receiver_cpu_us_per_event,logged_vs_noop,"
            + "java,cores";

    double loggedPerSecond() {
        return events / loggedSeconds;
    }

    double deliveredPerSecond() {
        return acknowledged / deliveredSeconds;
    }

    ThroughputResult withBaseline(ThroughputResult noop) {
        return new ThroughputResult(mode, compression, producers, events, loggedSeconds, deliveredSeconds, delivered,
                acknowledged, dropped, bytesEncoded, bytesSent, appBytesPerEvent, liveHeapBytes, pipelineCpuNanos,
                encodeCpuNanos, receiverCpuNanos, loggedPerSecond() / noop.loggedPerSecond());
    }

    String human() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s, compression %s, %d producer(s), %,d events%n", mode, compression,
                producers, events));
        s.append(String.format(Locale.ROOT, "  logged      %,12.0f events/s  (app side, %.2f s, %.0f B allocated per"
                + " event on the producer threads)%n", loggedPerSecond(), loggedSeconds, appBytesPerEvent));
        if (mode.startsWith("logship")) {
            s.append(String.format(Locale.ROOT, "  delivered   %,12.0f events/s  (receiver: first call to last ack,"
                    + " %.2f s)%n", deliveredPerSecond(), deliveredSeconds));
            s.append(String.format(Locale.ROOT, "  delivered %,d, acknowledged by receiver %,d, dropped %,d%n",
                    delivered, acknowledged, dropped));
            s.append(String.format(Locale.ROOT, "  bytes       %,.1f MB encoded -> %,.1f MB sent (%.1fx), %.0f B per"
                    + " encoded event%n", bytesEncoded / 1e6, bytesSent / 1e6, ratio(), (double) bytesEncoded / events));
            s.append(String.format(Locale.ROOT, "  cpu         %.2f us per event on logship's threads (encode thread %.2f),"
                    + " %.2f us on the receiver's%n", pipelineCpuNanos / 1e3 / events, encodeCpuNanos / 1e3 / events,
                    receiverCpuNanos / 1e3 / events));
        }
        s.append(String.format(Locale.ROOT, "  live heap   %,.1f MB after System.gc()%n", liveHeapBytes / 1e6));
        if (!Double.isNaN(loggedVsNoop)) {
            s.append(String.format(Locale.ROOT, "  logged events/s vs no-op appender: %.2f%n", loggedVsNoop));
        }
        return s.toString();
    }

    String csv() {
        boolean logship = mode.startsWith("logship");
        return String.join(",", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), mode,
                logship ? compression : "", Integer.toString(producers), Long.toString(events),
                fixed(loggedPerSecond(), 0), logship ? fixed(deliveredPerSecond(), 0) : "", fixed(loggedSeconds, 3),
                logship ? fixed(deliveredSeconds, 3) : "", logship ? Long.toString(delivered) : "",
                logship ? Long.toString(acknowledged) : "", logship ? Long.toString(dropped) : "",
                logship ? Long.toString(bytesEncoded) : "", logship ? Long.toString(bytesSent) : "",
                logship ? fixed(ratio(), 2) : "", fixed(appBytesPerEvent, 0), fixed(liveHeapBytes / 1e6, 1),
                logship ? fixed(pipelineCpuNanos / 1e3 / events, 3) : "",
                logship ? fixed(encodeCpuNanos / 1e3 / events, 3) : "",
                logship ? fixed(receiverCpuNanos / 1e3 / events, 3) : "",
                Double.isNaN(loggedVsNoop) ? "" : fixed(loggedVsNoop, 3), System.getProperty("java.version"),
                Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** Appends {@link #csv()} to {@code file}, writing the header first when the file is new or empty. */
    void appendTo(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String header = Files.exists(file) && Files.size(file) > 0 ? "" : CSV_HEADER + "\n";
        Files.writeString(file, header + csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private double ratio() {
        return bytesSent == 0 ? Double.NaN : (double) bytesEncoded / bytesSent;
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
