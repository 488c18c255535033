package dev.logship.core.spill;

import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.PipelineMetrics;
import java.nio.file.Path;

/**
 * Child-process main for {@link SpillStoreTest}: {@code <dir>} holds a store's lock until its stdin closes;
 * {@code <dir> probe} only tries to open the store and prints {@code opened} or {@code refused <message>}.
 */
public final class SpillLockHolder {
    private SpillLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("probe")) {
            try (SpillStore store = SpillStore.open(SpillSettings.in(Path.of(args[0])), new PipelineMetrics(),
                    Diagnostics.stderr())) {
                System.out.println("opened " + store.directory());
            } catch (SpillException e) {
                System.out.println("refused " + e.getMessage());
            }
            return;
        }
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
