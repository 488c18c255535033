package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.logship.e2e.testkit.BulkReceiver;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What logship's own threads log (here HttpClient at DEBUG) is never shipped back into logship. */
class SelfLoggingIT {
    private BulkReceiver receiver;

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void eventsLoggedOnLogshipThreadsAreIgnoredNotShipped() throws Exception {
        receiver = new BulkReceiver();
        LogshipAppender appender = LogbackFixture.attach(receiver.url(), a -> { });
        LogbackFixture.context().getLogger("org.apache.hc").setLevel(Level.DEBUG);

        for (int i = 0; i < 100; i++) {
            LoggerFactory.getLogger("app").info("application event {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(receiver.documents()).hasSize(100);
        assertThat(receiver.documents().values()).allSatisfy(doc -> assertThat(doc).contains("\"log.logger\":\"app\""));
        assertThat(appender.metrics().ignoredInternal()).isPositive();
        assertThat(appender.metrics().received()).isEqualTo(100);
    }
}
