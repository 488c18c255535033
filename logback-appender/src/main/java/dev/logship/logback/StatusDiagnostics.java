package dev.logship.logback;

import ch.qos.logback.core.spi.ContextAwareBase;
import dev.logship.core.diag.Diagnostics;

/** logship's messages into Logback's status channel (never into a logger: no feedback loop). */
final class StatusDiagnostics implements Diagnostics {
    private final ContextAwareBase owner;

    StatusDiagnostics(ContextAwareBase owner) {
        this.owner = owner;
    }

    @Override
    public void info(String message) {
        owner.addInfo(message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        owner.addWarn(message, cause);
    }

    @Override
    public void error(String message, Throwable cause) {
        owner.addError(message, cause);
    }
}
