package dev.logship.core.buffer;

/** One pre-allocated ring buffer entry: a reference to what the appender captured. */
final class Slot {
    Object captured;
}
