package dev.logship.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void optionsAreCheckedWithAClearMessage() {
        DemoOptions defaults = DemoOptions.parse();
        assertThat(defaults.events()).isEqualTo(30_000);
        assertThat(defaults.outage()).isEqualTo(Duration.ofSeconds(5));
        DemoOptions set = DemoOptions.parse("--events", "1,000", "--rate", "500", "--outage", "0", "--url",
                "http://localhost:9200", "--keep");
        assertThat(set).isEqualTo(new DemoOptions(1000, 500, Duration.ZERO, "http://localhost:9200", true));
        assertThat(set.loggingTime()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> DemoOptions.parse("--events", "-5")).hasMessageContaining("--events takes a whole number");
        assertThatThrownBy(() -> DemoOptions.parse("--outage", "soon")).hasMessageContaining("--outage");
        assertThatThrownBy(() -> DemoOptions.parse("--rate")).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--fast")).hasMessageContaining("unknown option '--fast'");
    }
}
