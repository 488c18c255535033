package dev.logship.core.spill;

import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.PipelineMetrics;
import java.nio.file.Path;

/** Child-process main for {@link SpillStoreTest}: holds a store's lock until its stdin closes. */
public final class SpillLockHolder {
    private SpillLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (SpillStore store = SpillStore.open(SpillSettings.in(Path.of(args[0])), new PipelineMetrics(),
                Diagnostics.stderr())) {
            System.out.println("locked " + store.directory());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock
            }
        }
    }
}
