package dev.logship.e2e.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A child JVM that is an application on Log4j2's own all-async loggers: started with
 * {@code -Dlog4j2.contextSelector=…AsyncLoggerContextSelector} and {@code -Dlog4j2.configurationFile=…}, it logs
 * {@code threads × perThread} events ({@code w<worker>-<i>}), prints which Disruptor classes the async
 * loggers' thread (and logship's encode thread, when there is one) run on, then shuts Log4j2 down as an
 * application does and prints {@code stopped}.
 */
public final class AsyncLoggersChild {
    private AsyncLoggersChild() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int perThread = Integer.parseInt(args[1]);
        Logger log = LogManager.getLogger("app");
        System.out.println("context " + LogManager.getContext(false).getClass().getName());
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.info("w{}-{}", worker, i);
                }
            });
            producers.add(thread);
            thread.start();
        }
        for (Thread thread : producers) {
            thread.join();
        }
        disruptors();
        LogManager.shutdown(); // drains Log4j2's ring into the appenders, then stops them
        System.out.println("stopped");
        System.out.flush();
    }

    /** {@code disruptor <thread> <class> <jar>} for each thread whose stack runs a Disruptor class. */
    private static void disruptors() throws ClassNotFoundException {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : entry.getValue()) {
                if (frame.getClassName().contains(".disruptor.")) {
                    Class<?> type = Class.forName(frame.getClassName(), false, AsyncLoggersChild.class.getClassLoader());
                    System.out.println("disruptor " + entry.getKey().getName().replace(' ', '_') + " "
                            + type.getName() + " " + type.getProtectionDomain().getCodeSource().getLocation());
                    break;
                }
            }
        }
    }
}
