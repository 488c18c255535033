package dev.logship.core.deliver;

import java.time.Duration;

/**
 * A sink's HTTP answer: status, {@code Retry-After} (null when absent or unreadable), and the body
 * (cut at the sender's limit).
 */
public record HttpReply(int status, Duration retryAfter, byte[] body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** 429 and 5xx: the same request may succeed later. */
    public boolean isRetryable() {
        return status == 429 || status >= 500;
    }

    /** The start of the body as text, for messages. */
    public String bodyPreview() {
        int n = Math.min(body.length, 300);
        return new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }
}
