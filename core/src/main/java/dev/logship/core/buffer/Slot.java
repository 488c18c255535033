package dev.logship.core.buffer;

/** One pre-allocated ring buffer entry: what the appender captured, and what it attached to it. */
final class Slot {
    Object captured;
    Object attachment;
}
