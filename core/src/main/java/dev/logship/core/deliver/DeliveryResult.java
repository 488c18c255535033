package dev.logship.core.deliver;

import java.time.Duration;
import java.util.Map;

/**
 * What one delivery attempt of a batch achieved, as a sink reads its response.
 *
 * @param outcome    what to do next
 * @param delivered  events the sink acknowledged in this attempt
 * @param rejected   events rejected for good, by the sink's error type (never retried)
 * @param retryAfter the sink's {@code Retry-After}, or null
 * @param reason     why the attempt did not fully succeed (for diagnostics), or null
 * @param retryItems with {@link Outcome#RETRY}: the positions (in the request just sent) of the only
 *                   events to send again, the others being delivered or rejected; null to resend all
 * @param rejections the rejected events: position in the request and the sink's reason (may be empty
 *                   even when {@code rejected} is not, for sinks that cannot tell which)
 */
public record DeliveryResult(Outcome outcome, int delivered, Map<String, Integer> rejected, Duration retryAfter,
                             String reason, int[] retryItems, java.util.List<Rejection> rejections) {

    /** One event the sink rejected for good: its position in the request, and why. */
    public record Rejection(int position, String error) {
    }

    /** What the deliverer does with a batch after an attempt. */
    public enum Outcome {
        /** Done: every event is delivered or rejected. */
        DONE,
        /** Some or all events may succeed if sent again: {@code retryItems}, or all of them. */
        RETRY,
        /** The request itself failed for good (a 4xx other than 429): retrying cannot help. */
        FAILED,
        /** The request was too large for the sink (HTTP 413): send its events again in smaller requests. */
        TOO_LARGE
    }

    public DeliveryResult {
        rejected = Map.copyOf(rejected);
        rejections = rejections == null ? java.util.List.of() : java.util.List.copyOf(rejections);
    }

    public DeliveryResult(Outcome outcome, int delivered, Map<String, Integer> rejected, Duration retryAfter,
                          String reason) {
        this(outcome, delivered, rejected, retryAfter, reason, null, null);
    }

    /** This result with the details of its rejected events. */
    public DeliveryResult withRejections(java.util.List<Rejection> details) {
        return new DeliveryResult(outcome, delivered, rejected, retryAfter, reason, retryItems, details);
    }

    public static DeliveryResult done(int delivered, Map<String, Integer> rejected) {
        return new DeliveryResult(Outcome.DONE, delivered, rejected, null, null);
    }

    public static DeliveryResult retry(int delivered, Map<String, Integer> rejected, Duration retryAfter, String reason) {
        return new DeliveryResult(Outcome.RETRY, delivered, rejected, retryAfter, reason);
    }

    /** Some events are done; only those at {@code items} (positions in the request) are to be sent again. */
    public static DeliveryResult retryItems(int delivered, Map<String, Integer> rejected, int[] items,
                                            Duration retryAfter, String reason) {
        return new DeliveryResult(Outcome.RETRY, delivered, rejected, retryAfter, reason, items, null);
    }

    public static DeliveryResult tooLarge(String reason) {
        return new DeliveryResult(Outcome.TOO_LARGE, 0, Map.of(), null, reason, null, null);
    }

    public static DeliveryResult failed(String reason) {
        return new DeliveryResult(Outcome.FAILED, 0, Map.of(), null, reason);
    }

    public int rejectedCount() {
        return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }
}
