package dev.logship.core.spill;

import java.io.IOException;

/** The spill store cannot be used as configured; the message names the directory and what to do. */
public final class SpillException extends IOException {
    private static final long serialVersionUID = 1L;

    public SpillException(String message) {
        super(message);
    }

    public SpillException(String message, Throwable cause) {
        super(message, cause);
    }
}
