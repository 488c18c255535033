package dev.logship.core.testkit;

import dev.logship.core.diag.Diagnostics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every diagnostic message, by severity; safe to read while logship's threads write. */
public final class RecordingDiagnostics implements Diagnostics {
    public final List<String> infos = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        warnings.add(message);
    }

    @Override
    public void error(String message, Throwable cause) {
        errors.add(message + (cause == null ? "" : " / " + cause));
    }
}
