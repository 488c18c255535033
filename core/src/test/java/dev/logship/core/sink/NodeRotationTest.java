package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Round-robin with a cool-down, on a clock the test moves. */
class NodeRotationTest {
    private static final long COOL_DOWN = TimeUnit.MILLISECONDS.toNanos(NodeRotation.COOL_DOWN_MILLIS);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeRotation nodes = new NodeRotation(3, now::get);

    private List<Integer> picks(int count) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(nodes.pick());
        }
        return picked;
    }

    @Test
    void healthyNodesAreUsedInTurn() {
        assertThat(picks(6)).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void aFailedNodeIsSkippedDuringItsCoolDownAndUsedAgainAfterwards() {
        assertThat(picks(3)).containsExactly(0, 1, 2);
        nodes.failed(1);

        assertThat(picks(6)).containsExactly(0, 2, 2, 0, 2, 2);
        now.addAndGet(COOL_DOWN - 1);
        assertThat(picks(3)).containsExactly(0, 2, 2);

        now.addAndGet(1);
        assertThat(picks(6)).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void whenEveryNodeFailedTheTurnGoesOn() {
        nodes.failed(0);
        nodes.failed(1);
        nodes.failed(2);

        assertThat(picks(4)).containsExactly(0, 1, 2, 0);
    }
}
