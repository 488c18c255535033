package dev.logship.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The demo in its short mode, as {@code ./demo --events 3000 --rate 1000 --outage 1s} runs it: a real OpenSearch
 * node started by the demo on loopback, the sink taken away for a second, and the summary's numbers checked.
 */
class DemoIT {

    @Test
    void everyEventLoggedDuringAnOutageIsInOpenSearchOnce() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = new Demo(DemoOptions.parse("--events", "3000", "--rate", "1000", "--outage", "1s"), out).run();
        }
        String summary = printed.toString(StandardCharsets.UTF_8);
        System.out.println(summary);

        assertThat(result.logged()).isEqualTo(3000);
        assertThat(result.delivered()).as("counted back from OpenSearch").isEqualTo(result.logged());
        assertThat(result.dropped()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.ok()).isTrue();
        assertThat(summary).contains("logged               3,000 events").contains("delivered            3,000")
                .contains("dropped              0").contains("log call latency     p50").contains("OK: every event");
    }
}
