package dev.logship.log4j2;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The threads and shutdown-hook registrations of the pipelines of one appender name, {@code logship-<name>-<stage>[-n]},
 * for the leak checks. The hooks are read from the JDK's registry, which the tests' JVM opens
 * ({@code --add-opens java.base/java.lang=ALL-UNNAMED} in this module's surefire configuration).
 */
final class LogshipThreads {
    private LogshipThreads() {
    }

    /** Live threads of appender {@code name}, counted by stage ({@code encode}, {@code deliver}, {@code replay}, …). */
    static Map<String, Integer> live(String name) {
        Map<String, Integer> stages = new TreeMap<>();
        String prefix = "logship-" + name + "-";
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(prefix)) {
                stages.merge(thread.getName().substring(prefix.length()).replaceAll("-\\d+$", ""), 1, Integer::sum);
            }
        }
        return stages;
    }

    /** Names of the registered shutdown hooks of appender {@code name}. */
    static List<String> hooks(String name) {
        try {
            Class<?> registry = Class.forName("java.lang.ApplicationShutdownHooks");
            Field field = registry.getDeclaredField("hooks");
            field.setAccessible(true);
            List<String> names = new ArrayList<>();
            synchronized (registry) {
                Map<?, ?> hooks = (Map<?, ?>) field.get(null);
                for (Object hook : hooks.keySet()) {
                    String hookName = ((Thread) hook).getName();
                    if (hookName.startsWith("logship-" + name + "-")) {
                        names.add(hookName);
                    }
                }
            }
            return names;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the JVM's shutdown hooks; run the tests with "
                    + "--add-opens java.base/java.lang=ALL-UNNAMED", e);
        }
    }
}
