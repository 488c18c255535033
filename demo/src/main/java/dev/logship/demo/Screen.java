package dev.logship.demo;

import dev.logship.core.diag.Diagnostics;
import java.io.PrintStream;

/** The console: lines, one progress line kept at the bottom on a terminal, and logship's own messages. */
final class Screen {
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private boolean progressShown;

    Screen(PrintStream out) {
        this.out = out;
    }

    boolean terminal() {
        return terminal;
    }

    synchronized void line(String text) {
        clearProgress();
        out.println(text);
        out.flush();
    }

    synchronized void progress(String text) {
        if (terminal) {
            out.print("\r\033[K" + text);
            progressShown = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    synchronized void endProgress() {
        if (progressShown) {
            out.println();
            progressShown = false;
        }
    }

    private void clearProgress() {
        if (progressShown) {
            out.print("\r\033[K");
            progressShown = false;
        }
    }

    Diagnostics diagnostics() {
        return new Diagnostics() {
            @Override public void info(String message) { line("  | " + message); }
            @Override public void warn(String message, Throwable cause) { line("  | " + message); }
            @Override public void error(String message, Throwable cause) {
                line("  | " + message + (cause == null ? "" : ": " + cause));
            }
        };
    }
}
